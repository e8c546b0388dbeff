package host_test

// Tests of the ScriptRunContext's life: it works while its run goes on and
// refuses every call once the run is over.

import (
	"errors"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
)

// contextApp returns an app whose runs report their contexts on ctxs.
func contextApp(t *testing.T, files map[string]string, ctxs chan<- *host.ScriptRunContext) *host.App {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	opts := starlib.Options(host.Limits{})
	opts.PageGlobals = func(ctx *host.ScriptRunContext) starlark.StringDict {
		ctxs <- ctx
		return opts.Predeclared
	}
	app, err := host.NewApp(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func TestContextAfterRun(t *testing.T) {
	ctxs := make(chan *host.ScriptRunContext, 1)
	app := contextApp(t, map[string]string{"page.star": `st.text("x")`}, ctxs)
	res := run(app, "page.star")
	if res.Status != host.Completed {
		t.Fatalf("status %s", res.Status)
	}
	ctx := <-ctxs
	if err := ctx.Check(); !errors.Is(err, host.ErrRunOver) {
		t.Errorf("Check() after the run = %v, want ErrRunOver", err)
	}
	if _, err := ctx.Append(ctx.Root("main"), &host.Element{Kind: "text", Props: map[string]any{"body": "late"}}, false, false); !errors.Is(err, host.ErrRunOver) {
		t.Errorf("Append after the run = %v, want ErrRunOver", err)
	}
	if n := res.Tree.Len(); n != 1 {
		t.Errorf("the tree has %d elements after a late append, want 1", n)
	}
	if _, err := ctx.Live(); !errors.Is(err, host.ErrRunOver) {
		t.Errorf("Live() with no run in progress = %v, want ErrRunOver", err)
	}
}

// TestContextLive checks that a context whose run ended leads to the
// session's run in progress, and to no other session's.
func TestContextLive(t *testing.T) {
	ctxs := make(chan *host.ScriptRunContext, 3)
	app := contextApp(t, map[string]string{
		"page.star": `st.text("x")`,
		"wait.star": "st.text(\"started\")\nsleep(100)\n",
	}, ctxs)
	state := host.NewState()
	app.Run(host.RunOptions{Page: "page.star", State: state})
	old := <-ctxs

	started := make(chan struct{})
	second := app.Start(host.RunOptions{Page: "wait.star", State: state, OnChange: func(host.Change) { close(started) }})
	cur := <-ctxs
	<-started
	other := app.Start(host.RunOptions{Page: "wait.star", State: host.NewState()})
	<-ctxs

	if got, err := old.Live(); err != nil || got != cur {
		t.Errorf("Live() of the earlier run = %p, %v; want the session's run in progress %p", got, err, cur)
	}
	if got, err := cur.Live(); err != nil || got != cur {
		t.Errorf("Live() of the run in progress = %p, %v; want itself", got, err)
	}
	second.Cancel(host.Superseded)
	other.Cancel(host.Superseded)
	second.Wait()
	other.Wait()
	if _, err := old.Live(); err == nil {
		t.Errorf("Live() after every run of the session ended: no error")
	}
}

// TestResultWidgetsStayAfterFailedRun checks that a run's Result.Widgets,
// which the session's state shares (one copy per run), is not changed by a
// later run of the session that fails after declaring other widgets.
func TestResultWidgetsStayAfterFailedRun(t *testing.T) {
	app := newApp(t, map[string]string{"page.star": ""}, host.Limits{})
	state := host.NewState()
	first := app.Run(host.RunOptions{Page: "page.star", Source: []byte("st.slider(\"a\", 0, 10)\n"), State: state})
	if first.Status != host.Completed || len(first.Widgets) != 1 {
		t.Fatalf("first run: %s, %d widgets, %v", first.Status, len(first.Widgets), first.Err)
	}
	second := app.Run(host.RunOptions{Page: "page.star", Source: []byte("st.slider(\"b\", 0, 10)\nfail(\"no\")\n"), State: state})
	if second.Status != host.Failed || len(second.Widgets) != 1 {
		t.Fatalf("second run: %s, %d widgets, %v", second.Status, len(second.Widgets), second.Err)
	}
	if len(first.Widgets) != 1 {
		t.Errorf("the first run's widgets changed after a failed run: %d, want 1", len(first.Widgets))
	}
	third := app.Run(host.RunOptions{Page: "page.star", Source: []byte("st.slider(\"a\", 0, 10)\n"), State: state})
	if third.Status != host.Completed || len(third.Widgets) != 1 {
		t.Fatalf("third run: %s, %d widgets, %v", third.Status, len(third.Widgets), third.Err)
	}
}
