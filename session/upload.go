package session

// This file defines uploads: files a browser posts for a file_uploader
// widget, held by the session until the widget's value names them.

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"go.starlark.net/starlark"
)

// Limits of the files a session holds for its uploaders.
const (
	maxUploadsPerSession = 64
)

// An upload is a file posted by the browser. Its data is a string, read
// once from the request: every run that reads it shares it.
type upload struct {
	name, mime string
	data       string
}

// ErrNoSession is returned for a token that names no live session.
var ErrNoSession = errors.New("no such session")

// CheckUpload reports whether a file may be posted for widget of session
// token: [ErrNoSession], or an error when the widget is not a
// file_uploader of the session's page. Callers check before they read the
// file, and [Manager.Upload] checks again.
func (m *Manager) CheckUpload(session, widget string) error {
	_, err := m.uploader(session, widget)
	return err
}

func (m *Manager) uploader(session, widget string) (*Session, error) {
	m.mu.Lock()
	s := m.sessions[session]
	m.mu.Unlock()
	if s == nil {
		return nil, ErrNoSession
	}
	w := s.state.Widget(widget)
	if w == nil || w.Kind != "file_uploader" {
		return nil, fmt.Errorf("widget %q is not a file_uploader of the page", widget)
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.uploads == nil {
		s.uploads = map[string]*upload{}
	}
	if len(s.uploads) >= maxUploadsPerSession {
		// Drop one not named by a widget value: the oldest is not known, any will do.
		for k := range s.uploads {
			delete(s.uploads, k)
			break
		}
	}
	s.uploads[tok] = &upload{name: name, mime: mime, data: data}
	return tok, nil
}

// resolveUploads turns the upload tokens a browser sends for a file_uploader
// into the files the page sees: a list of dicts {name, type, size, data}.
func (s *Session) resolveUploads(v starlark.Value) (starlark.Value, error) {
	l, ok := v.(*starlark.List)
	if !ok {
		if v == starlark.None {
			return starlark.NewList(nil), nil
		}
		return nil, fmt.Errorf("got %s, want a list of upload tokens", v.Type())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	files := make([]starlark.Value, 0, l.Len())
	for i := 0; i < l.Len(); i++ {
		tok, ok := starlark.AsString(l.Index(i))
		up := s.uploads[tok]
		if !ok || up == nil {
			return nil, fmt.Errorf("unknown upload token %s", l.Index(i))
		}
		d := starlark.NewDict(4)
		d.SetKey(starlark.String("name"), starlark.String(up.name))
		d.SetKey(starlark.String("type"), starlark.String(up.mime))
		d.SetKey(starlark.String("size"), starlark.MakeInt(len(up.data)))
		d.SetKey(starlark.String("data"), starlark.Bytes(up.data))
		files = append(files, d)
	}
	return starlark.NewList(files), nil
}
