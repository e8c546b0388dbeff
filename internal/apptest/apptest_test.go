package apptest_test

import (
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
