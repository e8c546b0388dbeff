package session

// This file defines uploads: files a browser posts for a widget that takes
// files ([host.Widget] Files: st.file_uploader), held by the session until
// the widget's value names them.

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// Limits of the files a session holds for its uploaders. The bytes the
// files of all the app's sessions hold are bounded by [limits]
// upload_store_bytes.
const (
	maxUploadsPerSession = 64
	// uploadOverhead is what a held file costs besides its data, name and
	// type: its entry and map slot, rounded up.
	uploadOverhead = 256
)

// An upload is a file posted by the browser. Its data is a string, read
// once from the request: every run that reads it shares it.
type upload struct {
	name, mime string
	data       string
	seq        uint64 // the order of the session's uploads: older first
	size       int64  // what it counts against upload_store_bytes
}

// ErrNoSession is returned for a token that names no live session.
var ErrNoSession = errors.New("no such session")

// ErrUploadStore is returned for a file that does not fit in what is left
// of the app's [limits] upload_store_bytes, once the session has dropped
// its own files.
var ErrUploadStore = errors.New("the app's sessions hold their limit of uploaded files ([limits] upload_store_bytes); try again later")

// uploadSize is what a file counts against upload_store_bytes.
func uploadSize(data int64, name, mime string) int64 {
	return data + int64(len(name)+len(mime)) + uploadOverhead
}

// CheckUpload reports whether a file of size bytes (-1: not known yet) may
// be posted for widget of session token: [ErrNoSession], an error when the
// widget of the session's page takes no files, or [ErrUploadStore]
// when the file cannot fit in the app's upload store even once the session
// has dropped its own files. Callers check before they read the file, and
// [Manager.Upload] checks again.
func (m *Manager) CheckUpload(session, widget string, size int64) error {
	s, err := m.uploader(session, widget)
	if err != nil {
		return err
	}
	if size < 0 {
		return nil
	}
	s.mu.Lock()
	var own int64
	for _, up := range s.uploads {
		own += up.size
	}
	s.mu.Unlock()
	if uploadSize(size, "", "") > m.uploadMax()-m.upBytes.Load()+own {
		return ErrUploadStore
	}
	return nil
}

// uploadMax is the app's upload_store_bytes.
func (m *Manager) uploadMax() int64 { return m.app.Limits().UploadStoreBytes }

// reserveUpload counts size against the app's upload store, dropping the
// oldest files of s to make room; s.mu is held.
func (s *Session) reserveUpload(size int64) bool {
	m := s.m
	for {
		cur := m.upBytes.Load()
		if cur+size <= m.uploadMax() {
			if m.upBytes.CompareAndSwap(cur, cur+size) {
				return true
			}
			continue
		}
		if !s.dropOldestUpload() {
			return false
		}
	}
}

// dropOldestUpload forgets the session's oldest file; s.mu is held.
func (s *Session) dropOldestUpload() bool {
	var oldest string
	for tok, up := range s.uploads {
		if oldest == "" || up.seq < s.uploads[oldest].seq {
			oldest = tok
		}
	}
	if oldest == "" {
		return false
	}
	s.m.upBytes.Add(-s.uploads[oldest].size)
	delete(s.uploads, oldest)
	return true
}

// releaseUploads forgets every file of the session (it has ended).
func (s *Session) releaseUploads() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok, up := range s.uploads {
		s.m.upBytes.Add(-up.size)
		delete(s.uploads, tok)
	}
}

func (m *Manager) uploader(session, widget string) (*Session, error) {
	m.mu.Lock()
	s := m.sessions[session]
	m.mu.Unlock()
	if s == nil {
		return nil, ErrNoSession
	}
	w := s.state.Widget(widget)
	if w == nil || w.Files == nil {
		return nil, fmt.Errorf("widget %q takes no files: it is not a file_uploader of the page", widget)
	}
	return s, nil
}

// Upload stores a file posted for a widget of session token and returns the
// upload's token, which the browser then sends as the widget's value. max
// bounds the file's size (the app's upload limit).
func (m *Manager) Upload(session, widget, name, mime string, data string, max int64) (string, error) {
	s, err := m.uploader(session, widget)
	if err != nil {
		return "", err
	}
	if max > 0 && int64(len(data)) > max {
		return "", fmt.Errorf("file %q is %d bytes, larger than the upload limit of %d bytes", name, len(data), max)
	}
	var b [12]byte
	rand.Read(b[:])
	tok := "up-" + hex.EncodeToString(b[:])
	size := uploadSize(int64(len(data)), name, mime)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", ErrNoSession
	}
	if s.uploads == nil {
		s.uploads = map[string]*upload{}
	}
	if len(s.uploads) >= maxUploadsPerSession {
		s.dropOldestUpload()
	}
	if !s.reserveUpload(size) {
		return "", ErrUploadStore
	}
	s.upSeq++
	s.uploads[tok] = &upload{name: name, mime: mime, data: data, seq: s.upSeq, size: size}
	return tok, nil
}

// upload returns the file of an upload token, for [host.Widget] Files.
func (s *Session) upload(token string) (host.Upload, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	up := s.uploads[token]
	if up == nil {
		return host.Upload{}, false
	}
	return host.Upload{Name: up.name, Type: up.mime, Data: up.data}, true
}

// fromWire turns a value a browser sends for widget id into the value the
// widget takes: the files it names, for a widget that takes files.
func (s *Session) fromWire(id string, v starlark.Value) (starlark.Value, error) {
	if w := s.state.Widget(id); w != nil && w.Files != nil {
		return w.Files(v, s.upload)
	}
	return v, nil
}

// FromWire turns a value as a browser sends it for widget id (a
// file_uploader's upload tokens) into the value the widget takes, as a
// widget message from the browser is turned. The headless harness calls it.
func (s *Session) FromWire(id string, v starlark.Value) (starlark.Value, error) {
	return s.fromWire(id, v)
}
