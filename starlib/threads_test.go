package starlib_test

// Tests of spawn, wait, sleep and tasks: what crosses threads is frozen,
// the run's context goes only where it is given, the run waits for and
// cancels its threads, and one step budget covers them all.

import (
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
)

const missingContext = `st.write: missing ScriptRunContext: thread "spawn-1" was spawned without the run's context; pass context=True to spawn(), or return the value and write it from the script thread`

func TestSpawnFreezing(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the run's error, or "" when it completes
	}{
		{"worker appends to a global", lines(
			`items = []`,
			`def worker():`,
			`    items.append(1)`,
			`spawn(worker).result()`),
			`task.result: spawn-1 failed: page.star:3:17: append: cannot append to frozen list`},
		{"worker reaches a global through a function", lines(
			`counts = {}`,
			`def bump(k):`,
			`    counts[k] = 1`,
			`def worker():`,
			`    bump("a")`,
			`spawn(worker).result()`),
			`task.result: spawn-1 failed: page.star:3:11: cannot insert into frozen hash table`},
		{"worker reaches a global through a lambda", lines(
			`items = []`,
			`spawn(lambda: items.append(1)).result()`),
			`task.result: spawn-1 failed: page.star:2:27: append: cannot append to frozen list`},
		{"script mutates a global the worker names", lines(
			`items = [1]`,
			`def worker():`,
			`    return len(items)`,
			`t = spawn(worker)`,
			`items.append(2)`),
			`append: cannot append to frozen list`},
		{"script mutates an argument", lines(
			`def worker(data):`,
			`    return len(data)`,
			`data = [1, 2]`,
			`t = spawn(worker, data)`,
			`data.append(3)`),
			`append: cannot append to frozen list`},
		{"script mutates a keyword argument", lines(
			`def worker(data=None):`,
			`    return len(data)`,
			`data = {"a": 1}`,
			`t = spawn(worker, data=data)`,
			`data["b"] = 2`),
			`cannot insert into frozen hash table`},
		{"script mutates a free variable", lines(
			`def main():`,
			`    acc = []`,
			`    t = spawn(lambda: len(acc))`,
			`    acc.append(1)`,
			`main()`),
			`append: cannot append to frozen list`},
		{"script mutates a default", lines(
			`acc = []`,
			`def worker(acc=acc):`,
			`    return len(acc)`,
			`def main():`,
			`    t = spawn(worker)`,
			`    acc.append(1)`,
			`main()`),
			`append: cannot append to frozen list`},
		{"bound method", lines(
			`items = []`,
			`spawn(items.append, 1).result()`),
			`task.result: spawn-1 failed: append: cannot append to frozen list`},
		{"global reached through a cached function", lines(
			`cfg = {"a": 1}`,
			`def get():`,
			`    return cfg["a"]`,
			`fetch = cache_data(get)`,
			`def worker():`,
			`    return fetch()`,
			`t = spawn(worker)`,
			`cfg["b"] = 2`),
			`cannot insert into frozen hash table`},
		{"cycle in an argument", lines(
			`l = []`,
			`l.append(l)`,
			`st.text(repr(spawn(len, l).result()))`),
			``},
		{"global reached through a function argument", lines(
			`log = []`,
			`def record():`,
			`    log.append(1)`,
			`def worker(f):`,
			`    f()`,
			`spawn(worker, record).result()`),
			`task.result: spawn-1 failed: page.star:3:15: append: cannot append to frozen list`},
		{"global reached through a function in a list", lines(
			`log = []`,
			`def record():`,
			`    log.append(1)`,
			`def worker(fs):`,
			`    fs[0]()`,
			`spawn(worker, [record]).result()`),
			`task.result: spawn-1 failed: page.star:3:15: append: cannot append to frozen list`},
		{"global the worker never names stays mutable", lines(
			`mine = []`,
			`shared = [1]`,
			`def worker():`,
			`    return len(shared)`,
			`t = spawn(worker)`,
			`mine.append(1)`,
			`mine.append(t.result())`,
			`st.text(repr(mine))`),
			``},
		{"worker reaches a global bound twice", lines(
			`limit = 1`,
			`def worker():`,
			`    return limit`,
			`limit = 2`,
			`spawn(worker)`),
			`spawn: worker reaches the global limit, which page.star binds more than once (page.star:1:1, page.star:4:1): a worker would race with the next binding; bind it once, or pass its value as an argument`},
		{"worker reaches a global bound in a loop", lines(
			`for i in range(3):`,
			`    current = i`,
			`spawn(lambda: current)`),
			`spawn: lambda reaches the global current, which page.star binds in a loop (page.star:2:5): a worker would race with the next binding; bind it once, or pass its value as an argument`},
		{"worker reaches a global through a function, bound by augmented assignment", lines(
			`total = 0`,
			`def get():`,
			`    return total`,
			`def worker():`,
			`    return get()`,
			`total += 1`,
			`spawn(worker)`),
			`spawn: get reaches the global total, which page.star binds more than once (page.star:1:1, page.star:6:1): a worker would race with the next binding; bind it once, or pass its value as an argument`},
		{"worker reaches a global bound later", lines(
			`def worker():`,
			`    return later`,
			`spawn(worker)`,
			`later = 1`),
			`spawn: worker reaches the global later before page.star binds it (page.star:4:1): bind it before the spawn, or pass its value as an argument`},
		{"globals the worker does not reach may be bound again", lines(
			`queries = ["a", "b"]`,
			`def fetch(q):`,
			`    return q * 2`,
			`tasks = []`,
			`for q in queries:`,
			`    tasks.append(spawn(fetch, q))`,
			`out = wait(tasks)`,
			`out = out + ["c"]`,
			`st.text(repr(out))`),
			``},
		{"module globals bound twice", lines(
			`load("lib.star", "get")`,
			`st.text(repr(spawn(get).result()))`),
			``},
		{"nested spawn while the script binds globals", lines(
			`base = 10`,
			`def inner(n):`,
			`    return base + n`,
			`def outer():`,
			`    return wait([spawn(inner, i) for i in range(20)])`,
			`t = spawn(outer)`,
			`for i in range(5000):`,
			`    counter = i`,
			`st.text(repr(t.result()[19]))`),
			``},
		{"result is frozen", lines(
			`r = spawn(lambda: [1]).result()`,
			`r.append(2)`),
			`append: cannot append to frozen list`},
		{"worker builds its own values", lines(
			`def worker(n):`,
			`    out = []`,
			`    for i in range(n):`,
			`        out.append(i)`,
			`    return out`,
			`st.text(repr(wait([spawn(worker, 3), spawn(worker, 2)])))`),
			``},
	}
	files := map[string]string{"lib.star": "x = 1\nx = 2\ndef get():\n    return x\n"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := session(t, tt.src, files, host.Limits{}).Run()
			if tt.want == "" {
				mustComplete(t, res)
				return
			}
			mustFail(t, res, tt.want)
		})
	}
}

