package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/internal/cputime"
)

// benchReport is what `stark bench` prints.
type benchReport struct {
	URL          string  `json:"url"`
	Sessions     int     `json:"sessions"`
	Duration     float64 `json:"duration_s"`
	Reruns       int     `json:"reruns"`
	RerunsPerSec float64 `json:"reruns_per_s"`
	P50          float64 `json:"p50_ms"`
	P90          float64 `json:"p90_ms"`
	P99          float64 `json:"p99_ms"`
	Max          float64 `json:"max_ms"`
	// The server's CPU per rerun (its /metrics process_cpu_seconds_total
	// over the measured interval, divided by the reruns; 0 when the
	// server does not say) and the bench client's own.
	// With --metrics, the sum over the replicas listed.
	ServerCPU  float64 `json:"server_cpu_us_per_rerun,omitempty"`
	ClientCPU  float64 `json:"client_cpu_us_per_rerun,omitempty"`
	Errors     int     `json:"errors"`
	FirstError string  `json:"first_error,omitempty"`
	// With --metrics: each replica's CPU and runs over the interval.
	Replicas []replicaFigures `json:"replicas,omitempty"`
	// With --idle: the server's live heap per idle session, the stacks of
	// its goroutines per session (apart: the heap figure leaves them out),
	// and its goroutines per session.
	IdleBytesPerSession      float64 `json:"idle_bytes_per_session,omitempty"`
	IdleStackBytesPerSession float64 `json:"idle_stack_bytes_per_session,omitempty"`
	IdleGoroutinesPerSession float64 `json:"idle_goroutines_per_session,omitempty"`
}

// replicaFigures are what one replica's /metrics say changed over the
// measured interval: its process CPU and its runs (stark_runs_total, every
// status; the first run of a session opened meanwhile counts too).
type replicaFigures struct {
	URL  string  `json:"url"`
	CPU  float64 `json:"cpu_s"`
	Runs float64 `json:"runs"`
}

