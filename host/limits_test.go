package host_test

// Tests of the per-run limits: steps, wall time, elements and threads. Each
// limit ends the run with a message that names it and the setting to raise.

import (
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
)

func TestLimits(t *testing.T) {
	const huge = 1 << 62
	tests := []struct {
		name   string
		limits host.Limits
		page   string
		want   string
		texts  int // elements written before the limit
	}{
		{"steps", host.Limits{Steps: 100_000},
			"st.text(\"before\")\nwhile True:\n    pass\n",
			"run stopped: step limit of 100000 reached (raise [limits] steps in stark.toml)", 1},
		{"steps in a function", host.Limits{Steps: 100_000},
			"def f(n):\n    return f(n + 1)\nf(0)\n",
			"run stopped: step limit of 100000 reached (raise [limits] steps in stark.toml)", 0},
		{"steps in a worker", host.Limits{Steps: 100_000},
			"def spin():\n    while True:\n        pass\nspawn(spin)\n",
			"run stopped: step limit of 100000 reached (raise [limits] steps in stark.toml)", 0},
		{"wall time", host.Limits{Steps: huge, WallTime: 100 * time.Millisecond},
			"while True:\n    pass\n",
			"run stopped: wall time limit of 100ms reached (raise [limits] wall_time in stark.toml)", 0},
		{"wall time asleep", host.Limits{Steps: huge, WallTime: 100 * time.Millisecond},
			"st.text(\"before\")\nsleep(100)\n",
			"run stopped: wall time limit of 100ms reached (raise [limits] wall_time in stark.toml)", 1},
		{"wall time in a worker", host.Limits{Steps: huge, WallTime: 100 * time.Millisecond},
			"def spin():\n    while True:\n        pass\nspawn(spin)\n",
			"run stopped: wall time limit of 100ms reached (raise [limits] wall_time in stark.toml)", 0},
		{"wall time waiting for a worker", host.Limits{Steps: huge, WallTime: 100 * time.Millisecond},
			"spawn(sleep, 100).result()\n",
			"run stopped: wall time limit of 100ms reached (raise [limits] wall_time in stark.toml)", 0},
		{"elements", host.Limits{Elements: 5},
			"for i in range(10):\n    st.text(str(i))\n",
			"run stopped: element limit of 5 reached (raise [limits] elements in stark.toml)", 5},
		{"elements replaced in a placeholder count", host.Limits{Elements: 5},
			"ph = st.empty()\nfor i in range(10):\n    ph.text(str(i))\n",
			"run stopped: element limit of 5 reached (raise [limits] elements in stark.toml)", 0},
		{"elements from a worker", host.Limits{Elements: 3},
			"def w():\n    for i in range(10):\n        st.text(str(i))\nspawn(w, context=True)\n",
			"run stopped: element limit of 3 reached (raise [limits] elements in stark.toml)", 3},
		{"threads", host.Limits{Threads: 2},
			"for i in range(3):\n    spawn(len, [])\n",
			"run stopped: thread limit of 2 reached (raise [limits] threads in stark.toml)", 0},
		{"threads of threads", host.Limits{Threads: 3},
			"def w():\n    spawn(w)\nspawn(w)\n",
			"run stopped: thread limit of 3 reached (raise [limits] threads in stark.toml)", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp(t, map[string]string{"page.star": tt.page}, tt.limits)
			done := make(chan *host.Result, 1)
			go func() { done <- run(app, "page.star") }()
			var res *host.Result
			select {
			case res = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("the run did not end")
			}
			if res.Status != host.Failed || res.Err == nil {
				t.Fatalf("status %s, want failed", res.Status)
			}
			if res.Err.Message != tt.want || res.Err.Kind != "limit" {
				t.Errorf("%s error %q\nwant limit %q", res.Err.Kind, res.Err.Message, tt.want)
			}
			if got := len(bodies(res)); got != tt.texts {
				t.Errorf("%d texts written, want %d", got, tt.texts)
			}
		})
	}
}

// TestLimitFrames checks that a step limit is reported in the thread that
// was running. (The line is the interpreter's last saved position, which
// in a loop without calls may be the function's first line.)
func TestLimitFrames(t *testing.T) {
	res := run(newApp(t, map[string]string{"page.star": "def f():\n    x = 0\n    while True:\n        x += 1\nf()\n"}, host.Limits{Steps: 10_000}), "page.star")
	if res.Err == nil || len(res.Err.Frames) != 2 {
		t.Fatalf("error %v, want two frames", res.Err)
	}
	if f := res.Err.Frames[1]; f.File != "page.star" || f.Func != "f" {
		t.Errorf("frame %s, want f in page.star", f)
	}
}

// TestAppThreadsQueue checks that spawn past the app's thread bound waits
// for a slot rather than failing.
func TestAppThreadsQueue(t *testing.T) {
	app := newApp(t, map[string]string{"page.star": src(
		`def w(i):`,
		`    sleep(0.01)`,
		`    return i`,
		`st.text(repr(wait([spawn(w, i) for i in range(6)])))`,
	)}, host.Limits{AppThreads: 2})
	res := run(app, "page.star")
	if res.Status != host.Completed {
		t.Fatalf("status %s: %v", res.Status, res.Err)
	}
	if got := bodies(res); len(got) != 1 || got[0] != "[0, 1, 2, 3, 4, 5]" {
		t.Errorf("texts %q", got)
	}
}

func TestLimitDefaults(t *testing.T) {
	app := newApp(t, nil, host.Limits{Steps: 5})
	got := app.Limits()
	for _, f := range []struct {
		name      string
		got, want int64
	}{
		{"Steps", int64(got.Steps), 5},
		{"WallTime", int64(got.WallTime), int64(host.DefaultWallTime)},
		{"Threads", int64(got.Threads), host.DefaultThreads},
		{"AppThreads", int64(got.AppThreads), host.DefaultAppThreads},
		{"Elements", int64(got.Elements), host.DefaultElements},
	} {
		if f.got != f.want {
			t.Errorf("Limits().%s = %d, want %d", f.name, f.got, f.want)
		}
	}
}

// TestStepsReported checks that a run reports the steps its threads took.
func TestStepsReported(t *testing.T) {
	app := newApp(t, map[string]string{
		"small.star": "x = 1\n",
		"loop.star":  "for i in range(1000):\n    pass\n",
		"spawn.star": "def f():\n    for i in range(1000):\n        pass\nwait([spawn(f), spawn(f)])\n",
	}, host.Limits{})
	small, loop, spawned := run(app, "small.star").Steps, run(app, "loop.star").Steps, run(app, "spawn.star").Steps
	if small == 0 || small >= loop {
		t.Errorf("steps: small page %d, loop of 1000 %d", small, loop)
	}
	if spawned < 2*1000 {
		t.Errorf("steps of two workers looping 1000 times: %d, want at least 2000", spawned)
	}
}
