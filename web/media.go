package web

// This file serves what runs produce and consume beside the socket: the data
// of download buttons, and files posted for file uploaders.

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/stark-dev/stark/session"
)

// media serves the data a download_button of a run stored, by its content
// hash, as an attachment.
func (s *Server) media(w http.ResponseWriter, r *http.Request) error {
	data, ctype, name, ok := s.sessions.App().Media.Get(r.PathValue("hash"))
	if !ok {
		return &httpError{http.StatusNotFound, "no such download (it may have been evicted: run the page again)"}
	}
	if d := r.Header.Get("Sec-Fetch-Dest"); loadDests[d] {
		// A download is fetched by a link, never loaded by the page as
		// code: that would make an app's data a script of this origin.
		return &httpError{http.StatusForbidden, "a download cannot be loaded as a " + d}
	}
	h := w.Header()
	h.Set("Content-Type", downloadType(ctype))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Cache-Control", "private, max-age=3600")
	if name == "" {
		name = "download"
	}
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Write(data)
	return nil
}

// upload takes one file for a file_uploader widget of a session: the body
// is the file, X-File-Name its name (URI-encoded) and Content-Type its type.
// It answers {"token": ...}, which the browser sends as the widget's value.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) error {
	if !s.checkOrigin(r) {
		return &httpError{http.StatusForbidden, "origin not allowed"}
	}
	max := s.sessions.App().Limits().UploadBytes
	body := http.MaxBytesReader(w, r.Body, max+1)
	data, err := io.ReadAll(body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || int64(len(data)) > max {
		return &httpError{http.StatusRequestEntityTooLarge, "the file is larger than the app's upload limit"}
	}
	if err != nil {
		return &httpError{http.StatusBadRequest, "reading the upload: " + err.Error()}
	}
	name, err := url.PathUnescape(r.Header.Get("X-File-Name"))
	if err != nil || name == "" {
		name = "upload"
	}
	ctype := r.Header.Get("Content-Type")
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	q := r.URL.Query()
	tok, err := s.sessions.Upload(q.Get("session"), q.Get("widget"), name, ctype, data, max)
	switch {
	case errors.Is(err, session.ErrNoSession):
		return &httpError{http.StatusNotFound, "no such session"}
	case err != nil:
		return &httpError{http.StatusBadRequest, err.Error()}
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(map[string]string{"token": tok})
}

// loadDests are the Sec-Fetch-Dest values of requests that would run or
// apply what they fetch.
var loadDests = map[string]bool{
	"script": true, "style": true, "worker": true, "sharedworker": true, "serviceworker": true,
	"audioworklet": true, "paintworklet": true, "iframe": true, "frame": true, "embed": true, "object": true,
}

// downloadType is the Content-Type a download is served with: the type the
// page gave, unless a browser could run it as code of this origin (scripts,
// style sheets, WebAssembly), which is served as bytes.
func downloadType(ctype string) string {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil || ctype == "" {
		return "application/octet-stream"
	}
	switch {
	case strings.Contains(mt, "javascript"), strings.Contains(mt, "ecmascript"), strings.HasSuffix(mt, "jscript"),
		mt == "text/css", mt == "application/wasm", strings.HasSuffix(mt, "livescript"):
		return "application/octet-stream"
	}
	return ctype
}
