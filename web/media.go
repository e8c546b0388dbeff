package web

// This file serves what runs produce and consume beside the socket: the data
// of download buttons, and files posted for file uploaders.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/session"
)

// media serves a file of the app's media store by its hash: a download
// (st.download_button's data) as an attachment, or a file the page shows
// (st.image, st.audio, st.video, st.pdf) inline, with Range requests
// answered (206 and Content-Range, so that a video seeks) and conditional
// ones by its ETag, the hash.
func (s *Server) media(w http.ResponseWriter, r *http.Request) error {
	hash := r.PathValue("hash")
	f, ok := s.sessions.App().Media.Lookup(hash)
	if !ok {
		return httpErr(http.StatusNotFound, "no such file (it may have been evicted: run the page again)")
	}
	if f.Inline {
		return serveInline(w, r, hash, f)
	}
	if d := r.Header.Get("Sec-Fetch-Dest"); loadDests[d] {
		// A download is fetched by a link, never loaded by the page as
		// code: that would make an app's data a script of this origin.
		return httpErr(http.StatusForbidden, "a download cannot be loaded as a "+d)
	}
	h := w.Header()
	h.Set("Content-Type", downloadType(f.Mime))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", cspDownload)
	h.Set("Cache-Control", "private, max-age=3600")
	name := f.Name
	if name == "" {
		name = "download"
	}
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Write(f.Data)
	return nil
}

// serveInline serves a file the page shows. Its type is one starlib
// checked (an image, audio, video, text/vtt subtitles, a PDF) and is
// checked again here: anything else is served as bytes. It is never
// sniffed (nosniff), and its Content-Security-Policy keeps it inert when
// opened by itself: no scripts (an SVG's stay dead), no plugins. Only a
// PDF may be framed (st.pdf), and only by the app's own pages; nothing
// inline may be loaded as a script, style sheet or worker.
func serveInline(w http.ResponseWriter, r *http.Request, hash string, f host.MediaFile) error {
	ctype := inlineType(f.Mime)
	dest := r.Header.Get("Sec-Fetch-Dest")
	if loadDests[dest] && !(ctype == "application/pdf" && (dest == "iframe" || dest == "frame" || dest == "embed" || dest == "object")) {
		return httpErr(http.StatusForbidden, "a "+ctype+" file cannot be loaded as a "+dest)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	if ctype == "application/pdf" {
		// A browser's PDF viewer refuses a sandboxed document; a PDF runs
		// no script of this origin, and only the app may frame it.
		h.Set("Content-Security-Policy", cspPDF)
	} else {
		h.Set("Content-Security-Policy", cspInline)
	}
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("ETag", `"`+hash+`"`)
	h.Set("Content-Disposition", "inline")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.Data))
	return nil
}

// component serves the HTML of st.components.v1.html by its hash, to be
// framed by the app's pages (sandbox="allow-scripts") and nothing else:
// its policy (cspComponent) sandboxes it into an opaque origin whoever
// loads it, and it is never loaded as a script, style sheet or worker.
func (s *Server) component(w http.ResponseWriter, r *http.Request) error {
	hash := r.PathValue("hash")
	f, ok := s.sessions.App().Media.Lookup(hash)
	if !ok || !f.Inline || f.Mime != "text/html" {
		return httpErr(http.StatusNotFound, "no such component (it may have been evicted: run the page again)")
	}
	if d := r.Header.Get("Sec-Fetch-Dest"); loadDests[d] && d != "iframe" && d != "frame" {
		return httpErr(http.StatusForbidden, "a component cannot be loaded as a "+d)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", cspComponent)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "private, max-age=3600")
	w.Write(f.Data)
	return nil
}

// inlineType is the Content-Type a file the page shows is served with: its
// type when it is an image, audio, video, subtitles or a PDF, else bytes.
func inlineType(ctype string) string {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		return "application/octet-stream"
	}
	switch {
	case host.InlineMediaType(mt):
		return mt
	}
	return "application/octet-stream"
}

