package web

// This file runs an app of a Multi in a worker process of its own (`stark
// serve --isolate=process`): the worker serves the app on a Unix socket, the
// Multi proxies the app's URLs to it, and a supervisor restarts the worker
// when it dies, telling the browsers that come back why.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// WorkerOptions make a [Multi] run each app in a worker process.
type WorkerOptions struct {
	// Command returns the command of a worker (not started). The worker
	// must serve the app under "/"+spec.Name on the Unix socket
	// spec.Socket, with [WorkerHandler]; write the line "ready" to its
	// standard output once it accepts connections; and exit when its
	// standard input reaches its end (the supervisor closes it to stop the
	// worker, and it ends if the server dies).
	Command func(spec WorkerSpec) *exec.Cmd
	// Check reads an app's configuration without running any of its code:
	// an error refuses the directory (or keeps a running app's last good
	// configuration); Memory is the limit its worker runs under, for the
	// messages that say why it stopped.
	Check func(dir string) (WorkerConfig, error)
	// Stderr receives the workers' logs. Default os.Stderr.
	Stderr io.Writer
	// Backoff is the least time between two starts of a worker that keeps
	// dying; it doubles up to MaxBackoff while the worker dies within
	// StableAfter of its start. Defaults 100ms, 5s and 10s.
	Backoff, MaxBackoff, StableAfter time.Duration
}

// WorkerSpec is what the command of a worker is given.
type WorkerSpec struct {
	Name, Dir string
	// Socket is the path of the Unix socket to serve on.
	Socket string
	// Notice, after a restart, says why the worker was restarted: the
	// worker shows it to browsers that come back for a session it does not
	// hold (Options.ResumeNotice). "" on the first start.
	Notice string
}

// WorkerConfig is what the supervisor needs of an app's configuration.
type WorkerConfig struct {
	Memory int64 // bytes; 0 unknown
	Public bool  // anyone may open the app: it is listed in the index
}

// WorkerStats is what /_stark/apps says of a worker.
type WorkerStats struct {
	PID      int    `json:"pid"`
	Up       bool   `json:"up"`
	Restarts int    `json:"restarts"`
	LastExit string `json:"last_exit,omitempty"`
	// RSS is the worker's resident memory in bytes (Linux; 0 elsewhere).
	RSS int64 `json:"rss_bytes"`
}

// workerPaths are the worker's own URLs, outside the app's base, which the
// Multi never proxies: only the supervisor reaches them.
const (
	workerStatsPath   = "/_worker/stats"
	workerMetricsPath = "/_worker/metrics"
)

// WorkerHandler is the handler a worker serves: the app's server under
// "/"+name, and the stats and metrics the supervisor reads (metrics from
// reg, the registry the server's metrics are on).
func WorkerHandler(name string, srv *Server, gatherer interface {
	Gather() ([]*dto.MetricFamily, error)
}) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/"+name+"/", http.StripPrefix("/"+name, srv))
	mux.HandleFunc("GET "+workerStatsPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(srv.Stats())
	})
	mux.HandleFunc("GET "+workerMetricsPath, func(w http.ResponseWriter, r *http.Request) {
		mfs, err := gatherer.Gather()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
		enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
		for _, mf := range mfs {
			enc.Encode(mf)
		}
	})
	return mux
}

// A worker supervises the process of one app and proxies to it.
type worker struct {
	name, dir, sock string
	opts            *WorkerOptions
	log             *slog.Logger
	proxy           *httputil.ReverseProxy
	client          *http.Client // to the worker's own URLs

	mu       sync.Mutex
	cfg      WorkerConfig
	cmd      *exec.Cmd
	stdin    io.Closer
	up       bool
	upc      chan struct{} // closed when the current process is ready
	restarts int
	lastExit string
	reason   string // why the supervisor stops the current process, if it does
	stopping bool
	wake     chan struct{} // cuts a backoff short
	done     chan struct{} // closed when the supervisor has ended
}

// newWorker starts the supervisor of an app's worker.
func newWorker(name, dir, sockDir string, cfg WorkerConfig, opts *WorkerOptions, log *slog.Logger, trustProxy bool) *worker {
	w := &worker{name: name, dir: dir, sock: filepath.Join(sockDir, name+".sock"), opts: opts, log: log, cfg: cfg,
		wake: make(chan struct{}, 1), done: make(chan struct{}), upc: make(chan struct{})}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", w.sock)
		},
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     30 * time.Second,
	}
	w.client = &http.Client{Transport: tr, Timeout: 2 * time.Second}
	w.proxy = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme, pr.Out.URL.Host = "http", "worker"
			pr.Out.Host = pr.In.Host // the worker checks Origin against it
			if trustProxy {
				// The proxy in front set them; Rewrite has removed them.
				for _, h := range []string{"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"} {
					if v, ok := pr.In.Header[h]; ok {
						pr.Out.Header[h] = v
					}
				}
			} else {
				pr.SetXForwarded()
			}
		},
		Transport: tr,
		ErrorLog:  slog.NewLogLogger(log.Handler(), slog.LevelDebug),
		ErrorHandler: func(rw http.ResponseWriter, r *http.Request, err error) {
			log.Debug("worker unreachable", "app", name, "path", r.URL.Path, "err", err)
			writeError(rw, r, log, httpErr(http.StatusServiceUnavailable, "the app "+name+" is restarting; try again in a moment", "Retry-After", "1"))
		},
	}
	go w.supervise()
	return w
}

