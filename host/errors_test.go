package host_test

// Tests of the errors a page author sees: runtime errors with frames
// relative to the app root, compile errors at the syntax error's position.

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
)

func TestRuntimeErrors(t *testing.T) {
	files := map[string]string{
		"lib/m.star": src(
			`def divide(a, b):`,
			`    return a // b`,
			`def twice(f):`,
			`    return f() + f()`,
		),
	}
	tests := []struct {
		name   string
		page   string
		want   string
		frames string // file:line:col: in func, one per frame, outermost first
	}{
		{"at top level", "x = 1\ny = x + \"a\"\n",
			`unknown binary op: int + string`,
			"page.star:2:7: in <toplevel>"},
		{"in a module", "load(\"lib/m.star\", \"divide\")\nst.text(str(divide(1, 0)))\n",
			`floored division by zero`,
			"page.star:2:19: in <toplevel>\nlib/m.star:2:14: in divide"},
		{"through a lambda", "load(\"lib/m.star\", \"twice\")\ntwice(lambda: {}[\"k\"])\n",
			`key "k" not in dict`,
			"page.star:2:6: in <toplevel>\nlib/m.star:4:13: in twice\npage.star:2:17: in lambda"},
		{"in a builtin", "st.slider(\"s\", min_value=[1])\n",
			`st.slider: for parameter min_value: got list, want int or float`,
			"page.star:1:10: in <toplevel>"},
		{"fail", "def check(x):\n    if x < 0:\n        fail(\"negative:\", x)\ncheck(-1)\n",
			`fail: negative: -1`,
			"page.star:4:6: in <toplevel>\npage.star:3:13: in check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := map[string]string{"page.star": tt.page}
			for k, v := range files {
				f[k] = v
			}
			res := run(newApp(t, f, host.Limits{}), "page.star")
			if res.Status != host.Failed || res.Err == nil {
				t.Fatalf("status %s, want failed", res.Status)
			}
			if res.Err.Kind != "runtime" {
				t.Errorf("kind %q, want runtime", res.Err.Kind)
			}
			if res.Err.Message != tt.want {
				t.Errorf("message %q\nwant %q", res.Err.Message, tt.want)
			}
			var frames []string
			for _, fr := range res.Err.Frames {
				frames = append(frames, fr.String())
			}
			if got := strings.Join(frames, "\n"); got != tt.frames {
				t.Errorf("frames:\n%s\nwant:\n%s", got, tt.frames)
			}
			last := res.Err.Frames[len(res.Err.Frames)-1]
			wantErr := last.File + ":" + itoa(last.Line) + ":" + itoa(last.Col) + ": " + tt.want
			if res.Err.Error() != wantErr {
				t.Errorf("Error() = %q, want %q", res.Err.Error(), wantErr)
			}
		})
	}
}

func itoa(n int) string { return starlark.MakeInt(n).String() }

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // Error(): the position, then the message
		kind  string
	}{
		{"syntax", map[string]string{"page.star": "x = (1,\n"}, "page.star:2:1: got end of file, want ')'", "compile"},
		{"indentation", map[string]string{"page.star": "if True:\nx = 1\n"}, "page.star:2:2: got identifier, want indent", "compile"},
		{"undefined name", map[string]string{"page.star": "x = 1\nprint(y)\n"}, "page.star:2:7: undefined: y", "compile"},
		{"no such builtin", map[string]string{"page.star": "spawnn(len)\n"}, "page.star:1:1: undefined: spawnn", "compile"},
		{"in a subdirectory", map[string]string{"pages/p.star": "def f(:\n"}, "pages/p.star:1:8: got ':', want ')'", "compile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp(t, tt.files, host.Limits{})
			var page string
			for k := range tt.files {
				page = k
			}
			res := run(app, page)
			if res.Status != host.Failed || res.Err == nil {
				t.Fatalf("status %s, want failed", res.Status)
			}
			if res.Err.Kind != tt.kind {
				t.Errorf("kind %q, want %q", res.Err.Kind, tt.kind)
			}
			if got := res.Err.Error(); got != tt.want {
				t.Errorf("error %q\nwant %q", got, tt.want)
			}
			if len(res.Err.Frames) != 1 {
				t.Errorf("frames %v, want the error's position only", res.Err.Frames)
			}
			if res.Tree.Len() != 0 {
				t.Errorf("a page that does not compile wrote %d elements", res.Tree.Len())
			}
		})
	}
}

// TestCompileErrorInModule checks that a module that does not compile fails
// the load with the module's position in the message.
func TestCompileErrorInModule(t *testing.T) {
	res := run(newApp(t, map[string]string{
		"page.star":    "st.text(\"before\")\nload(\"lib/bad.star\", \"X\")\n",
		"lib/bad.star": "X = (\n",
	}, host.Limits{}), "page.star")
	want := "cannot load lib/bad.star: lib/bad.star:2:1: got end of file, want primary expression"
	if got := errMessage(res); got != want {
		t.Errorf("error %q\nwant %q", got, want)
	}
	if f := res.Err.Frames; len(f) == 0 || f[len(f)-1].String() != "page.star:2:1: in <toplevel>" {
		t.Errorf("frames %v, want the load statement", f)
	}
}

func TestBacktrace(t *testing.T) {
	e := &host.Error{Kind: "runtime", Message: "boom", Frames: []host.Frame{
		{File: "page.star", Line: 3, Col: 2, Func: "<toplevel>"},
		{File: "lib/m.star", Line: 7, Col: 9, Func: "f"},
	}}
	want := "Traceback (most recent call last):\n  page.star:3:2: in <toplevel>\n  lib/m.star:7:9: in f\nError: boom"
	if got := e.Backtrace(); got != want {
		t.Errorf("Backtrace:\n%s\nwant:\n%s", got, want)
	}
	if got := e.Error(); got != "lib/m.star:7:9: boom" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&host.Error{Message: "plain"}).Error(); got != "plain" {
		t.Errorf("Error() without frames = %q", got)
	}
}

// TestPanicInBuiltin checks that a builtin's panic fails the run (or the
// task) with an internal error, and does not take the process down.
func TestPanicInBuiltin(t *testing.T) {
	boom := starlark.NewBuiltin("boom", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		panic("broken builtin")
	})
	dir := t.TempDir()
	opts := starlib.Options(host.Limits{})
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	pre := starlark.StringDict{"boom": boom}
	for k, v := range starlib.Predeclared() {
		pre[k] = v
	}
	opts.Predeclared = pre
	app, err := host.NewApp(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	const want = "internal error in stark: broken builtin (a bug in stark, not in the page; the server log has the details)"
	for _, tt := range []struct{ name, page, want string }{
		{"script", "st.text(\"before\")\nboom()\n", want},
		{"worker", "spawn(boom).result()\n", "task.result: spawn-1 failed: " + want},
		{"unobserved worker", "spawn(boom)\n", "spawn-1 failed: " + want},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := app.Run(host.RunOptions{Page: "page.star", Source: []byte(tt.page), State: host.NewState()})
			if res.Status != host.Failed || errMessage(res) != tt.want {
				t.Errorf("%s: %q\nwant failed: %q", res.Status, errMessage(res), tt.want)
			}
		})
	}
}