// bench loads a stark server: N sessions each change a widget and wait for
// the run's end, in a loop; or, with --idle, measures memory per idle session.
func bench(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("bench")
	sessions := fs.Int("sessions", 1, "number of sessions")
	duration := fs.Duration("duration", 10*time.Second, "how long to load the server")
	set := fs.String("set", "n=0..1000", "`KEY=MIN..MAX`: the widget to change and its range of int values")
	idle := fs.Bool("idle", false, "open the sessions, run the page once each, then report the server's memory per idle session")
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	page := fs.String("page", "", "page name (default: the URL's path)")
	metrics := fs.String("metrics", "", "`URL,URL,…`: the replicas behind the load balancer at URL (each http://HOST:PORT): their /metrics are read and summed for the server's CPU per rerun, and each one's CPU and runs reported (default: URL's own /metrics)")
	cpuProfile := fs.String("cpuprofile", "", "write the bench client's own CPU profile of the measured interval to `FILE` (go tool pprof)")
	if code, ok := parseFlags(fs, args, 1, 1, stdout, stderr); !ok {
		return code
	}
	if *sessions < 1 {
		fmt.Fprintf(stderr, "stark bench: --sessions %d: want at least 1\n", *sessions)
		return 2
	}
	base := strings.TrimRight(fs.Arg(0), "/")
	pageName := *page
	if i := strings.Index(strings.TrimPrefix(strings.TrimPrefix(base, "http://"), "https://"), "/"); i >= 0 && pageName == "" {
		prefix := len(base) - len(strings.TrimPrefix(strings.TrimPrefix(base, "http://"), "https://"))
		pageName = strings.Trim(base[prefix+i:], "/")
		base = base[:prefix+i]
	}
	replicas, err := parseReplicas(*metrics)
	if err != nil {
		fmt.Fprintf(stderr, "stark bench: --metrics: %v\n", err)
		return 2
	}
	key, lo, hi, err := parseRange(*set)
	if err != nil {
		fmt.Fprintf(stderr, "stark bench: --set: %v\n", err)
		return 2
	}
	rep := &benchReport{URL: fs.Arg(0), Sessions: *sessions}

	var before serverMemory
	if *idle {
		if before, err = liveHeap(base); err != nil {
			fmt.Fprintf(stderr, "stark bench: --idle needs a local stark server: %v\n", err)
			return 1
		}
	}
	clients := make([]*client.Client, *sessions)
	var wg sync.WaitGroup
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		rep.Errors++
		if rep.FirstError == "" {
			rep.FirstError = err.Error()
		}
	}
	sem := make(chan struct{}, 32) // open sessions 32 at a time
	for i := range clients {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c, err := client.DialSync(base, pageName)
			if err != nil {
				fail(err)
				return
			}
			if _, err := c.WaitFor("run_end", 30*time.Second); err != nil {
				fail(err)
				c.Close()
				return
			}
			clients[i] = c
		}(i)
	}
	wg.Wait()
	// Each session ends explicitly (a bye), so that it does not hold the
	// app's [limits] sessions through the reconnect grace: a bench that
	// follows gets the limit's message only if it asks for too many.
	defer func() {
		var wg sync.WaitGroup
		for _, c := range clients {
			if c != nil {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c.Bye()
				}()
			}
		}
		wg.Wait()
	}()

	if *idle {
		after, err := liveHeap(base)
		if err != nil {
			fmt.Fprintf(stderr, "stark bench: %v\n", err)
			return 1
		}
		open := 0
		for _, c := range clients {
			if c != nil {
				open++
			}
		}
		if open > 0 {
			rep.IdleBytesPerSession = float64(after.HeapLive-before.HeapLive) / float64(open)
			rep.IdleStackBytesPerSession = float64(after.StackInuse-before.StackInuse) / float64(open)
			rep.IdleGoroutinesPerSession = float64(after.Goroutines-before.Goroutines) / float64(open)
		}
		return printBench(rep, *idle, *asJSON, stdout)
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "stark bench: --cpuprofile: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "stark bench: --cpuprofile: %v\n", err)
			return 1
		}
	}
	var lat []time.Duration
	serverCPU0, serverOK := serverCPU(base)
	var replicas0 []replicaFigures
	if len(replicas) > 0 {
		if replicas0, err = readReplicas(replicas); err != nil {
			fmt.Fprintf(stderr, "stark bench: --metrics: %v\n", err)
			return 1
		}
	}
	clientCPU0, clientOK := cputime.Process()
	start := time.Now()
	deadline := start.Add(*duration)
	for _, c := range clients {
		if c == nil {
			continue
		}
		wg.Add(1)
		go func(c *client.Client) {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				v := lo + rand.IntN(hi-lo+1)
				t0 := time.Now()
				if err := c.SetWidget(key, v); err != nil {
					fail(err)
					return
				}
				m, err := c.WaitRunEnd(30 * time.Second)
				if err != nil {
					fail(err)
					break
				}
				if m.Status() != "completed" {
					// Only completed reruns count; a failed one says why.
					if e := m.RunEnd.Error; e != nil {
						fail(fmt.Errorf("run ended %s: %s", m.Status(), e.Message))
					} else {
						fail(fmt.Errorf("run ended %s", m.Status()))
					}
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if len(lat) > 0 {
		if len(replicas) > 0 {
			after, err := readReplicas(replicas)
			if err != nil {
				fmt.Fprintf(stderr, "stark bench: --metrics: %v (no server CPU figure)\n", err)
			} else {
				cpu := 0.0
				for i := range after {
					after[i].CPU -= replicas0[i].CPU
					after[i].Runs -= replicas0[i].Runs
					cpu += after[i].CPU
				}
				rep.Replicas = after
				rep.ServerCPU = cpu * 1e6 / float64(len(lat))
			}
		} else if t, ok := serverCPU(base); ok && serverOK {
			rep.ServerCPU = (t - serverCPU0) * 1e6 / float64(len(lat))
		}
		if t, ok := cputime.Process(); ok && clientOK {
			rep.ClientCPU = float64((t - clientCPU0).Microseconds()) / float64(len(lat))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	rep.Duration = elapsed.Seconds()
	rep.Reruns = len(lat)
	rep.RerunsPerSec = float64(len(lat)) / elapsed.Seconds()
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		i := int(p * float64(len(lat)-1))
		return float64(lat[i].Microseconds()) / 1000
	}
	rep.P50, rep.P90, rep.P99, rep.Max = pct(.50), pct(.90), pct(.99), pct(1)
	return printBench(rep, false, *asJSON, stdout)
}

func printBench(rep *benchReport, idle, asJSON bool, stdout io.Writer) int {
	if asJSON {
		b, _ := json.Marshal(rep)
		fmt.Fprintln(stdout, string(b))
	} else if idle {
		fmt.Fprintf(stdout, "sessions  idle heap bytes/session  stack bytes/session  goroutines/session  errors\n%8d  %23.0f  %19.0f  %18.2f  %6d\n",
			rep.Sessions, rep.IdleBytesPerSession, rep.IdleStackBytesPerSession, rep.IdleGoroutinesPerSession, rep.Errors)
	} else {
		fmt.Fprintf(stdout, "sessions  reruns  reruns/s   p50 ms   p90 ms   p99 ms   max ms  server µs/rerun  client µs/rerun  errors\n")
		fmt.Fprintf(stdout, "%8d  %6d  %8.0f  %7.2f  %7.2f  %7.2f  %7.2f  %15s  %15s  %6d\n", rep.Sessions, rep.Reruns, rep.RerunsPerSec, rep.P50, rep.P90, rep.P99, rep.Max, cpuCell(rep.ServerCPU), cpuCell(rep.ClientCPU), rep.Errors)
		runs := 0.0
		for _, r := range rep.Replicas {
			runs += r.Runs
		}
		for _, r := range rep.Replicas {
			perRun := "-"
			if r.Runs > 0 {
				perRun = cpuCell(r.CPU * 1e6 / r.Runs)
			}
			fmt.Fprintf(stdout, "replica %s: %.2f s CPU, %.0f runs (%.0f%%), %s µs/run\n", r.URL, r.CPU, r.Runs, 100*r.Runs/max(1, runs), perRun)
		}
	}
	if rep.FirstError != "" && !asJSON {
		fmt.Fprintf(stdout, "first error: %s\n", rep.FirstError)
	}
	if rep.Errors > 0 {
		return 1
	}
	return 0
}

func cpuCell(us float64) string {
	if us == 0 {
		return "-"
	}
	return strconv.FormatFloat(us, 'f', 0, 64)
}

// serverCPU reads the server's process_cpu_seconds_total from its
// /metrics (Prometheus's text format), in seconds.
func serverCPU(base string) (float64, bool) {
	f, err := readMetrics(base)
	return f.CPU, err == nil
}

// readMetrics reads a server's process_cpu_seconds_total and the sum of
// its stark_runs_total (every status) from its /metrics.
func readMetrics(base string) (replicaFigures, error) {
	f := replicaFigures{URL: base}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return f, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return f, fmt.Errorf("%s/metrics: %s", base, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return f, fmt.Errorf("%s/metrics: %v", base, err)
	}
	cpu := false
	for _, line := range strings.Split(string(b), "\n") {
		name, v, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if name == "process_cpu_seconds_total" || name == "stark_runs_total" || strings.HasPrefix(name, "stark_runs_total{") {
			x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return f, fmt.Errorf("%s/metrics: %q: %v", base, line, err)
			}
			if name == "process_cpu_seconds_total" {
				f.CPU, cpu = x, true
			} else {
				f.Runs += x
			}
		}
	}
	if !cpu {
		return f, fmt.Errorf("%s/metrics has no process_cpu_seconds_total", base)
	}
	return f, nil
}

// readReplicas reads every replica's /metrics.
func readReplicas(urls []string) ([]replicaFigures, error) {
	fs := make([]replicaFigures, len(urls))
	for i, u := range urls {
		f, err := readMetrics(u)
		if err != nil {
			return nil, err
		}
		fs[i] = f
	}
	return fs, nil
}

// parseReplicas reads --metrics: base URLs of servers (http or https,
// host and port, perhaps a path prefix; a trailing /metrics is dropped),
// separated by commas.
func parseReplicas(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var urls []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		u, err := url.Parse(part)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%q: want a server's URL, http://HOST:PORT", part)
		}
		urls = append(urls, strings.TrimSuffix(strings.TrimRight(part, "/"), "/metrics"))
	}
	return urls, nil
}

