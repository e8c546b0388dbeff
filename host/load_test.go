package host_test

// Tests of load(): paths resolved inside the app root only, cycles refused,
// modules executed once per content and handed out frozen, files compiled
// once per content.

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
)

func TestLoadPaths(t *testing.T) {
	lib := map[string]string{
		"lib/x.star":      `X = "root lib"`,
		"sub/lib/x.star":  `X = "sub lib"`,
		"sub/helper.star": `H = "sub helper"`,
		"sub/root.star":   "load(\"lib/x.star\", \"X\")\nM = X\n",
		"sub/dot.star":    "load(\"./helper.star\", \"H\")\nM = H\n",
		"sub/dotlib.star": "load(\"./lib/x.star\", \"X\")\nM = X\n",
		"sub/up.star":     "load(\"../lib/x.star\", \"X\")\nM = X\n",
		"sub/out.star":    "load(\"../../x.star\", \"X\")\nM = X\n",
		"data.txt":        "X = 1\n",
	}
	tests := []struct {
		name string
		page string
		want string // the text the page writes, or the run's error
	}{
		{"relative to the root", `load("lib/x.star", "X")` + "\nst.text(X)", "root lib"},
		{"a module's plain path is relative to the root", `load("sub/root.star", "M")` + "\nst.text(M)", "root lib"},
		{"./ is relative to the loading file", `load("sub/dot.star", "M")` + "\nst.text(M)", "sub helper"},
		{"./ into a subdirectory of the loading file", `load("sub/dotlib.star", "M")` + "\nst.text(M)", "sub lib"},
		{"../ inside the root", `load("sub/up.star", "M")` + "\nst.text(M)", "root lib"},
		{"renamed", `load("lib/x.star", y="X")` + "\nst.text(y)", "root lib"},
		{"../ leaving the root", `load("../x.star", "X")`,
			`cannot load ../x.star: load "../x.star": the path leaves the app directory`},
		{"../ leaving the root from a module", `load("sub/out.star", "M")`,
			`cannot load sub/out.star: sub/out.star:1:6: load "../../x.star": the path leaves the app directory`},
		{"a plain path with ..", `load("lib/../../x.star", "X")`,
			`cannot load lib/../../x.star: load "lib/../../x.star": the path leaves the app directory`},
		{"absolute path", `load("/etc/x.star", "X")`,
			`cannot load /etc/x.star: load "/etc/x.star": absolute paths are not allowed; name a file inside the app, relative to its root`},
		{"missing file", `load("lib/nope.star", "X")`,
			`cannot load lib/nope.star: load "lib/nope.star": no such file in the app (looked for lib/nope.star)`},
		{"not a .star file", `load("data.txt", "X")`,
			`cannot load data.txt: load "data.txt": modules are .star files`},
		{"missing name", `load("lib/x.star", "Y")`,
			`load: name Y not found in module lib/x.star`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"page.star": tt.page}
			for k, v := range lib {
				files[k] = v
			}
			res := run(newApp(t, files, host.Limits{}), "page.star")
			if res.Status == host.Completed {
				if got := bodies(res); len(got) != 1 || got[0] != tt.want {
					t.Errorf("texts %q, want %q", got, tt.want)
				}
				return
			}
			if got := errMessage(res); got != tt.want {
				t.Errorf("%s: error %q\nwant %q", res.Status, got, tt.want)
			}
		})
	}
}

func TestLoadSymlinks(t *testing.T) {
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"x.star": `X = "outside"`, "dir/y.star": `Y = "outside"`})
	app := newApp(t, map[string]string{"lib/in.star": `X = "inside"`}, host.Limits{})
	links := map[string]string{
		"out.star":      filepath.Join(outside, "x.star"),
		"outdir":        filepath.Join(outside, "dir"),
		"in.star":       filepath.Join(app.Root, "lib", "in.star"),
		"relative.star": "lib/in.star",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(app.Root, name)); err != nil {
			t.Skipf("symlinks: %v", err)
		}
	}
	tests := []struct {
		name string
		page string
		want string
	}{
		{"file pointing outside", `load("out.star", "X")`,
			`cannot load out.star: load "out.star": out.star is a symlink that leaves the app directory`},
		{"directory pointing outside", `load("outdir/y.star", "Y")`,
			`cannot load outdir/y.star: load "outdir/y.star": outdir/y.star is a symlink that leaves the app directory`},
		{"absolute link inside", `load("in.star", "X")` + "\nst.text(X)", "inside"},
		{"relative link inside", `load("relative.star", "X")` + "\nst.text(X)", "inside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := app.Run(host.RunOptions{Page: "page.star", Source: []byte(tt.page), State: host.NewState()})
			if res.Status == host.Completed {
				if got := bodies(res); len(got) != 1 || got[0] != tt.want {
					t.Errorf("texts %q, want %q", got, tt.want)
				}
				return
			}
			if got := errMessage(res); got != tt.want {
				t.Errorf("%s: error %q\nwant %q", res.Status, got, tt.want)
			}
		})
	}
	// A page may not be a link out either.
	if _, err := app.Program("out.star"); err == nil || !strings.Contains(err.Error(), "symlink that leaves the app directory") {
		t.Errorf("Program(out.star): %v, want the symlink refused", err)
	}
}

func TestLoadCycles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"two modules", map[string]string{
			"page.star": `load("a.star", "A")`,
			"a.star":    "load(\"b.star\", \"B\")\nA = 1\n",
			"b.star":    "load(\"a.star\", \"A\")\nB = 1\n",
		}, `cannot load a.star: load cycle: a.star -> b.star -> a.star`},
		{"a module loads itself", map[string]string{
			"page.star": `load("a.star", "A")`,
			"a.star":    "load(\"a.star\", \"A\")\nA = 1\n",
		}, `cannot load a.star: load cycle: a.star -> a.star`},
		{"through ./", map[string]string{
			"page.star":  `load("lib/a.star", "A")`,
			"lib/a.star": "load(\"./b.star\", \"B\")\nA = 1\n",
			"lib/b.star": "load(\"lib/a.star\", \"A\")\nB = 1\n",
		}, `cannot load lib/a.star: load cycle: lib/a.star -> lib/b.star -> lib/a.star`},
		{"back to the page", map[string]string{
			"page.star": "load(\"a.star\", \"A\")\nP = 1\n",
			"a.star":    "load(\"page.star\", \"P\")\nA = 1\n",
		}, `cannot load a.star: load cycle: a.star -> page.star -> a.star`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(newApp(t, tt.files, host.Limits{}), "page.star")
			if res.Status != host.Failed {
				t.Fatalf("status %s, want failed", res.Status)
			}
			if got := errMessage(res); got != tt.want {
				t.Errorf("error %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestModuleOnce checks that a module's top level runs once for every
// session and run of the app, and that its globals are frozen.
func TestModuleOnce(t *testing.T) {
	app := newApp(t, map[string]string{
		"lib/m.star": src(
			`def _one():`,
			`    return 1`,
			`ONE = cache_data(_one)()`, // counted by the app's cache
			`ITEMS = [1, 2]`,
			`CONF = {"a": 1}`,
		),
		"page.star":  "load(\"lib/m.star\", \"ONE\")\nst.text(str(ONE))\n",
		"other.star": "load(\"lib/m.star\", \"ONE\")\nst.text(str(ONE))\n",
	}, host.Limits{})
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		for _, page := range []string{"page.star", "other.star"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if res := run(app, page); res.Status != host.Completed {
					t.Errorf("%s: %s %v", page, res.Status, res.Err)
				}
			}()
		}
	}
	wg.Wait()
	if hits, misses := app.Cache.Hits.Load(), app.Cache.Misses.Load(); misses != 1 || hits != 0 {
		t.Errorf("the module's top level ran %d times (cache misses %d, hits %d), want once", misses+hits, misses, hits)
	}

	for _, tt := range []struct{ name, page, want string }{
		{"list", "load(\"lib/m.star\", \"ITEMS\")\nITEMS.append(3)\n", "append: cannot append to frozen list"},
		{"dict", "load(\"lib/m.star\", \"CONF\")\nCONF[\"b\"] = 2\n", "cannot insert into frozen hash table"},
	} {
		t.Run("frozen "+tt.name, func(t *testing.T) {
			res := app.Run(host.RunOptions{Page: "page.star", Source: []byte(tt.page), State: host.NewState()})
			if got := errMessage(res); got != tt.want {
				t.Errorf("error %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCompiledOnce checks that a file is compiled once per content, and
// that a change of a module recompiles and re-executes it only.
func TestCompiledOnce(t *testing.T) {
	app := newApp(t, map[string]string{
		"lib/m.star": "V = \"one\"\n",
		"page.star":  "load(\"lib/m.star\", \"V\")\nst.text(V)\n",
	}, host.Limits{})
	for i := 0; i < 5; i++ {
		res := run(app, "page.star")
		if got := bodies(res); len(got) != 1 || got[0] != "one" {
			t.Fatalf("run %d: texts %q (%v)", i, got, res.Err)
		}
	}
	if got := app.Compilations(); got != 2 {
		t.Errorf("after 5 runs: %d compilations, want 2 (the page and its module)", got)
	}

	writeFiles(t, app.Root, map[string]string{"lib/m.star": "V = \"changed\"\n"})
	res := run(app, "page.star")
	if got := bodies(res); len(got) != 1 || got[0] != "changed" {
		t.Errorf("after the change: texts %q (%v), want changed", got, res.Err)
	}
	if got := app.Compilations(); got != 3 {
		t.Errorf("after the change: %d compilations, want 3", got)
	}

	// A change the file's size and time do not show is seen after Forget,
	// as the hot reloader calls it.
	p := filepath.Join(app.Root, "lib", "m.star")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, app.Root, map[string]string{"lib/m.star": "V = \"CHANGED\"\n"})
	if err := os.Chtimes(p, time.Now(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	app.Forget("lib/m.star")
	res = run(app, "page.star")
	if got := bodies(res); len(got) != 1 || got[0] != "CHANGED" {
		t.Errorf("after Forget: texts %q (%v), want CHANGED", got, res.Err)
	}

	// The same content as source compiles nothing.
	before := app.Compilations()
	page, _ := os.ReadFile(filepath.Join(app.Root, "page.star"))
	app.Run(host.RunOptions{Page: "page.star", Source: page, State: host.NewState()})
	if got := app.Compilations(); got != before {
		t.Errorf("running the same content as Source compiled %d files", got-before)
	}
}

// TestModuleAfterCancelledLoad checks that a module whose first execution
// was cancelled with its run is executed again for the next run, rather
// than handing that run the cancellation.
func TestModuleAfterCancelledLoad(t *testing.T) {
	app := newApp(t, map[string]string{
		"lib/slow.star": src(
			`def _wait():`,
			`    sleep(1)  # long beside the test's 20 ms, so the first run is still loading when it is cancelled, however loaded the machine`,
			`    return "ready"`,
			`V = _wait()`,
		),
		"page.star":  "load(\"lib/slow.star\", \"V\")\nst.text(V)\n",
		"first.star": "st.text(\"first\")\nload(\"lib/slow.star\", \"V\")\n",
	}, host.Limits{})
	// The first run writes, then executes the module; the second waits for
	// it, and the first is cancelled meanwhile. Were the second to come
	// first, it would execute the module itself: the test would pass
	// without showing anything, never fail for it.
	started := make(chan struct{})
	first := app.Start(host.RunOptions{Page: "first.star", State: host.NewState(), OnChange: func(host.Change) { close(started) }})
	<-started
	second := app.Start(host.RunOptions{Page: "page.star", State: host.NewState()})
	time.Sleep(20 * time.Millisecond)
	first.Cancel(host.Superseded)
	res := second.Wait()
	if res.Status != host.Completed {
		t.Fatalf("second run: %s %v", res.Status, res.Err)
	}
	if got := bodies(res); len(got) != 1 || got[0] != "ready" {
		t.Errorf("second run: texts %q, want ready", got)
	}
	if r := first.Wait(); r.Status != host.Cancelled {
		t.Errorf("first run: %s, want cancelled", r.Status)
	}
}

// TestCheck checks the compile-only pass over pages and the modules they
// load.
func TestCheck(t *testing.T) {
	app := newApp(t, map[string]string{
		"1_Good.star":   "load(\"lib/ok.star\", \"X\")\nst.text(X)\n",
		"2_Bad.star":    "st.text(\n",
		"3_Mod.star":    "load(\"lib/bad.star\", \"Y\")\n",
		"_private.star": "this is not starlark",
		"lib/ok.star":   "X = \"x\"\n",
		"lib/bad.star":  "Y = undefined_name\n",
	}, host.Limits{})
	errs, files, err := app.Check()
	if err != nil {
		t.Fatal(err)
	}
	if files != 5 {
		t.Errorf("checked %d files, want 5", files)
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{
		"2_Bad.star:2:1: got end of file, want ')'",
		"lib/bad.star:1:5: undefined: undefined_name",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestProgramWatched: while a watcher runs, a run takes its page's program
// without looking at the file (a save is seen through the watcher's
// Reload); without one, every run sees the file as it is.
func TestProgramWatched(t *testing.T) {
	app := newApp(t, map[string]string{"p.star": `st.write("one")`}, host.Limits{})
	app.SetWatched(true)
	if got := bodies(run(app, "p.star")); len(got) != 1 || got[0] != "one" {
		t.Fatalf("first run: %q", got)
	}
	writeFiles(t, app.Root, map[string]string{"p.star": `st.write("two!")`})
	if got := bodies(run(app, "p.star")); len(got) != 1 || got[0] != "one" {
		t.Fatalf("watched, before the watcher's reload: %q, want the program it compiled", got)
	}
	app.Reload([]string{"p.star"})
	if got := bodies(run(app, "p.star")); len(got) != 1 || got[0] != "two!" {
		t.Fatalf("after the reload: %q", got)
	}
	app.SetWatched(false)
	writeFiles(t, app.Root, map[string]string{"p.star": `st.write("three!!")`})
	if got := bodies(run(app, "p.star")); len(got) != 1 || got[0] != "three!!" {
		t.Fatalf("not watched: %q, want the file as it is", got)
	}
}
