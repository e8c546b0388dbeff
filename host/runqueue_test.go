package host_test

// Tests of the app's run slots ([host.Limits] Runs): the bound holds, the
// queue is FIFO, a cancelled waiter never executes, closing the app releases
// the waiters, and runs that spawn, wait, sleep and load never deadlock.

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
)

// probe is a set of Go builtins that let a test watch the threads of runs.
type probe struct {
	gate chan struct{} // gate() blocks, holding its slot, until it is closed

	mu       sync.Mutex
	recorded []string

	executing, most atomic.Int64
}

func newProbe() *probe { return &probe{gate: make(chan struct{})} }

func (p *probe) open() { close(p.gate) }

func (p *probe) records() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.recorded)
}

func (p *probe) builtins() starlark.StringDict {
	return starlark.StringDict{
		// gate() waits for the test, or for the run's cancellation, without
		// giving its run slot up: as a page that computes does.
		"gate": starlark.NewBuiltin("gate", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			select {
			case <-p.gate:
			case <-host.SandboxOf(t).Done():
			}
			return starlark.None, nil
		}),
		"record": starlark.NewBuiltin("record", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var x starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
				return nil, err
			}
			p.mu.Lock()
			p.recorded = append(p.recorded, strings.Trim(x.String(), `"`))
			p.mu.Unlock()
			return starlark.None, nil
		}),
		// busy() computes for a while (in Go: no step, so no yield) and
		// counts the threads inside it at once.
		"busy": starlark.NewBuiltin("busy", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			n := p.executing.Add(1)
			for {
				m := p.most.Load()
				if n <= m || p.most.CompareAndSwap(m, n) {
					break
				}
			}
			for start := time.Now(); time.Since(start) < 200*time.Microsecond; {
			}
			p.executing.Add(-1)
			return starlark.None, nil
		}),
	}
}

// probedApp returns an app of files with the starlib builtins and p's.
func probedApp(t *testing.T, files map[string]string, limits host.Limits, p *probe) *host.App {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	opts := starlib.Options(limits)
	extra := p.builtins()
	pre := starlark.StringDict{}
	for k, v := range opts.Predeclared {
		pre[k] = v
	}
	for k, v := range extra {
		pre[k] = v
	}
	opts.Predeclared = pre
	app, err := host.NewApp(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func start(app *host.App, page string) *host.Run {
	return app.Start(host.RunOptions{Page: page, State: host.NewState()})
}

// until polls cond until it holds; after 20s it fails the test.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// finish waits for runs to end and returns their results; after 60s it
// fails the test with the goroutines' stacks: a deadlock.
func finish(t *testing.T, runs ...*host.Run) []*host.Result {
	t.Helper()
	deadline := time.After(60 * time.Second)
	out := make([]*host.Result, len(runs))
	for i, r := range runs {
		select {
		case <-r.Done():
			out[i] = r.Wait()
		case <-deadline:
			pprof.Lookup("goroutine").WriteTo(os.Stderr, 1)
			t.Fatalf("run %d of %d has not ended: deadlock", i+1, len(runs))
		}
	}
	return out
}

func waiting(app *host.App) func() bool {
	return func() bool { return app.RunQueueStats().Waiting > 0 }
}

func TestRunsLimitHolds(t *testing.T) {
	for _, n := range []int{1, 2} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			p := newProbe()
			app := probedApp(t, map[string]string{"work.star": src(
				"def work():",
				"    for i in range(20):",
				"        busy()",
				"    return 1",
				"tasks = [spawn(work) for i in range(3)]",
				"for i in range(20):",
				"    busy()",
				"n = 0",
				"for t in tasks:",
				"    n += t.result()",
				"st.text(str(n))",
			)}, host.Limits{Runs: n}, p)
			var runs []*host.Run
			for range 6 {
				runs = append(runs, start(app, "work.star"))
			}
			for i, res := range finish(t, runs...) {
				if res.Status != host.Completed || strings.Join(bodies(res), "") != "3" {
					t.Errorf("run %d: %s %s %q", i, res.Status, errMessage(res), bodies(res))
				}
			}
			if most := p.most.Load(); most > int64(n) {
				t.Errorf("%d threads executed at once; the limit is %d", most, n)
			}
			st := app.RunQueueStats()
			if st.Slots != n || st.Peak > n || st.Executing != 0 || st.Waiting != 0 {
				t.Errorf("stats %+v, want %d slots, a peak of at most %d, none taken or waiting", st, n, n)
			}
		})
	}
}