func parseRange(s string) (key string, lo, hi int, err error) {
	key, r, ok := strings.Cut(s, "=")
	a, b, ok2 := strings.Cut(r, "..")
	if !ok || !ok2 || key == "" {
		return "", 0, 0, fmt.Errorf("%q: want KEY=MIN..MAX", s)
	}
	if lo, err = strconv.Atoi(a); err != nil {
		return "", 0, 0, fmt.Errorf("%q: MIN: %v", s, err)
	}
	if hi, err = strconv.Atoi(b); err != nil || hi < lo {
		return "", 0, 0, fmt.Errorf("%q: MAX must be an int not below MIN", s)
	}
	return key, lo, hi, nil
}

// serverMemory is what a server's /_stark/memory says.
type serverMemory struct {
	HeapLive   int64 `json:"heap_live_bytes"`
	StackInuse int64 `json:"stack_inuse_bytes"`
	Goroutines int64 `json:"goroutines"`
}

// liveHeap asks a local server for its live heap after a collection, its
// goroutines and their stacks.
func liveHeap(base string) (serverMemory, error) {
	var m serverMemory
	resp, err := http.Get(base + "/_stark/memory")
	if err != nil {
		return m, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return m, fmt.Errorf("%s/_stark/memory: %s", base, resp.Status)
	}
	err = json.NewDecoder(resp.Body).Decode(&m)
	return m, err
}