func TestSpawnContext(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     string   // the run's error, or ""
		wantText []string // texts of the run
	}{
		{"context=True lets the worker write", lines(
			`def worker(ph):`,
			`    ph.text("from the worker")`,
			`    st.text("also")`,
			`ph = st.empty()`,
			`spawn(worker, ph, context=True).result()`),
			"", []string{"from the worker", "also"}},
		{"worker reads session_state", lines(
			`st.session_state["k"] = "v"`,
			`def worker():`,
			`    st.text(st.session_state.get("k"))`,
			`spawn(worker, context=True)`),
			"", []string{"v"}},
		{"worker sets session_state", lines(
			`def worker():`,
			`    st.session_state.update(k="set")`,
			`spawn(worker, context=True).result()`,
			`st.text(st.session_state["k"])`),
			"", []string{"set"}},
		{"without context, read by result", lines(
			`def worker():`,
			`    st.write("x")`,
			`spawn(worker).result()`),
			"task.result: spawn-1 failed: page.star:2:13: " + missingContext, nil},
		{"without context, unobserved", lines(
			`def worker():`,
			`    st.write("x")`,
			`spawn(worker)`,
			`st.text("the script goes on")`),
			"spawn-1 failed: " + missingContext, []string{"the script goes on"}},
		{"without context, by exception", lines(
			`def worker():`,
			`    st.write("x")`,
			`st.text(spawn(worker).exception())`),
			"", []string{"page.star:2:13: " + missingContext}},
		{"session_state method without context", lines(
			`def worker():`,
			`    return st.session_state.get("k")`,
			`spawn(worker).result()`),
			`task.result: spawn-1 failed: page.star:2:14: st.session_state: missing ScriptRunContext: thread "spawn-1" was spawned without the run's context; pass context=True to spawn(), or return the value and write it from the script thread`, nil},
		{"context=True from a worker without it", lines(
			`def inner():`,
			`    pass`,
			`def worker():`,
			`    spawn(inner, context=True)`,
			`spawn(worker).result()`),
			`task.result: spawn-1 failed: page.star:4:10: spawn: context=True: thread "spawn-1" has no ScriptRunContext to give; spawn with context=True from the script thread or a worker that has it`, nil},
		{"a worker with context passes it on", lines(
			`def inner():`,
			`    st.text("inner")`,
			`def worker():`,
			`    spawn(inner, context=True).result()`,
			`spawn(worker, context=True)`),
			"", []string{"inner"}},
		{"a module's top level has no context", lines(
			`load("lib.star", "x")`),
			`cannot load lib.star: lib.star:2:9: st.title: missing ScriptRunContext: a module's top level (lib.star) runs once for every session and has no page to write to; call st.title from a function that the page calls`, nil},
	}
	files := map[string]string{"lib.star": "x = 1\nst.title(\"module\")\n"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := session(t, tt.src, files, host.Limits{}).Run()
			if tt.want == "" {
				mustComplete(t, res)
			} else {
				mustFail(t, res, tt.want)
			}
			got := texts(t, res)
			if strings.Join(got, "\n") != strings.Join(tt.wantText, "\n") {
				t.Errorf("texts = %q, want %q", got, tt.wantText)
			}
		})
	}
}