func TestRunsDefault(t *testing.T) {
	app := newApp(t, map[string]string{"p.star": "st.text('x')\n"}, host.Limits{})
	if got, want := app.RunQueueStats().Slots, host.DefaultRuns(); got != want {
		t.Errorf("slots %d, want DefaultRuns() = %d", got, want)
	}
	if host.DefaultRuns() < 1 {
		t.Errorf("DefaultRuns() = %d", host.DefaultRuns())
	}
}

// Runs that queue execute in the order they queued.
func TestRunQueueFIFO(t *testing.T) {
	p := newProbe()
	files := map[string]string{"hold.star": "gate()\n"}
	for i := 1; i <= 5; i++ {
		files[fmt.Sprintf("r%d.star", i)] = fmt.Sprintf("record(%d)\n", i)
	}
	app := probedApp(t, files, host.Limits{Runs: 1}, p)
	hold := start(app, "hold.star")
	until(t, "the holder's slot", func() bool { return app.RunQueueStats().Executing == 1 })
	runs := []*host.Run{hold}
	for i := 1; i <= 5; i++ {
		runs = append(runs, start(app, fmt.Sprintf("r%d.star", i)))
		until(t, fmt.Sprintf("%d waiting", i), func() bool { return app.RunQueueStats().Waiting == i })
	}
	if got := p.records(); len(got) != 0 {
		t.Fatalf("runs executed while the slot was held: %q", got)
	}
	p.open()
	finish(t, runs...)
	if got, want := strings.Join(p.records(), " "), "1 2 3 4 5"; got != want {
		t.Errorf("order %q, want %q", got, want)
	}
}

// A run cancelled while it waits leaves the queue at once and never
// executes; the others keep their places.
func TestRunQueueCancelledWaiter(t *testing.T) {
	p := newProbe()
	app := probedApp(t, map[string]string{
		"hold.star": "gate()\n",
		"w1.star":   "record('w1')\n",
		"w2.star":   "record('w2')\n",
	}, host.Limits{Runs: 1}, p)
	hold := start(app, "hold.star")
	until(t, "the holder's slot", func() bool { return app.RunQueueStats().Executing == 1 })
	w1 := start(app, "w1.star")
	until(t, "w1 waiting", waiting(app))
	w2 := start(app, "w2.star")
	until(t, "w2 waiting", func() bool { return app.RunQueueStats().Waiting == 2 })

	w1.Cancel(host.Superseded)
	res := finish(t, w1)[0] // while the holder holds the slot
	if res.Status != host.Cancelled || res.Cause != host.Superseded || res.Steps != 0 || len(res.Tree.Snapshot()[0].Children) != 0 {
		t.Errorf("cancelled waiter: %s (%s), %d steps", res.Status, res.Cause, res.Steps)
	}
	if n := app.RunQueueStats().Waiting; n != 1 {
		t.Errorf("%d waiting after the cancel, want 1", n)
	}
	p.open()
	finish(t, hold, w2)
	if got := strings.Join(p.records(), " "); got != "w2" {
		t.Errorf("executed %q, want only w2", got)
	}
}

// Closing the app releases the runs that wait: they end as shut down, as
// do runs started later.
func TestRunQueueClose(t *testing.T) {
	p := newProbe()
	app := probedApp(t, map[string]string{"hold.star": "gate()\n", "w.star": "record('w')\n"}, host.Limits{Runs: 1}, p)
	hold := start(app, "hold.star")
	until(t, "the holder's slot", func() bool { return app.RunQueueStats().Executing == 1 })
	w := start(app, "w.star")
	until(t, "w waiting", waiting(app))
	app.Close()
	for _, res := range finish(t, w, start(app, "w.star")) {
		if res.Status != host.Cancelled || res.Cause != host.Shutdown {
			t.Errorf("after Close: %s (%s), want cancelled by shutdown", res.Status, res.Cause)
		}
	}
	p.open()
	finish(t, hold)
	if got := p.records(); len(got) != 0 {
		t.Errorf("executed %q after Close", got)
	}
}