// upload takes one file for a file_uploader widget of a session: the body
// is the file, X-File-Name its name (URI-encoded) and Content-Type its type.
// It answers {"token": ...}, which the browser sends as the widget's value.
//
// Everything that can refuse the file is checked before its body is read:
// the app's access (ServeHTTP), the origin, the session and its widget, the
// declared length against [limits] upload_bytes and what is left of
// upload_store_bytes, and a slot of the app's [limits] uploads. The body is
// then read once, within the limit, into the string the page will see.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) error {
	if !s.checkOrigin(r) {
		return errBadOrigin
	}
	q := r.URL.Query()
	token, widget := q.Get("session"), q.Get("widget")
	max := s.sessions.App().Limits().UploadBytes
	declared := r.ContentLength
	if declared > max {
		declared = -1 // refused below, as too large
	}
	if err := s.sessions.CheckUpload(token, widget, declared); err != nil {
		return uploadError(err)
	}
	if r.ContentLength > max {
		return errTooLarge
	}
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	default:
		return httpErr(http.StatusServiceUnavailable, fmt.Sprintf("the app is taking its limit of %d uploads at once: try again shortly", cap(s.uploads)),
			"Retry-After", "1")
	}
	data, err := readUpload(w, r, max)
	if err != nil {
		return err
	}
	name, err := url.PathUnescape(r.Header.Get("X-File-Name"))
	if err != nil || name == "" {
		name = "upload"
	}
	ctype := r.Header.Get("Content-Type")
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	tok, err := s.sessions.Upload(token, widget, name, ctype, data, max)
	if err != nil {
		return uploadError(err)
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(session.UploadReply{Token: tok})
}

var errTooLarge = httpErr(http.StatusRequestEntityTooLarge, "the file is larger than the app's upload limit")

func uploadError(err error) error {
	switch {
	case errors.Is(err, session.ErrNoSession):
		return httpErr(http.StatusNotFound, "no such session")
	case errors.Is(err, session.ErrUploadStore):
		return httpErr(http.StatusInsufficientStorage, err.Error())
	}
	return httpErr(http.StatusBadRequest, err.Error())
}

// uploadIdle is how long an upload's body may send nothing before the
// upload is dropped: a stalled client does not keep its upload slot.
const uploadIdle = 30 * time.Second

// readUpload reads r's body, at most max bytes, into a string allocated
// once: of the declared length, or, for a body of unknown length, of the
// length it turned out to have, the body spooled to a temporary file
// meanwhile. The limit is enforced while reading.
func readUpload(w http.ResponseWriter, r *http.Request, max int64) (string, error) {
	body := &idleReader{r: http.MaxBytesReader(w, r.Body, max+1), rc: http.NewResponseController(w)}
	var b strings.Builder
	if r.ContentLength >= 0 {
		b.Grow(int(r.ContentLength))
		n, err := io.Copy(&b, body)
		if err != nil {
			return "", readError(err)
		}
		if n != r.ContentLength {
			return "", httpErr(http.StatusBadRequest, "reading the upload: the body is shorter than its Content-Length")
		}
		return b.String(), nil
	}
	f, err := os.CreateTemp("", "stark-upload-")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	n, err := io.Copy(f, body)
	if err != nil {
		return "", readError(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	b.Grow(int(n))
	if _, err := io.Copy(&b, f); err != nil {
		return "", err
	}
	return b.String(), nil
}

func readError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errTooLarge
	}
	return httpErr(http.StatusBadRequest, "reading the upload: "+err.Error())
}

// idleReader reads a request body, giving each read [uploadIdle] to
// return.
type idleReader struct {
	r  io.Reader
	rc *http.ResponseController
}

func (r *idleReader) Read(p []byte) (int, error) {
	r.rc.SetReadDeadline(time.Now().Add(uploadIdle))
	return r.r.Read(p)
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