func TestTasks(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the run's error, or "" and then the texts joined by |
		text string
	}{
		{"result", lines(
			`st.text(repr(spawn(lambda x, y=1: x + y, 2, y=3).result()))`),
			"", "5"},
		{"result with a timeout", lines(
			`st.text(repr(spawn(lambda: 7).result(timeout=30)))`),
			"", "7"},
		{"result of a finished task with timeout 0", lines(
			`t = spawn(lambda: 1)`,
			`wait([t])`,
			`st.text(repr([t.result(timeout=0) for _ in range(50)]))`),
			"", "[" + strings.Repeat("1, ", 49) + "1]"},
		{"result times out", lines(
			`t = spawn(sleep, 100)`,
			`t.result(timeout=0.01)`),
			`task.result: spawn-1 did not finish within 10ms`, ""},
		{"result raises the failure", lines(
			`def boom():`,
			`    fail("boom")`,
			`spawn(boom).result()`),
			`task.result: spawn-1 failed: page.star:2:9: fail: boom`, ""},
		{"result twice", lines(
			`t = spawn(lambda: "v")`,
			`st.text(t.result() + t.result())`),
			"", "vv"},
		{"bad timeout", lines(
			`spawn(lambda: 1).result(timeout=-1)`),
			`task.result: for parameter timeout: got -1, want seconds (a non-negative number) or None`, ""},
		{"exception of a success", lines(
			`st.text(repr(spawn(lambda: 1).exception()))`),
			"", "None"},
		{"exception of a failure", lines(
			`def boom():`,
			`    fail("boom")`,
			`st.text(spawn(boom).exception())`),
			"", "page.star:2:9: fail: boom"},
		{"exception times out", lines(
			`spawn(sleep, 100).exception(timeout=0)`),
			`task.exception: spawn-1 did not finish within 0s`, ""},
		{"done and name", lines(
			`t = spawn(lambda: 1)`,
			`t.result()`,
			`st.text(repr([t.done(), t.name, type(t), str(t)]))`),
			"", `[True, "spawn-1", "task", "<task spawn-1>"]`},
		{"done while running", lines(
			`t = spawn(sleep, 100)`,
			`st.text(repr(t.done()))`,
			`st.stop()`),
			"stopped", "False"},
		{"wait", lines(
			`ts = [spawn(lambda i=i: i * i) for i in range(5)]`,
			`st.text(repr(wait(ts)))`),
			"", "[0, 1, 4, 9, 16]"},
		{"wait with a timeout", lines(
			`st.text(repr(wait([spawn(lambda: 1)], timeout=30)))`),
			"", "[1]"},
		{"wait times out", lines(
			`wait([spawn(lambda: 1), spawn(sleep, 100)], timeout=0.01)`),
			`wait: spawn-2 did not finish within 10ms`, ""},
		{"wait raises the first failure", lines(
			`def boom():`,
			`    fail("boom")`,
			`wait([spawn(lambda: 1), spawn(boom)])`),
			`wait: spawn-2 failed: page.star:2:9: fail: boom`, ""},
		{"wait of a non-task", `wait([1])`, `wait: got int in tasks, want task`, ""},
		{"wait of nothing", `st.text(repr(wait([])))`, "", "[]"},
		{"spawn without a function", `spawn()`, `spawn: missing argument fn (the function to run)`, ""},
		{"spawn of a non-function", `spawn(1)`, `spawn: for parameter fn: got int, want a function`, ""},
		{"spawn context not a bool", `spawn(print, context=1)`, `spawn: for parameter context: got int, want bool`, ""},
		{"spawn of a builtin", `st.text(repr(spawn(len, [1, 2]).result()))`, "", "2"},
		{"spawn of a cached function", lines(
			`f = cache_data(lambda x: x * 2)`,
			`st.text(repr(spawn(f, 4).result()))`),
			"", "8"},
		{"nested spawn", lines(
			`def outer():`,
			`    return spawn(lambda: 3).result() + 1`,
			`st.text(repr(spawn(outer).result()))`),
			"", "4"},
		{"unobserved failure fails the run", lines(
			`def boom():`,
			`    fail("boom")`,
			`spawn(boom)`,
			`st.text("end")`),
			`spawn-1 failed: fail: boom`, "end"},
		{"sleep", `sleep(0)`, "", ""},
		{"sleep negative", `sleep(-1)`, `sleep: got -1, want seconds (a non-negative number)`, ""},
		{"sleep string", `sleep("1")`, `sleep: got "1", want seconds (a non-negative number)`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, tt.src)
			switch tt.want {
			case "":
				mustComplete(t, res)
			case "stopped":
				if res.Status != host.StoppedByPage {
					t.Fatalf("status %s (%v), want stopped", res.Status, errText(res))
				}
			default:
				mustFail(t, res, tt.want)
			}
			if got := strings.Join(texts(t, res), "|"); got != tt.text {
				t.Errorf("texts = %q, want %q", got, tt.text)
			}
		})
	}
}