// The wall time of a run starts when it gets its slot: a run that waited
// longer than its wall time still has all of it.
func TestRunWallTimeStartsAtSlot(t *testing.T) {
	p := newProbe()
	app := probedApp(t, map[string]string{
		"hold.star": "gate()\n", // held until its own wall time ends it
		"w.star":    "sleep(0.05)\nst.text('done')\n",
	}, host.Limits{Runs: 1, WallTime: 300 * time.Millisecond}, p)
	hold := start(app, "hold.star")
	until(t, "the holder's slot", func() bool { return app.RunQueueStats().Executing == 1 })
	w := start(app, "w.star")
	res := finish(t, hold, w)
	if res[0].Cause != host.Timeout {
		t.Errorf("holder: %s (%s), want the wall time", res[0].Status, res[0].Cause)
	}
	// Counted from its start, the waiter's wall time would have ended in
	// its sleep.
	if res[1].Status != host.Completed || res[1].Queued+50*time.Millisecond <= 300*time.Millisecond {
		t.Errorf("waiter: %s %s after %s in the queue; want completed after most of the holder's wall time", res[1].Status, errMessage(res[1]), res[1].Queued)
	}
}

// A thread that computes without end takes turns with the other runs of
// its app: it yields its slot at a step chunk once it held it for a
// quantum.
func TestRunQueueYields(t *testing.T) {
	p := newProbe()
	app := probedApp(t, map[string]string{
		"spin.star": "while True:\n    pass\n",
		"w.star":    "record('w')\n",
	}, host.Limits{Runs: 1, Steps: 1 << 40}, p)
	spin := start(app, "spin.star")
	until(t, "the spinner's slot", func() bool { return app.RunQueueStats().Executing == 1 })
	w := start(app, "w.star")
	if res := finish(t, w)[0]; res.Status != host.Completed {
		t.Errorf("w: %s %s", res.Status, errMessage(res))
	}
	spin.Cancel(host.Superseded)
	finish(t, spin)
}

// Runs whose threads spawn, wait for results, sleep, load modules, share
// cache values and wait for the app's threads finish on one slot.
func TestRunQueueNoDeadlock(t *testing.T) {
	pages := map[string]string{
		"nested.star": src(
			"def leaf(i):",
			"    sleep(0.001)",
			"    return i",
			"def mid(i):",
			"    ts = [spawn(leaf, j) for j in range(2)]",
			"    n = i",
			"    for t in ts:",
			"        n += t.result()",
			"    return n",
			"tasks = [spawn(mid, i) for i in range(2)]",
			"wait(tasks)",
			"n = 0",
			"for t in tasks:",
			"    n += t.result()",
			"st.text(str(n))",
		),
		"compute.star": src(
			"def spin(n):",
			"    s = 0",
			"    for i in range(n):",
			"        s += i",
			"    return s",
			"ts = [spawn(spin, 20000) for i in range(3)]",
			"n = 0",
			"for t in ts:",
			"    n += t.result(timeout=60)",
			"st.text(str(n))",
		),
		"cached.star": src(
			"def slow(x):",
			"    sleep(0.01)",
			"    t = spawn(lambda: x * 2)",
			"    return t.result()",
			"slow = cache_data(slow)",
			"st.text(str(slow(21)))",
		),
		"context.star": src(
			"slot = st.empty()",
			"def fill():",
			"    sleep(0.001)",
			"    slot.text('filled')",
			"wait([spawn(fill, context=True)])",
			"st.text('done')",
		),
		"module.star": src(
			"load('slowmod.star', 'x')",
			"st.text(str(x))",
		),
		"slowmod.star": src(
			"sleep(0.02)",
			"x = 7",
		),
		// More threads than the app's pool: spawn waits for a place without
		// holding the slot the workers need to end.
		"pool.star": src(
			"def work(i):",
			"    return i",
			"ts = [spawn(work, i) for i in range(6)]",
			"n = 0",
			"for t in ts:",
			"    n += t.result()",
			"st.text(str(n))",
		),
	}
	want := map[string]string{"nested.star": "3", "compute.star": "599970000", "cached.star": "42", "context.star": "done", "module.star": "7", "pool.star": "15"}
	for _, runs := range []int{1, 2} {
		t.Run(fmt.Sprint(runs), func(t *testing.T) {
			app := probedApp(t, pages, host.Limits{Runs: runs, AppThreads: 8}, newProbe())
			var rs []*host.Run
			var names []string
			for range 3 {
				for page := range want {
					rs = append(rs, start(app, page))
					names = append(names, page)
				}
			}
			for i, res := range finish(t, rs...) {
				if got := strings.Join(bodies(res), ""); res.Status != host.Completed || got != want[names[i]] {
					t.Errorf("%s: %s %s %q, want %q", names[i], res.Status, errMessage(res), got, want[names[i]])
				}
			}
			if st := app.RunQueueStats(); st.Executing != 0 || st.Waiting != 0 || st.Peak > runs {
				t.Errorf("stats after the runs: %+v", st)
			}
		})
	}
}