// upWait is how long a request waits for a worker that is starting.
const upWait = 10 * time.Second

// ServeHTTP proxies a request to the worker, waiting a while for one that
// is starting (or starting again) rather than failing at once.
func (w *worker) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	upc := w.upc
	w.mu.Unlock()
	t := time.NewTimer(upWait)
	defer t.Stop()
	select {
	case <-upc:
	case <-t.C:
	case <-r.Context().Done():
		return
	}
	w.proxy.ServeHTTP(rw, r)
}

// WaitReady waits until the worker is ready or d has passed, and reports
// whether it is.
func (w *worker) waitReady(d time.Duration) bool {
	w.mu.Lock()
	upc := w.upc
	w.mu.Unlock()
	select {
	case <-upc:
		return true
	case <-time.After(d):
		return false
	}
}

// supervise starts the worker and starts it again whenever it ends, until
// stop.
func (w *worker) supervise() {
	defer close(w.done)
	backoff := w.opts.Backoff
	notice := ""
	for {
		started := time.Now()
		why := w.runOnce(notice)
		w.mu.Lock()
		stopping, reason := w.stopping, w.reason
		w.reason = ""
		if !stopping {
			w.restarts++
			w.lastExit = why
		}
		w.mu.Unlock()
		if stopping {
			return
		}
		if reason != "" {
			// The supervisor stopped it (a new configuration): no wait.
			notice = fmt.Sprintf("This app was restarted at %s because %s; your session started anew.", time.Now().UTC().Format("15:04:05 UTC"), reason)
			w.log.Info("worker restarted", "app", w.name, "reason", reason)
			backoff = w.opts.Backoff
			continue
		}
		notice = fmt.Sprintf("This app was restarted at %s because its worker process %s; your session started anew.", time.Now().UTC().Format("15:04:05 UTC"), why)
		if time.Since(started) >= w.opts.StableAfter {
			backoff = w.opts.Backoff
		}
		w.log.Error("worker stopped; restarting it", "app", w.name, "reason", why, "in", backoff)
		select {
		case <-time.After(backoff):
		case <-w.wake:
		}
		backoff = min(2*backoff, w.opts.MaxBackoff)
	}
}

// runOnce runs the worker process until it ends and says why it ended.
func (w *worker) runOnce(notice string) string {
	os.Remove(w.sock)
	cmd := w.opts.Command(WorkerSpec{Name: w.name, Dir: w.dir, Socket: w.sock, Notice: notice})
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "could not start: " + err.Error()
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "could not start: " + err.Error()
	}
	tail := &tailWriter{w: w.opts.Stderr, max: 8 << 10}
	cmd.Stderr = tail
	w.mu.Lock()
	if w.stopping {
		w.mu.Unlock()
		return "stopped"
	}
	if err := cmd.Start(); err != nil {
		w.mu.Unlock()
		return "could not start: " + err.Error()
	}
	w.cmd, w.stdin = cmd, stdin
	w.mu.Unlock()
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == "ready" {
				w.mu.Lock()
				if w.cmd == cmd && !w.up {
					w.up = true
					close(w.upc)
				}
				w.mu.Unlock()
				w.log.Info("worker ready", "app", w.name, "pid", cmd.Process.Pid)
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	err = cmd.Wait()
	w.mu.Lock()
	if w.up {
		w.upc = make(chan struct{})
	}
	w.up, w.cmd, w.stdin = false, nil, nil
	w.mu.Unlock()
	return w.exitReason(cmd.ProcessState, err, tail.String())
}

// exitReason says, for a person, why a worker process ended.
func (w *worker) exitReason(ps *os.ProcessState, err error, tail string) string {
	w.mu.Lock()
	mem := w.cfg.Memory
	w.mu.Unlock()
	switch {
	case strings.Contains(tail, "out of memory") || strings.Contains(tail, "cannot allocate memory"):
		if mem > 0 {
			return fmt.Sprintf("exceeded its memory limit of %s ([limits] memory in stark.toml)", sizeText(mem))
		}
		return "exceeded its memory limit ([limits] memory in stark.toml)"
	case ps == nil:
		return fmt.Sprintf("could not be waited for (%v)", err)
	}
	if st, ok := ps.Sys().(syscall.WaitStatus); ok && st.Signaled() {
		if st.Signal() == syscall.SIGKILL {
			return "was killed (signal: killed; the operating system's out-of-memory killer, or an operator)"
		}
		return "was killed (signal: " + st.Signal().String() + ")"
	}
	if i := strings.LastIndex(tail, "panic: "); i >= 0 {
		line, _, _ := strings.Cut(tail[i:], "\n")
		return "crashed (" + line + ")"
	}
	return "ended (" + ps.String() + ")"
}