// TestRunWaitsForThreads checks that a run ends when its last thread does,
// with what that thread wrote.
func TestRunWaitsForThreads(t *testing.T) {
	res := runPage(t, lines(
		`def late(ph):`,
		`    sleep(0.05)`,
		`    ph.text("late")`,
		`    spawn(later, context=True)`,
		`def later():`,
		`    sleep(0.05)`,
		`    st.text("later")`,
		`spawn(late, st.empty(), context=True)`,
	))
	mustComplete(t, res)
	if got := strings.Join(texts(t, res), "|"); got != "late|later" {
		t.Errorf("texts = %q, want late|later", got)
	}
}

// startAndCancel starts a run of src and, once it has written its first
// element, cancels it as a newer run would. The run must end well within
// its wall-time limit.
func startAndCancel(t *testing.T, src string) *host.Result {
	t.Helper()
	s := session(t, src, nil, host.Limits{Steps: 1 << 62, WallTime: time.Minute})
	started := make(chan struct{})
	var once bool
	run := s.App.Start(host.RunOptions{Page: s.Page, State: s.State, OnChange: func(host.Change) {
		if !once {
			once = true
			close(started)
		}
	}})
	select {
	case <-started:
	case <-run.Done():
		res := run.Wait()
		t.Fatalf("the run ended before it was cancelled: %s %v", res.Status, res.Err)
	}
	run.Cancel(host.Superseded)
	select {
	case <-run.Done():
	case <-time.After(20 * time.Second):
		t.Fatalf("the run did not end after Cancel")
	}
	res := run.Wait()
	if res.Status != host.Cancelled || res.Cause != host.Superseded {
		t.Errorf("status %s, cause %s; want cancelled, superseded", res.Status, res.Cause)
	}
	return res
}

func TestCancel(t *testing.T) {
	tests := []struct{ name, src string }{
		{"script loops", lines(
			`st.text("started")`,
			`while True:`,
			`    pass`)},
		{"script sleeps", lines(
			`st.text("started")`,
			`sleep(100)`)},
		{"worker loops", lines(
			`def worker():`,
			`    st.text("started")`,
			`    while True:`,
			`        pass`,
			`spawn(worker, context=True).result()`)},
		{"worker loops, script is done", lines(
			`def worker():`,
			`    st.text("started")`,
			`    while True:`,
			`        pass`,
			`spawn(worker, context=True)`)},
		{"worker sleeps", lines(
			`def worker():`,
			`    st.text("started")`,
			`    sleep(100)`,
			`spawn(worker, context=True).result()`)},
		{"script waits for a sleeping worker", lines(
			`t = spawn(sleep, 100)`,
			`st.text("started")`,
			`wait([t])`)},
		{"workers of workers", lines(
			`def spin():`,
			`    while True:`,
			`        pass`,
			`def worker():`,
			`    ts = [spawn(spin) for _ in range(3)]`,
			`    st.text("started")`,
			`    wait(ts)`,
			`spawn(worker, context=True)`)},
		{"waiting for a cached computation", lines(
			`def slow():`,
			`    sleep(100)`,
			`f = cache_data(slow)`,
			`def worker():`,
			`    f()`,
			`spawn(worker)`,
			`st.text("started")`,
			`f()`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			startAndCancel(t, tt.src)
		})
	}
}

// TestOldContainerRefused checks that a container of an earlier run, kept
// in session_state, cannot write into a later run.
func TestOldContainerRefused(t *testing.T) {
	s := session(t, lines(
		`if "ph" in st.session_state:`,
		`    st.session_state["ph"].text("into the old run")`,
		`st.session_state["ph"] = st.empty()`,
	), nil, host.Limits{})
	mustComplete(t, s.Run())
	mustFail(t, s.Run(), "st.text: this container belongs to another run")
}

func TestStepBudgetShared(t *testing.T) {
	const budget = 200_000
	res := session(t, lines(
		`def spin():`,
		`    while True:`,
		`        pass`,
		`ts = [spawn(spin) for _ in range(10)]`,
		`wait(ts)`,
	), nil, host.Limits{Steps: budget, WallTime: time.Minute}).Run()
	mustFail(t, res, "run stopped: step limit of 200000 reached (raise [limits] steps in stark.toml)")
	if res.Err.Kind != "limit" {
		t.Errorf("error kind %q, want limit", res.Err.Kind)
	}
	if res.Steps == 0 || res.Steps >= 2*budget {
		t.Errorf("the run's threads took %d steps in all, want fewer than %d", res.Steps, 2*budget)
	}
}

func TestStepBudgetUnobservedWorkers(t *testing.T) {
	res := session(t, lines(
		`def spin():`,
		`    while True:`,
		`        pass`,
		`for _ in range(4):`,
		`    spawn(spin)`,
	), nil, host.Limits{Steps: 100_000, WallTime: time.Minute}).Run()
	mustFail(t, res, "run stopped: step limit of 100000 reached (raise [limits] steps in stark.toml)")
	if res.Steps >= 200_000 {
		t.Errorf("steps = %d, want fewer than 200000", res.Steps)
	}
}

func TestRerunAndStop(t *testing.T) {
	t.Run("rerun", func(t *testing.T) {
		s := session(t, lines(
			`n = st.session_state.get("n", 0) + 1`,
			`st.session_state["n"] = n`,
			`st.text(str(n))`,
			`if n < 3:`,
			`    st.rerun()`,
			`st.text("done")`,
		), nil, host.Limits{})
		res := s.App.Run(host.RunOptions{Page: s.Page, State: s.State})
		if res.Status != host.RerunRequested {
			t.Fatalf("first run: status %s, want rerun", res.Status)
		}
		if got := res.Tree.Len(); got != 1 {
			t.Errorf("first run wrote %d elements, want 1", got)
		}
		r := s.Run() // follows the reruns
		mustComplete(t, r)
		if got := strings.Join(texts(t, r), "|"); got != "3|done" {
			t.Errorf("texts = %q, want 3|done", got)
		}
	})
	t.Run("stop", func(t *testing.T) {
		res := runPage(t, lines(
			`st.text("before")`,
			`st.stop()`,
			`st.text("after")`,
		))
		if res.Status != host.StoppedByPage || res.Err != nil {
			t.Fatalf("status %s, error %v; want stopped without error", res.Status, res.Err)
		}
		if got := strings.Join(texts(t, res), "|"); got != "before" {
			t.Errorf("texts = %q, want before", got)
		}
	})
	t.Run("stop in a worker", func(t *testing.T) {
		res := runPage(t, lines(
			`def worker():`,
			`    st.stop()`,
			`spawn(worker, context=True)`,
			`sleep(100)`,
		))
		if res.Status != host.StoppedByPage {
			t.Fatalf("status %s (%v), want stopped", res.Status, errText(res))
		}
	})
	for _, tt := range []struct{ name, src, want string }{
		{"rerun scope type", `st.rerun(1)`, `st.rerun: for parameter scope: got int, want string`},
		{"rerun scope", `st.rerun(scope="page")`, `st.rerun: for parameter scope: got "page", want "app" or "fragment"`},
		{"stop argument", `st.stop(1)`, `st.stop: got 1 arguments, want at most 0`},
		{"stop keyword", `st.stop(scope="app")`, `st.stop: unexpected keyword argument "scope"`},
	} {
		t.Run(tt.name, func(t *testing.T) { mustFail(t, runPage(t, tt.src), tt.want) })
	}
}

// TestReruns checks that the harness bounds a page that always reruns.
func TestRerunsBounded(t *testing.T) {
	s := session(t, `st.rerun()`, nil, host.Limits{})
	res := s.Run()
	if res.Status != host.RerunRequested {
		t.Errorf("status %s, want rerun after %d reruns", res.Status, harness.MaxReruns)
	}
}

// TestNestedSpawnsAcrossSessions checks that sessions whose workers wait for
// the workers they spawn never deadlock one another on the app's pool of
// threads, however small.
func TestNestedSpawnsAcrossSessions(t *testing.T) {
	s := session(t, lines(
		`def inner(x):`,
		`    sleep(0.01)`,
		`    return x + 1`,
		`def outer(x):`,
		`    return spawn(inner, x).result()`,
		`st.text(repr(wait([spawn(outer, x) for x in range(4)])))`),
		nil, host.Limits{AppThreads: 2, WallTime: 20 * time.Second})
	results := make(chan *harness.Result, 4)
	for range 4 {
		go func() {
			other := &harness.Session{App: s.App, State: host.NewState(), Page: s.Page}
			results <- other.Run()
		}()
	}
	for range 4 {
		res := <-results
		mustComplete(t, res)
		if got := texts(t, res); len(got) != 1 || got[0] != "[1, 2, 3, 4]" {
			t.Errorf("texts = %q", got)
		}
	}
}

// TestGuardsThroughAliases: a rewritten file calls its reserved builtins
// (the guarded *, the compiled %) through globals bound first in the file
// (host's aliasBuiltins). A worker and a loaded module reach them there,
// and the guards hold: a repetition past [limits] call_bytes fails in a
// spawned worker and in a module's function as on the page.
func TestGuardsThroughAliases(t *testing.T) {
	files := map[string]string{"rep.star": lines(
		`"""Repeats."""`,
		`def rep(s, n):`,
		`    return s * n`,
		`def label(i):`,
		`    return "item %d" % i`)}
	const past = `string * int: the result would take 2 MiB, past the 1 MiB one call may allocate (raise [limits] call_bytes in stark.toml)`
	limits := host.Limits{CallBytes: 1 << 20}
	tests := []struct {
		name, src, want string
	}{
		{"within the bound", lines(
			`load("rep.star", "rep", "label")`,
			`def worker(n):`,
			`    return len("ab" * n) + len(rep("c", n))`,
			`st.text("%d %s" % (spawn(worker, 3).result(), label(4)))`),
			""},
		{"a worker's repetition", lines(
			`def worker(n):`,
			`    return len("ab" * n)`,
			`spawn(worker, 1 << 20).result()`),
			"task.result: spawn-1 failed: page.star:2:21: " + past},
		{"a module's repetition", lines(
			`load("rep.star", "rep")`,
			`rep("ab", 1 << 20)`),
			past},
		{"a module's repetition in a worker", lines(
			`load("rep.star", "rep")`,
			`spawn(rep, "ab", 1 << 20).result()`),
			"task.result: spawn-1 failed: rep.star:3:14: " + past},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := session(t, tt.src, files, limits).Run()
			if tt.want == "" {
				mustComplete(t, res)
				if got := texts(t, res); len(got) != 1 || got[0] != "9 item 4" {
					t.Errorf("texts %q, want [\"9 item 4\"]", got)
				}
				return
			}
			mustFail(t, res, tt.want)
		})
	}
}