// Work done for runs outside them (a session encoding what a run wrote)
// takes a slot before the runs that wait.
func TestTakeWorkSlotGoesFirst(t *testing.T) {
	p := newProbe()
	app := probedApp(t, map[string]string{"hold.star": "gate()\n", "r.star": "record('run')\n"}, host.Limits{Runs: 1}, p)
	hold := start(app, "hold.star")
	until(t, "the holder's slot", func() bool { return app.RunQueueStats().Executing == 1 })
	r := start(app, "r.star")
	until(t, "the run waiting", waiting(app))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if !app.TakeWorkSlot() {
			t.Error("no slot taken")
			return
		}
		p.mu.Lock()
		p.recorded = append(p.recorded, "work")
		p.mu.Unlock()
		app.GiveWorkSlot()
	}()
	until(t, "the work waiting", func() bool { return app.RunQueueStats().Waiting == 2 })
	p.open()
	finish(t, hold, r)
	<-done
	if got := strings.Join(p.records(), " "); got != "work run" {
		t.Errorf("order %q, want the work first", got)
	}
}

// A run that waits for a slot holds no goroutine: its goroutine starts when
// the queue gives it the slot. Cancelled while it waits, it ends Cancelled
// without executing, its OnEnd called; the others keep their order.
func TestRunQueueWaitersHoldNoGoroutine(t *testing.T) {
	const n = 300
	p := newProbe()
	app := probedApp(t, map[string]string{"hold.star": "gate()\n", "w.star": ""}, host.Limits{Runs: 1}, p)
	hold := start(app, "hold.star")
	until(t, "the holder's slot", func() bool { return app.RunQueueStats().Executing == 1 })
	before := runtime.NumGoroutine()
	var ended atomic.Int64
	runs := make([]*host.Run, n)
	for i := range runs {
		runs[i] = app.Start(host.RunOptions{
			Page: "w.star", Source: []byte(fmt.Sprintf("record(%d)\n", i)), State: host.NewState(),
			OnEnd: func(*host.Run) { ended.Add(1) },
		})
	}
	until(t, "the runs waiting", func() bool { return app.RunQueueStats().Waiting == n })
	if grown := runtime.NumGoroutine() - before; grown > n/10 {
		t.Errorf("%d runs waiting for a slot added %d goroutines", n, grown)
	}
	var cancelled, kept []*host.Run
	var want []string
	for i, r := range runs {
		if i%2 == 0 {
			r.Cancel(host.Superseded)
			cancelled = append(cancelled, r)
		} else {
			kept = append(kept, r)
			want = append(want, fmt.Sprint(i))
		}
	}
	for i, res := range finish(t, cancelled...) { // while the holder holds the slot
		if res.Status != host.Cancelled || res.Cause != host.Superseded || res.Steps != 0 {
			t.Errorf("cancelled waiter %d: %s (%s), %d steps", i, res.Status, res.Cause, res.Steps)
		}
	}
	until(t, "the cancelled runs' OnEnd", func() bool { return ended.Load() == int64(len(cancelled)) })
	if st := app.RunQueueStats(); st.Waiting != len(kept) || st.Executing != 1 {
		t.Errorf("after the cancels: %+v, want %d waiting, 1 executing", st, len(kept))
	}
	p.open()
	for i, res := range finish(t, append(kept, hold)...) {
		if res.Status != host.Completed {
			t.Errorf("run %d: %s %s", i, res.Status, errMessage(res))
		}
	}
	until(t, "every OnEnd", func() bool { return ended.Load() == n })
	// The set, not the order: a run that held its slot for a quantum before
	// its first step (a loaded machine) yields it to the others.
	got := p.records()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("executed %d runs, want the %d not cancelled; got %q", len(got), len(want), got)
	}
	if st := app.RunQueueStats(); st.Waiting != 0 || st.Executing != 0 || st.Waits < n || st.Waited <= 0 {
		t.Errorf("stats after the runs: %+v", st)
	}
}
