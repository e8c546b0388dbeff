package apptest_test

import (
	"bytes"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stark-dev/stark/internal/apptest"
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