// sizeText writes n as "64 MiB" or "1.5 GiB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (w *worker) config() WorkerConfig {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cfg
}

// restart stops the running process for reason (the supervisor starts
// a new one at once) and takes cfg for the next.
func (w *worker) restart(cfg WorkerConfig, reason string) {
	w.mu.Lock()
	w.cfg = cfg
	w.reason = reason
	w.mu.Unlock()
	w.terminate()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// terminate ends the current process: its standard input closed (the
// worker shuts down and closes its sockets with "going away"), then SIGKILL
// if it is still there after 5 seconds.
func (w *worker) terminate() {
	w.mu.Lock()
	cmd, stdin := w.cmd, w.stdin
	w.mu.Unlock()
	if cmd == nil {
		return
	}
	stdin.Close()
	go func() {
		time.Sleep(5 * time.Second)
		w.mu.Lock()
		same := w.cmd == cmd
		w.mu.Unlock()
		if same {
			cmd.Process.Kill()
		}
	}()
}

// stop ends the worker for good and waits for it.
func (w *worker) stop() {
	w.mu.Lock()
	w.stopping = true
	w.mu.Unlock()
	w.terminate()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	<-w.done
	os.Remove(w.sock)
}

// kill sends SIGKILL to the running worker (tests, and an operator's
// last resort); the supervisor restarts it.
func (w *worker) kill() {
	w.mu.Lock()
	cmd := w.cmd
	w.mu.Unlock()
	if cmd != nil {
		cmd.Process.Kill()
	}
}

// stats asks the worker for its counts; a worker that is down has none.
func (w *worker) stats() (Stats, WorkerStats) {
	w.mu.Lock()
	ws := WorkerStats{Up: w.up, Restarts: w.restarts, LastExit: w.lastExit}
	if w.cmd != nil && w.cmd.Process != nil {
		ws.PID = w.cmd.Process.Pid
	}
	w.mu.Unlock()
	var st Stats
	if !ws.Up {
		return st, ws
	}
	ws.RSS = processRSS(ws.PID)
	resp, err := w.client.Get("http://worker" + workerStatsPath)
	if err != nil {
		return st, ws
	}
	defer resp.Body.Close()
	json.NewDecoder(resp.Body).Decode(&st)
	return st, ws
}

// Gather returns the worker's metrics (every series labelled with its app
// by the worker); a worker that is down has none.
func (w *worker) Gather() ([]*dto.MetricFamily, error) {
	w.mu.Lock()
	up := w.up
	w.mu.Unlock()
	if !up {
		return nil, nil
	}
	resp, err := w.client.Get("http://worker" + workerMetricsPath)
	if err != nil {
		return nil, nil // it died meanwhile: not the scrape's failure
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("metrics of the worker of %s: %v", w.name, err)
	}
	out := make([]*dto.MetricFamily, 0, len(fams))
	for _, f := range fams {
		out = append(out, f)
	}
	return out, nil
}

// processRSS reads a process's resident memory from /proc (Linux).
func processRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		return 0
	}
	var size, rss int64
	if _, err := fmt.Sscan(string(b), &size, &rss); err != nil {
		return 0
	}
	return rss * int64(os.Getpagesize())
}

// A tailWriter passes what is written on and keeps its last max bytes,
// and the start of a Go crash report ("fatal error: …" or "panic: …"),
// which the goroutines' stacks that follow it would push out of the tail.
type tailWriter struct {
	w   io.Writer
	max int

	mu    sync.Mutex
	buf   []byte
	crash []byte
}

// crashMarks start the report of a Go process that crashes.
var crashMarks = []string{"fatal error: ", "panic: "}

func (t *tailWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	from := max(0, len(t.buf)-16) // a mark may span two writes
	t.buf = append(t.buf, p...)
	if t.crash == nil {
		for _, mark := range crashMarks {
			if i := strings.Index(string(t.buf[from:]), mark); i >= 0 {
				t.crash = append([]byte{}, t.buf[from+i:]...)
				break
			}
		}
	} else if len(t.crash) < 512 {
		t.crash = append(t.crash, p...)
	}
	if len(t.buf) > t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	t.mu.Unlock()
	if t.w != nil {
		t.w.Write(p)
	}
	return len(p), nil
}

// String returns the crash report's start, if any, and the tail.
func (t *tailWriter) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.crash) + "\n" + string(t.buf)
}

var errNoWorker = errors.New("web.NewMulti: MultiOptions.Worker needs Command and Check")

// orDefault sets *v to def when it is zero.
func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}
