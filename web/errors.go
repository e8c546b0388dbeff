package web

// This file is web's one error path, as tailscale's tsweb has it: handlers
// return errors; [handler] turns them into responses, in one place. An
// [httpError] is meant for the client: a status, a message safe to show and
// the headers that go with it. Any other error is internal: it is logged
// once, with the request's path, and the client sees "internal error".

import (
	"errors"
	"log/slog"
	"net/http"
	"slices"
)

// An httpError is an error meant for the client.
type httpError struct {
	status int
	msg    string      // safe to show: no paths, no internal detail
	header http.Header // set with the error (WWW-Authenticate, Retry-After)
}

func (e *httpError) Error() string { return e.msg }

// httpErr returns an error for the client; header is pairs of names and
// values.
func httpErr(status int, msg string, header ...string) *httpError {
	e := &httpError{status: status, msg: msg}
	if len(header) > 0 {
		e.header = http.Header{}
		for i := 0; i+1 < len(header); i += 2 {
			e.header.Set(header[i], header[i+1])
		}
	}
	return e
}

var (
	errNotFound   = httpErr(http.StatusNotFound, "not found")
	errNoApp      = httpErr(http.StatusNotFound, "404 page not found") // http.NotFound's words
	errBadOrigin  = httpErr(http.StatusForbidden, "origin not allowed")
	errInternal   = httpErr(http.StatusInternalServerError, "internal error")
	errNotAllowed = httpErr(http.StatusMethodNotAllowed, "method not allowed")
)

// handler turns a handler that returns an error into an http.Handler that
// writes the error with [writeError].
func handler(log *slog.Logger, h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeError(w, r, log, err)
		}
	})
}

// writeError answers a request with err: an httpError as it says (its
// headers, its status, its message as plain text), anything else logged
// and answered 500.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var he *httpError
	if !errors.As(err, &he) {
		log.Error("http", "path", r.URL.Path, "err", err)
		he = errInternal
	}
	h := w.Header()
	for k, vs := range he.header {
		h[k] = slices.Clone(vs) // the error may be a shared value
	}
	http.Error(w, he.msg, he.status)
}

// The Content-Security-Policy of each kind of response stark writes itself.
const (
	// cspShell: the app shell runs the bundle of web/static only; images,
	// audio and video come from the app (its media store) or from an http
	// or https URL a page gave (st.image, st.video, markdown), as
	// Streamlit's do; frames from the app (st.pdf, st.components.v1.html)
	// or an http or https URL (st.components.v1.iframe), always sandboxed
	// by the front end without allow-same-origin; the socket is the
	// page's own.
	cspShell = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: http: https:; media-src 'self' http: https:; frame-src 'self' http: https:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
	// cspForm: the login and logout forms, which post to their own origin.
	cspForm = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'"
	// cspIndex: the list of apps of `stark serve`, links only.
	cspIndex = "default-src 'none'; base-uri 'none'; frame-ancestors 'self'"
	// cspDownload: data a run produced, never run as a page of this origin.
	cspDownload = "sandbox"
	// cspGraphvizWorker: the Worker script of st.graphviz_chart, the one
	// response allowed to compile WebAssembly (Graphviz's layout engine).
	// A dedicated Worker is governed by its own script's policy, so the
	// document's cspShell stays without 'wasm-unsafe-eval'; the Worker
	// fetches nothing (its WebAssembly is inlined in the script).
	cspGraphvizWorker = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; base-uri 'none'"
	// cspInline: an image, audio, video or subtitles the page shows, when
	// opened by itself: no scripts (an SVG's included), nothing loaded,
	// styles of its own only (an SVG's), never framed by another site.
	cspInline = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; media-src 'self'; sandbox; frame-ancestors 'self'"
	// cspComponent: the HTML of st.components.v1.html. The sandbox
	// directive (scripts allowed, never allow-same-origin) gives it an
	// opaque origin even when opened by itself, so its scripts reach
	// neither the app's pages, nor its socket, nor its cookies; it
	// connects nowhere (fetch, XHR, WebSocket), submits no forms, and only
	// the app's pages frame it. Scripts, styles, images and fonts inline or
	// from https, as a component's libraries are.
	cspComponent = "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' https:; style-src 'unsafe-inline' https:; img-src data: blob: https:; font-src data: https:; media-src data: blob: https:; connect-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'self'"
	// cspPDF: a PDF of st.pdf, framed by the app's pages only. Not
	// sandboxed: browsers' PDF viewers refuse to show a sandboxed PDF.
	cspPDF = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
)

// htmlHeaders sets the headers of an HTML page stark writes: its type, its
// caching, no sniffing and its Content-Security-Policy.
func htmlHeaders(h http.Header, cache, csp string) {
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", cache)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", csp)
}
