package apptest_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/apptest"
	"github.com/stark-dev/stark/starlib"
)

// run runs the tests of the app in dir and returns their results.
func run(t *testing.T, dir string, opts apptest.Options) []apptest.Result {
	t.Helper()
	s, errs, err := apptest.Load(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		t.Fatalf("compile errors: %v", errs)
	}
	defer s.Close()
	var out []apptest.Result
	s.Run(func(file string, rs []apptest.Result) { out = append(out, rs...) })
	return out
}

// The passing corpus passes, every test of it.
func TestCorpusPasses(t *testing.T) {
	rs := run(t, "testdata/shop", apptest.Options{})
	if len(rs) == 0 {
		t.Fatal("no tests ran")
	}
	for _, r := range rs {
		if !r.Passed {
			t.Errorf("%s:%s failed:\n%s\n%s", r.File, r.Name, strings.TrimSpace(r.Failure), r.Output)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the golden files")

// times are the durations of the text report, which vary.
var times = regexp.MustCompile(`\((\d+(\.\d+)?)(ms|s)\)`)

// The failing corpus fails each test the way its golden file says: the
// test's file:line, the message, the diff, the page's error.
func TestCorpusFailures(t *testing.T) {
	rs := run(t, "testdata/failing", apptest.Options{MaxSteps: 100_000})
	var b bytes.Buffer
	apptest.WriteText(&b, rs, false)
	apptest.WriteSummary(&b, rs, 0)
	got := times.ReplaceAllString(b.String(), "(T)")
	golden := "testdata/failing.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -run TestCorpusFailures -update):\n%s", golden, got)
	}
	for _, r := range rs {
		if r.Passed {
			t.Errorf("%s passed", r.Label())
		}
	}
}

// A test file's load() mistakes are compile errors, found before anything
// runs: a cycle, a path out of the app, a missing module, a module that is
// not .star.
func TestLoadMistakes(t *testing.T) {
	for name, c := range map[string]struct {
		files map[string]string
		want  string
	}{
		"cycle": {map[string]string{
			"tests/a_test.star": `load("./h1.star", "x")`,
			"tests/h1.star":     `load("./h2.star", "y")` + "\nx = 1",
			"tests/h2.star":     `load("tests/h1.star", "x")` + "\ny = 2",
		}, "tests/h2.star:1:6: load cycle: tests/h1.star -> tests/h2.star -> tests/h1.star"},
		"outside":        {map[string]string{"tests/a_test.star": `load("../../x.star", "x")`}, `load "../../x.star": the path leaves the app directory`},
		"missing":        {map[string]string{"tests/a_test.star": `load("./nope.star", "x")`}, `load "./nope.star": no such file in the app (looked for tests/nope.star)`},
		"not star":       {map[string]string{"tests/a_test.star": `load("./data.txt", "x")`, "tests/data.txt": "x"}, `load "./data.txt": modules are .star files`},
		"helper mistake": {map[string]string{"tests/a_test.star": `load("./h.star", "x")`, "tests/h.star": "x = st"}, `tests/h.star:1:5: undefined: st`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for p, src := range c.files {
				full := filepath.Join(dir, p)
				os.MkdirAll(filepath.Dir(full), 0o755)
				if err := os.WriteFile(full, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, errs, err := apptest.Load(dir, apptest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), c.want) {
				t.Errorf("errors %v, want one containing %q", errs, c.want)
			}
		})
	}
}

// --cover counts the statements the tests ran: per file (a page no test
// opened at 0%, a module a page loaded), and a listing with each
// statement's count, "!" on those that never ran.
func TestCover(t *testing.T) {
	s, errs, err := apptest.Load("testdata/cover", apptest.Options{Cover: true})
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	defer s.Close()
	s.Run(func(file string, rs []apptest.Result) {
		for _, r := range rs {
			if !r.Passed {
				t.Errorf("%s: %s", r.Label(), r.Failure)
			}
		}
	})
	files, err := s.Coverage()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	apptest.WriteCoverSummary(&b, files)
	if err := apptest.WriteCoverListing(&b, s.Dir, files); err != nil {
		t.Fatal(err)
	}
	golden := "testdata/cover.golden"
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("coverage differs from %s (go test -run TestCover -update):\n%s", golden, b.String())
	}
}

// Without --cover nothing counts: a served app's pages are compiled
// without the counter (its predeclared names lack it), and a page cannot
// call it itself.
func TestCoverOffInProduction(t *testing.T) {
	if _, ok := starlib.Predeclared()[host.CoverBuiltin]; ok {
		t.Fatalf("%s is predeclared for every app", host.CoverBuiltin)
	}
	s, errs, err := apptest.Load("testdata/cover", apptest.Options{})
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	defer s.Close()
	if files, _ := s.Coverage(); files != nil {
		t.Errorf("coverage without Cover: %v", files)
	}
	app, err := s.App()
	if err != nil {
		t.Fatal(err)
	}
	_, err = app.Compile("x.star", []byte(host.CoverBuiltin+`("x", 1)`))
	if err == nil || !strings.Contains(err.Error(), "reserved for stark") {
		t.Errorf("a page calling %s: %v", host.CoverBuiltin, err)
	}
}
