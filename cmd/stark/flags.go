package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/stark-dev/stark/web"
)

// serverFlags are the flags that `stark run` and `stark serve` share.
type serverFlags struct {
	addr, origins       *string
	noWatch, trustProxy *bool
	allowPrivateOIDC    *bool
	grace               *time.Duration
	runGrace            *time.Duration
}

func addServerFlags(fs *flag.FlagSet, watched string) *serverFlags {
	return &serverFlags{
		addr:             fs.String("addr", "127.0.0.1:8501", "address to listen on"),
		noWatch:          fs.Bool("no-watch", false, "do not watch "+watched+" for changes"),
		origins:          fs.String("allow-origins", "", "comma-separated origins, besides the server's own, that may open sockets"),
		grace:            fs.Duration("grace", 2*time.Minute, "how long a disconnected session is kept for a reconnect"),
		runGrace:         fs.Duration("run-grace", 5*time.Second, "how long the run of a session without a browser goes on before it is cancelled"),
		trustProxy:       fs.Bool("trust-proxy", false, "believe X-Forwarded-Proto and X-Forwarded-For (only behind a proxy that sets them)"),
		allowPrivateOIDC: fs.Bool("allow-private-oidc", false, "let the server reach sign-in providers ([auth]) on loopback and private addresses"),
	}
}

// options returns the server options the flags and STARK_SECRET give.
func (f *serverFlags) options(log *slog.Logger) (web.Options, error) {
	var allowed []string
	if *f.origins != "" {
		allowed = strings.Split(*f.origins, ",")
	}
	secret, err := web.ParseSecret(os.Getenv("STARK_SECRET"))
	if err != nil {
		return web.Options{}, fmt.Errorf("STARK_SECRET: %v", err)
	}
	return web.Options{AllowedOrigins: allowed, Grace: *f.grace, RunGrace: *f.runGrace, Logger: log, Secret: secret, TrustProxy: *f.trustProxy, AllowPrivateOIDC: *f.allowPrivateOIDC}, nil
}

// serveUntil serves hs on ln until ctx is done or serving fails. Then it
// calls stop (which ends the sessions, closing their sockets with "going
// away") and shuts hs down, waiting up to 5 seconds for its requests.
func serveUntil(ctx context.Context, hs *http.Server, ln net.Listener, stop func()) error {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	stop()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	return nil
}
