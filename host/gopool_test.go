package host_test

import (
	"bytes"
	"runtime"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// Runs started one after another execute on reused goroutines, whose
// stacks stay grown, rather than on a new goroutine each.
func TestRunsReuseGoroutines(t *testing.T) {
	ids := map[string]bool{}
	gid := starlark.NewBuiltin("gid", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		b := make([]byte, 64)
		b = b[:runtime.Stack(b, false)]
		ids[string(bytes.Fields(b)[1])] = true // "goroutine N [running]:"
		return starlark.None, nil
	})
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"page.star": "gid()\n"})
	app, err := host.NewApp(dir, host.Options{Predeclared: starlark.StringDict{"gid": gid}})
	if err != nil {
		t.Fatal(err)
	}
	const runs = 20
	for range runs {
		r := app.Start(host.RunOptions{Page: "page.star"})
		if res := r.Wait(); res.Status != host.Completed {
			t.Fatalf("run: %v %v", res.Status, res.Err)
		}
		// Let the run's goroutine reach its wait for the next run (no
		// timing is asserted: a run that finds no waiting goroutine runs
		// on a new one, which only makes the count below larger).
		time.Sleep(time.Millisecond)
	}
	if len(ids) > runs/2 {
		t.Errorf("%d runs executed on %d goroutines, want them reused", runs, len(ids))
	}
}
