package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"

	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

// workerHeadroom is the address space a worker may use beyond its app's
// [limits] memory: the runtime's own structures and the stacks of its
// operating-system threads, which are address space but little memory.
const workerHeadroom = 256 << 20

// worker serves one app of `stark serve --isolate=process` on a Unix
// socket (docs/serve.md): the server process starts it, proxies the app's
// URLs to it, and starts it again when it dies. It is not meant to be
// started by hand.
func worker(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "the app's name: it is served under /NAME/")
	dir := fs.String("dir", "", "the app's directory")
	sock := fs.String("socket", "", "the Unix socket to serve on")
	notice := fs.String("notice", "", "why the worker was restarted, for the browsers that come back")
	grace := fs.Duration("grace", 2*time.Minute, "how long a disconnected session is kept for a reconnect")
	runGrace := fs.Duration("run-grace", 5*time.Second, "how long the run of a session without a browser goes on")
	origins := fs.String("allow-origins", "", "comma-separated origins, besides the server's own, that may open sockets")
	noWatch := fs.Bool("no-watch", false, "do not watch the app's pages for changes")
	allowPrivateOIDC := fs.Bool("allow-private-oidc", false, "let the server reach sign-in providers on loopback and private addresses")
	redisURL := fs.String("redis", "", "the deployment's Redis (see stark serve --redis)")
	redisNS := fs.String("redis-namespace", "stark", "the prefix of the deployment's Redis keys")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *name == "" || *dir == "" || *sock == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: stark worker --name NAME --dir DIR --socket PATH (started by stark serve --isolate=process)")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil)).With("app", *name, "worker", os.Getpid())
	cfg, err := config.LoadApp(*dir, *name)
	if err != nil {
		fmt.Fprintf(stderr, "stark worker: %v\n", err)
		return 2
	}
	opts := cfg.Options(starlib.Options(host.Limits{}))
	opts.Logger = log
	if opts.Limits.Runs == 0 {
		// A worker holds one app, but the machine holds the server's
		// other workers: as in a process of several apps, one core is left
		// to them (docs/bench.md, "Fairness").
		opts.Limits.Runs = host.SharedRuns()
	}
	memory := opts.Limits.Memory
	if memory == 0 {
		memory = host.DefaultMemory
	}
	tuneGC()
	// The collector works harder as the heap nears the app's limit, the
	// heap guard cancels the runs that cross it, and the operating system
	// stops the process where an allocation is too fast for either.
	debug.SetMemoryLimit(memory)
	if limit, err := limitAddressSpace(memory + workerHeadroom); err != nil {
		log.Warn("worker without an operating-system memory limit", "err", err)
	} else {
		log.Debug("worker memory limit", "memory_bytes", memory, "address_space_bytes", limit)
	}
	app, err := host.NewApp(*dir, opts)
	if err != nil {
		fmt.Fprintf(stderr, "stark worker: %v\n", err)
		return 2
	}
	defer app.Close()
	secret, err := web.ParseSecret(os.Getenv("STARK_SECRET"))
	if err != nil {
		fmt.Fprintf(stderr, "stark worker: STARK_SECRET: %v\n", err)
		return 2
	}
	reg := prometheus.NewRegistry()
	prometheus.WrapRegistererWith(prometheus.Labels{"app": *name}, reg).MustRegister(
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{Namespace: "stark_worker"}))
	var allowed []string
	if *origins != "" {
		allowed = strings.Split(*origins, ",")
	}
	replicas, err := openRedis(*redisURL, *redisNS, log)
	if err != nil {
		fmt.Fprintf(stderr, "stark worker: %v\n", err)
		return 2
	}
	srv, err := web.New(app, web.Options{
		Replicas: replicas,
		Base:     "/" + *name, Name: *name, Registry: reg, Logger: log,
		Access: webAccess(cfg), Secret: secret, Grace: *grace, RunGrace: *runGrace, AllowedOrigins: allowed,
		TrustProxy:   true, // only the server process reaches the socket, and it sets X-Forwarded-*
		ResumeNotice: *notice, AllowPrivateOIDC: *allowPrivateOIDC,
	})
	if err != nil {
		fmt.Fprintf(stderr, "stark worker: %v\n", err)
		return 1
	}
	os.Remove(*sock)
	ln, err := net.Listen("unix", *sock)
	if err != nil {
		fmt.Fprintf(stderr, "stark worker: %v\n", err)
		return 1
	}
	hs := web.HTTPServer(web.WorkerHandler(*name, srv, reg))
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	go func() {
		// The server process holds the other end: its close, or its death,
		// ends the worker.
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	if !*noWatch {
		if stop, err := watch(ctx, app, srv, log); err != nil {
			log.Warn("not watching for changes", "err", err)
		} else {
			defer stop()
		}
	}
	fmt.Fprintln(stdout, "ready") // the socket listens: connections wait for Serve
	if err := serveUntil(ctx, hs, ln, srv.Shutdown); err != nil {
		fmt.Fprintf(stderr, "stark worker: %v\n", err)
		return 1
	}
	return 0
}

// workerOptions are the web.WorkerOptions of `stark serve --isolate=process`:
// each worker is this binary, `stark worker`, with the server's flags.
func workerOptions(sf *serverFlags, secret []byte, stderr io.Writer) (*web.WorkerOptions, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "STARK_SECRET="+fmt.Sprintf("%x", secret))
	return &web.WorkerOptions{
		Command: func(spec web.WorkerSpec) *exec.Cmd {
			args := []string{"worker", "--name", spec.Name, "--dir", spec.Dir, "--socket", spec.Socket,
				"--grace", sf.grace.String(), "--run-grace", sf.runGrace.String()}
			if spec.Notice != "" {
				args = append(args, "--notice", spec.Notice)
			}
			if *sf.origins != "" {
				args = append(args, "--allow-origins", *sf.origins)
			}
			if *sf.noWatch {
				args = append(args, "--no-watch")
			}
			if *sf.allowPrivateOIDC {
				args = append(args, "--allow-private-oidc")
			}
			if *sf.redis != "" {
				args = append(args, "--redis", *sf.redis, "--redis-namespace", *sf.redisNS)
			}
			cmd := exec.Command(exe, args...)
			cmd.Env = env
			ownProcessGroup(cmd)
			return cmd
		},
		Check: func(dir string) (web.WorkerConfig, error) {
			cfg, err := config.LoadApp(dir, filepath.Base(dir))
			if err != nil {
				return web.WorkerConfig{}, err
			}
			mem := cfg.Limits.Memory
			if mem == 0 {
				mem = host.DefaultMemory
			}
			return web.WorkerConfig{Memory: mem, Public: cfg.Access.Public}, nil
		},
		Stderr: stderr,
	}, nil
}
