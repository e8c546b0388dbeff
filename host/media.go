package host

// This file defines the media store: data a run produced for the browser to
// fetch by URL (st.download_button's files).

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// DefaultMediaBytes bounds an app's media store when no bound is given.
const DefaultMediaBytes = 64 << 20

// Media holds files by the hash of their content, bounded by bytes: past the
// bound the least recently used files are evicted. Pages put the same data
// on every run, so a file is stored once and its URL is stable across runs;
// a file evicted while a browser still shows its button is simply put again
// by the next run. Media is safe for concurrent use.
type Media struct {
	mu    sync.Mutex
	max   int64
	used  int64
	lru   *list.List // of *mediaFile, most recent first
	files map[string]*list.Element
}

type mediaFile struct {
	hash       string
	data       []byte
	mime, name string
}

// NewMedia returns an empty store of at most maxBytes bytes of data
// (DefaultMediaBytes when maxBytes <= 0).
func NewMedia(maxBytes int64) *Media {
	if maxBytes <= 0 {
		maxBytes = DefaultMediaBytes
	}
	return &Media{max: maxBytes, lru: list.New(), files: make(map[string]*list.Element)}
}

// MediaHash returns the name data is stored under: the first 32 hex digits
// of its SHA-256.
func MediaHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// Max returns the store's bound in bytes. Data larger than it cannot be
// stored.
func (m *Media) Max() int64 { return m.max }

// Put stores data with its MIME type and file name and returns its hash.
// Storing data already held refreshes it and replaces its type and name.
// Data larger than [Media.Max] is not stored (Get will not find it); callers
// check the size first. Put keeps data: the caller must not modify it.
func (m *Media) Put(data []byte, mime, name string) (hash string) {
	hash = MediaHash(data)
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.files[hash]; ok {
		f := e.Value.(*mediaFile)
		f.mime, f.name = mime, name
		m.lru.MoveToFront(e)
		return hash
	}
	size := int64(len(data))
	if size > m.max {
		return hash
	}
	for m.used+size > m.max {
		last := m.lru.Back()
		f := last.Value.(*mediaFile)
		m.lru.Remove(last)
		delete(m.files, f.hash)
		m.used -= int64(len(f.data))
	}
	m.files[hash] = m.lru.PushFront(&mediaFile{hash: hash, data: data, mime: mime, name: name})
	m.used += size
	return hash
}

// Get returns the data stored under hash with its MIME type and file name.
// The data is shared: the caller must not modify it.
func (m *Media) Get(hash string) (data []byte, mime, name string, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.files[hash]
	if !ok {
		return nil, "", "", false
	}
	m.lru.MoveToFront(e)
	f := e.Value.(*mediaFile)
	return f.data, f.mime, f.name, true
}

// Bytes returns the bytes of data the store holds.
func (m *Media) Bytes() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.used
}
