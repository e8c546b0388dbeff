package web

// This file defines the HTTP servers stark starts: one set of timeouts for
// every listener, so that no connection is held for nothing.

import (
	"net"
	"net/http"
	"time"
)

// Timeouts of every HTTP server stark starts (see [HTTPServer]).
const (
	// ReadHeaderTimeout bounds how long a client may take to send a
	// request's headers.
	ReadHeaderTimeout = 10 * time.Second
	// IdleTimeout bounds how long a keep-alive connection may wait for its
	// next request; past it the server closes it. WebSockets, taken over
	// from the server, are kept alive by their own pings instead.
	IdleTimeout = 60 * time.Second
	// MaxHeaderBytes bounds a request's headers.
	MaxHeaderBytes = 64 << 10
)

// HTTPServer returns the server stark serves h with: every http.Server of
// stark (run, serve, workers, pprof) is made here, so that each has the
// timeouts above.
func HTTPServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: ReadHeaderTimeout, IdleTimeout: IdleTimeout, MaxHeaderBytes: MaxHeaderBytes}
}

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }
