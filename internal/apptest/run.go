// Package apptest runs an app's tests: the `*_test.star` files of an app
// directory and of its tests/ folder. Each top-level function of such a file
// named test_* is a test; it drives the app's pages headless through
// `apptest(page)` (a session of internal/harness over the app, as a browser's
// tab) and checks them with the `assert` module. Tests run in parallel, each
// on its own thread under a step limit; the pages run under the app's limits,
// as they do when served. `stark test` prints what Run reports.
package apptest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
)

// DefaultMaxSteps is the step limit of a test's own thread (and of a test
// file's top level), when Options.MaxSteps is 0. The pages a test runs
// have the app's limits.
const DefaultMaxSteps = 100_000_000

// maxOutput bounds what one test may print.
const maxOutput = 1 << 20

// Options are the settings of a run of an app's tests.
type Options struct {
	// Run, when set, selects the tests whose "file:test_name" it matches.
	Run *regexp.Regexp
	// Parallel is how many tests run at once (0: 4 × GOMAXPROCS: a test
	// mostly waits for its page's runs, which sleep and wait for workers).
	Parallel int
	// MaxSteps is the step limit of each test's thread (0: DefaultMaxSteps).
	MaxSteps uint64
	// Limits override the app's stark.toml for the pages the tests run.
	Limits host.Limits
	// Configure, when set, changes the options of the app the tests share
	// after stark.toml applied (a hook for fixtures).
	Configure func(*host.Options)
	// Cover counts the statements of the pages the tests run (see
	// Suite.Coverage); the pages are compiled with a counter per statement.
	Cover bool
}

// A Suite is the tests of one app directory, compiled.
type Suite struct {
	Dir   string  // the app's directory
	Files []*File // in path order
	opts  Options

	appOnce sync.Once
	app     *host.App
	appErr  error
	base    host.Options       // the app's options (from stark.toml), for private apps
	modules map[string]*module // the files test files load, by path
	cover   *Coverage          // with Options.Cover
}

// A File is one test file of the suite.
type File struct {
	Path  string   // relative to the app directory, slash-separated
	Tests []string // the test_* functions selected, in definition order (after Run)
	prog  *starlark.Program
}

// A Result is the outcome of one test; a test file whose top level failed
// has one Result with an empty Name.
type Result struct {
	File    string        `json:"file"`
	Name    string        `json:"name"`
	Passed  bool          `json:"passed"`
	Elapsed time.Duration `json:"-"`
	// Output is what the test printed (print()).
	Output string `json:"output,omitempty"`
	// Failure says why the test failed: the position in the test file and
	// the message, and the page's error when the page's last run failed.
	Failure string `json:"failure,omitempty"`
}

// Find returns the test files of the app in dir: *_test.star in dir and
// under dir/tests, relative to dir and slash-separated, sorted.
func Find(dir string) ([]string, error) {
	var out []string
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		if !e.IsDir() && host.IsTestFile(e.Name()) {
			out = append(out, e.Name())
		}
	}
	tests := filepath.Join(dir, "tests")
	if fi, err := os.Stat(tests); err == nil && fi.IsDir() {
		err := filepath.WalkDir(tests, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != tests {
				return filepath.SkipDir
			}
			if !d.IsDir() && host.IsTestFile(d.Name()) {
				rel, _ := filepath.Rel(dir, p)
				out = append(out, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// names are the predeclared names of a test file.
var names = func() starlark.StringDict {
	d := starlark.StringDict{
		"apptest": starlark.NewBuiltin("apptest", newApp),
		"assert":  assertModule,
	}
	for _, k := range []string{"json", "time", "math"} {
		d[k] = starlib.Predeclared()[k]
	}
	d["struct"] = structBuiltin
	d.Freeze()
	return d
}()

// Predeclared returns the names a test file sees: apptest, assert, struct,
// json, time and math (not st: a test is not a page).
func Predeclared() starlark.StringDict { return names }

// Check compiles the test files of the app in dir (and the modules they
// load) and returns their mistakes (host.Error, with position and line)
// and how many files it read.
func Check(dir string) ([]*host.Error, int, error) {
	files, err := Find(dir)
	if err != nil {
		return nil, 0, err
	}
	c := &compiler{dir: dir, progs: map[string]*starlark.Program{}}
	var errs []*host.Error
	for _, f := range files {
		if _, err := c.compile(f, nil); err != nil {
			errs = append(errs, err)
		}
	}
	return errs, len(files), nil
}

// A compiler compiles test files and the modules they load (test helper
// modules, which see what a test file sees), each once, refusing a load
// cycle before anything runs.
type compiler struct {
	dir   string
	progs map[string]*starlark.Program // by path relative to dir
}

// compile compiles rel and what it loads; chain is the files whose loads
// led to it.
func (c *compiler) compile(rel string, chain []string) (*starlark.Program, *host.Error) {
	if p, ok := c.progs[rel]; ok {
		return p, nil
	}
	prog, err := host.CompileFile(c.dir, rel, names.Has)
	if err != nil {
		var he *host.Error
		if errors.As(err, &he) {
			if he.Message == "undefined: st" {
				he.Hint = `a test is not a page: it opens one with app = apptest("page.star"), runs it with app.run() and reads its elements (app.markdown[0].body)`
			}
			return nil, he
		}
		return nil, &host.Error{Kind: "compile", Message: err.Error()}
	}
	chain = append(chain, rel)
	abs := filepath.Join(c.dir, filepath.FromSlash(rel))
	for i := 0; i < prog.NumLoads(); i++ {
		m, pos := prog.Load(i)
		at := []host.Frame{{File: rel, Line: int(pos.Line), Col: int(pos.Col)}}
		_, mrel, err := host.ResolveIn(c.dir, abs, m, "load")
		if err != nil {
			return nil, &host.Error{Kind: "compile", Message: err.Error(), Frames: at}
		}
		if !strings.HasSuffix(mrel, ".star") {
			return nil, &host.Error{Kind: "compile", Message: fmt.Sprintf("load %q: modules are .star files", m), Frames: at}
		}
		if slices.Contains(chain, mrel) {
			cycle := append(chain[slices.Index(chain, mrel):], mrel)
			return nil, &host.Error{Kind: "compile", Message: "load cycle: " + strings.Join(cycle, " -> "), Frames: at}
		}
		if _, herr := c.compile(mrel, chain); herr != nil {
			return nil, herr
		}
	}
	c.progs[rel] = prog
	return prog, nil
}

// Load finds and compiles the test files of the app in dir and the modules
// they load. A file that does not compile is an error in errs (the suite
// is nil then).
func Load(dir string, opts Options) (s *Suite, errs []*host.Error, err error) {
	if dir, err = filepath.Abs(dir); err != nil {
		return nil, nil, err
	}
	files, err := Find(dir)
	if err != nil {
		return nil, nil, err
	}
	s = &Suite{Dir: dir, opts: opts, modules: map[string]*module{}}
	c := &compiler{dir: dir, progs: map[string]*starlark.Program{}}
	for _, rel := range files {
		prog, herr := c.compile(rel, nil)
		if herr != nil {
			errs = append(errs, herr)
			continue
		}
		s.Files = append(s.Files, &File{Path: rel, prog: prog})
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	for rel, prog := range c.progs {
		s.modules[rel] = &module{prog: prog}
	}
	return s, nil, nil
}

// A module is a file a test file loads: its top level runs once for the
// suite, on the first load, and its frozen globals are shared.
type module struct {
	prog    *starlark.Program
	once    sync.Once
	globals starlark.StringDict
	err     error
}

// load is the Load of a test's threads: the module the calling file names,
// resolved as a page's load() is, compiled by Load.
func (s *Suite) load(th *starlark.Thread, name string) (starlark.StringDict, error) {
	from := th.CallFrame(0).Pos.Filename()
	_, rel, err := host.ResolveIn(s.Dir, from, name, "load")
	if err != nil {
		return nil, err
	}
	m := s.modules[rel]
	if m == nil {
		return nil, fmt.Errorf("load %q: %s is not a module of the tests", name, rel)
	}
	m.once.Do(func() {
		out := &bytes.Buffer{}
		mth := s.thread("load "+rel, out)
		mth.Print = th.Print
		m.globals, m.err = m.prog.Init(mth, names)
		if m.err != nil {
			m.err = fmt.Errorf("%s", host.ErrorOf(s.Dir, m.err).Error())
			return
		}
		m.globals.Freeze()
	})
	return m.globals, m.err
}

// App returns the app the tests share, made from the directory's
// stark.toml as a server makes it, once.
func (s *Suite) App() (*host.App, error) {
	s.appOnce.Do(func() {
		cfg, err := config.Load(s.Dir)
		if err != nil {
			s.appErr = err
			return
		}
		opts := cfg.Options(starlib.Options(host.Limits{}))
		opts.Limits = config.MergeLimits(opts.Limits, s.opts.Limits)
		if s.opts.Configure != nil {
			s.opts.Configure(&opts)
		}
		if s.opts.Cover {
			s.cover = newCoverage(s.Dir)
			pre := make(starlark.StringDict, len(opts.Predeclared)+1)
			for k, v := range opts.Predeclared {
				pre[k] = v
			}
			pre[host.CoverBuiltin] = s.cover.builtin()
			pre.Freeze()
			opts.Predeclared = pre
		}
		s.base = opts
		s.app, s.appErr = host.NewApp(s.Dir, opts)
	})
	return s.app, s.appErr
}

// privateApp returns a new app of the directory with the shared app's
// options changed by configure (its own clock, say): the caller closes it.
func (s *Suite) privateApp(configure func(*host.Options)) (*host.App, error) {
	if _, err := s.App(); err != nil {
		return nil, err
	}
	opts := s.base
	configure(&opts)
	return host.NewApp(s.Dir, opts)
}

// Coverage returns the coverage of the app's files by the tests run so
// far (Options.Cover), nil without it.
func (s *Suite) Coverage() ([]FileCoverage, error) {
	if !s.opts.Cover {
		return nil, nil
	}
	app, err := s.App()
	if err != nil {
		return nil, err
	}
	pages, err := app.Pages()
	if err != nil {
		return nil, err
	}
	var files []string
	for _, p := range pages {
		files = append(files, p.File)
	}
	return s.cover.Files(files), nil
}

// Close releases the shared app.
func (s *Suite) Close() {
	if s.app != nil {
		s.app.Close()
	}
}

// Run runs the suite's tests, report receiving each file's results, in
// path order, once every test of the file has finished (so that the
// output does not depend on the order tests end in).
func (s *Suite) Run(report func(file string, results []Result)) {
	par := s.opts.Parallel
	if par <= 0 {
		par = 4 * runtime.GOMAXPROCS(0)
	}
	sem := make(chan struct{}, par)
	done := make([]chan []Result, len(s.Files))
	for i, f := range s.Files {
		done[i] = make(chan []Result, 1)
		go func() { done[i] <- s.runFile(f, sem) }()
	}
	for i, f := range s.Files {
		report(f.Path, <-done[i])
	}
}

// runFile runs the top level of f, then its tests in parallel.
func (s *Suite) runFile(f *File, sem chan struct{}) []Result {
	sem <- struct{}{}
	start := time.Now()
	var out bytes.Buffer
	th := s.thread(f.Path, &out)
	globals, err := f.prog.Init(th, names)
	<-sem
	if err != nil {
		return []Result{{File: f.Path, Elapsed: time.Since(start), Output: out.String(), Failure: s.describe(err, nil)}}
	}
	globals.Freeze()
	type test struct {
		name string
		fn   *starlark.Function
	}
	var tests []test
	for name, v := range globals {
		fn, ok := v.(*starlark.Function)
		if !ok || !strings.HasPrefix(name, "test_") {
			continue
		}
		if s.opts.Run != nil && !s.opts.Run.MatchString(f.Path+":"+name) {
			continue
		}
		tests = append(tests, test{name, fn})
	}
	sort.Slice(tests, func(i, j int) bool {
		a, b := tests[i].fn.Position(), tests[j].fn.Position()
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	results := make([]Result, len(tests))
	var wg sync.WaitGroup
	f.Tests = f.Tests[:0]
	for i, t := range tests {
		f.Tests = append(f.Tests, t.name)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = s.runTest(f.Path, t.name, t.fn)
		}()
	}
	wg.Wait()
	return results
}

// runTest runs one test function on a thread of its own.
func (s *Suite) runTest(file, name string, fn *starlark.Function) Result {
	start := time.Now()
	var out bytes.Buffer
	th := s.thread(file+":"+name, &out)
	tc := &testContext{suite: s}
	th.SetLocal(testKey, tc)
	r := Result{File: file, Name: name}
	if fn.NumParams() > 0 {
		pos := fn.Position()
		r.Failure = fmt.Sprintf("%s:%d:%d: %s takes %d parameter(s): a test takes none", file, pos.Line, pos.Col, name, fn.NumParams())
		return r
	}
	_, err := call(th, fn)
	tc.close()
	r.Passed, r.Elapsed, r.Output = err == nil, time.Since(start), out.String()
	if err != nil {
		r.Failure = s.describe(err, tc)
		if th.ExecutionSteps() >= s.maxSteps() {
			r.Failure += fmt.Sprintf("\nthe test took more than its %d steps (an endless loop?)", s.maxSteps())
		}
	}
	return r
}

// call calls the test function; a panic (a bug of stark's, not of the
// test) fails the test rather than the run of every test.
func call(th *starlark.Thread, fn *starlark.Function) (v starlark.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("stark failed in %s (a bug of stark's: please report it): %v", fn.Name(), r)
		}
	}()
	return starlark.Call(th, fn, nil, nil)
}

// thread returns a thread of a test file: step-limited, print() into out.
func (s *Suite) thread(name string, out *bytes.Buffer) *starlark.Thread {
	th := &starlark.Thread{Name: name, Print: func(_ *starlark.Thread, msg string) {
		if out.Len()+len(msg) < maxOutput {
			out.WriteString(msg)
			out.WriteByte('\n')
		}
	}}
	th.SetMaxExecutionSteps(s.maxSteps())
	th.Load = s.load
	return th
}

func (s *Suite) maxSteps() uint64 {
	if s.opts.MaxSteps == 0 {
		return DefaultMaxSteps
	}
	return s.opts.MaxSteps
}

// describe renders the error that ended a test: the position in the test
// file and the message, the frames of the functions it passed through, and
// the error of the page when the last run of an app of the test failed.
func (s *Suite) describe(err error, tc *testContext) string {
	e := host.ErrorOf(s.Dir, err)
	var b strings.Builder
	b.WriteString(e.Error())
	for i := len(e.Frames) - 2; i >= 0; i-- {
		fmt.Fprintf(&b, "\n    called from %s", e.Frames[i])
	}
	if tc != nil {
		for _, a := range tc.apps {
			if pe := a.pageError(); pe != "" {
				fmt.Fprintf(&b, "\n%s", pe)
			}
		}
	}
	return b.String()
}

// testKey is the thread-local of a test's thread: its testContext.
const testKey = "stark.apptest"

// testContext is what a test's builtins share: the suite and the apps the
// test made.
type testContext struct {
	suite *Suite
	apps  []*App
}

func (tc *testContext) close() {
	for _, a := range tc.apps {
		a.close()
	}
}

func contextOf(th *starlark.Thread) (*testContext, error) {
	tc, _ := th.Local(testKey).(*testContext)
	if tc == nil {
		return nil, fmt.Errorf("apptest: only a test function (test_*) may open an app, not the top level of a test file")
	}
	return tc, nil
}
