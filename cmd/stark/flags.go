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

	"github.com/stark-dev/stark/replica"
	"github.com/stark-dev/stark/web"
)

// serverFlags are the flags that `stark run` and `stark serve` share.
type serverFlags struct {
	addr, origins       *string
	noWatch, trustProxy *bool
	allowPrivateOIDC    *bool
	grace               *time.Duration
	runGrace            *time.Duration
	redis, redisNS      *string
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
		redis:            fs.String("redis", "", "redis://HOST:PORT/DB (rediss:// for TLS): share cache_data and checkpoint sessions with the other replicas (docs/replicas.md)"),
		redisNS:          fs.String("redis-namespace", "stark", "the prefix of this deployment's Redis keys"),
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
	opts := web.Options{AllowedOrigins: allowed, Grace: *f.grace, RunGrace: *f.runGrace, Logger: log, Secret: secret, TrustProxy: *f.trustProxy, AllowPrivateOIDC: *f.allowPrivateOIDC}
	if opts.Replicas, err = openRedis(*f.redis, *f.redisNS, log); err != nil {
		return web.Options{}, err
	}
	return opts, nil
}

// openRedis connects to the deployment's Redis, or returns nil for url "".
// Redis need not be up: the replica serves from its own memory meanwhile.
func openRedis(url, ns string, log *slog.Logger) (web.Replicas, error) {
	if url == "" {
		return nil, nil
	}
	r, err := replica.Open(url, replica.Options{Namespace: ns, Logger: log, Lease: redisLease()})
	if err != nil {
		return nil, err
	}
	if err := r.Ping(); err != nil {
		log.Warn("redis not reachable yet; serving from this replica's memory until it is", "err", err)
	}
	return r, nil
}

// redisLease is the lease of shared cache entries: STARK_REDIS_LEASE (a
// duration) or host.DefaultLease.
func redisLease() time.Duration {
	d, _ := time.ParseDuration(os.Getenv("STARK_REDIS_LEASE"))
	return d
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
