package host

// This file defines the media store: data a run produced for the browser to
// fetch by URL: st.download_button's files, and the images, audio, video,
// subtitles and PDFs the page shows (st.image, st.audio, st.video, st.logo,
// st.pdf).

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
)

// DefaultMediaBytes bounds an app's media store when no bound is given.
const DefaultMediaBytes = 64 << 20

// Media holds files by the hash of their content, bounded by bytes: past the
// bound the least recently used files are evicted. A file costs its data,
// its MIME type and file name, and [MediaEntryOverhead]. Pages put the same data
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
	size       int64 // what it is counted as: see entrySize
	inline     bool  // shown by the page (PutInline), not downloaded
}

// MediaFile is a file of the store as [Media.Lookup] returns it. Data is
// shared: the caller must not modify it.
type MediaFile struct {
	Data       []byte
	Mime, Name string
	// Inline: the page shows the file (an image, audio, video, subtitles,
	// a PDF), put by [Media.PutInline]; otherwise it is a download.
	Inline bool
}

// MediaEntryOverhead is what a file costs besides its data, type and
// name: the entry, its hash, its list element and its map slot (measured
// on 64-bit platforms, rounded up). Without it, many tiny files would hold
// far more than the bound says.
const MediaEntryOverhead = 256

// entrySize is what a file of data, mime and name counts against the bound.
func entrySize(data []byte, mime, name string) int64 {
	return int64(len(data)+len(mime)+len(name)) + MediaEntryOverhead
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

// Max returns the store's bound in bytes. A file whose data, type, name
// and [MediaEntryOverhead] together are larger than it cannot be stored.
func (m *Media) Max() int64 { return m.max }

// Put stores data with its MIME type and file name and returns its hash.
// Storing data already held refreshes it and replaces its type and name.
// A file larger than [Media.Max] is not stored (Get will not find it);
// callers check the size first. Put keeps data: the caller must not modify it.
func (m *Media) Put(data []byte, mime, name string) (hash string) {
	hash = MediaHash(data)
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.files[hash]; ok {
		f := e.Value.(*mediaFile)
		size := entrySize(f.data, mime, name)
		if size > m.max {
			m.remove(e)
			return hash
		}
		m.used += size - f.size
		f.mime, f.name, f.size = mime, name, size
		m.lru.MoveToFront(e)
		m.evict()
		return hash
	}
	size := entrySize(data, mime, name)
	if size > m.max {
		return hash
	}
	e := m.lru.PushFront(&mediaFile{hash: hash, data: data, mime: mime, name: name, size: size})
	m.files[hash] = e
	m.used += size
	m.evict()
	return hash
}

// evict drops the least recently used files while the store is past its
// bound; m.mu is held. The file just put, at the front and no larger than
// the bound, stays.
func (m *Media) evict() {
	for m.used > m.max {
		m.remove(m.lru.Back())
	}
}

// remove drops the file of e; m.mu is held.
func (m *Media) remove(e *list.Element) {
	f := e.Value.(*mediaFile)
	m.lru.Remove(e)
	delete(m.files, f.hash)
	m.used -= f.size
}

// PutInline stores data that the page shows (an image, a video...) with
// its MIME type, which the caller has checked is one a browser shows
// rather than runs, and returns its name. The name is the hash of the
// type and the data together, so the same bytes as a download and as an
// image are two files and one never takes the other's type. It counts
// against the bound as [Media.Put] does.
func (m *Media) PutInline(data []byte, mime string) (hash string) {
	h := sha256.New()
	h.Write([]byte("inline\x00" + mime + "\x00"))
	h.Write(data)
	hash = hex.EncodeToString(h.Sum(nil)[:16])
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.files[hash]; ok {
		m.lru.MoveToFront(e)
		return hash
	}
	size := entrySize(data, mime, "")
	if size > m.max {
		return hash
	}
	e := m.lru.PushFront(&mediaFile{hash: hash, data: data, mime: mime, size: size, inline: true})
	m.files[hash] = e
	m.used += size
	m.evict()
	return hash
}

// Lookup returns the file stored under hash.
func (m *Media) Lookup(hash string) (MediaFile, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.files[hash]
	if !ok {
		return MediaFile{}, false
	}
	m.lru.MoveToFront(e)
	f := e.Value.(*mediaFile)
	return MediaFile{Data: f.data, Mime: f.mime, Name: f.name, Inline: f.inline}, true
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

// Bytes returns what the store's files count against its bound: their
// data, types and names, and [MediaEntryOverhead] each.
func (m *Media) Bytes() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.used
}

// InlineMediaType reports whether a file of MIME type mt (without
// parameters, lower case) may be shown by a page: an image, audio, video,
// WebVTT subtitles or a PDF. Types a browser would run as code of the
// app's origin (HTML, XML documents other than SVG, scripts, style sheets)
// are not among them; an SVG is shown only as an image, where its scripts
// never run.
func InlineMediaType(mt string) bool {
	switch mt {
	case "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
		"image/svg+xml", "image/x-icon", "image/vnd.microsoft.icon",
		"application/pdf", "text/vtt", "application/ogg":
		return true
	}
	if rest, ok := strings.CutPrefix(mt, "audio/"); ok {
		return rest != "" && !strings.ContainsAny(rest, "/;")
	}
	if rest, ok := strings.CutPrefix(mt, "video/"); ok {
		return rest != "" && !strings.ContainsAny(rest, "/;")
	}
	return false
}
