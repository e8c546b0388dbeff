package apptest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stark-dev/stark/internal/apptest"
)

// BenchmarkReferencePageTests runs 100 tests of the reference page
// (host/testdata/bench.star, pages/5_Bench.star), each a new session: run,
// set the slider, run again, assert on an element. One op is the 100 tests;
// ns/test is the time of one.
func BenchmarkReferencePageTests(b *testing.B) { benchReference(b, apptest.Options{}) }

// BenchmarkReferencePageTestsCover is BenchmarkReferencePageTests with
// coverage on (stark test --cover): the overhead of the counter calls.
func BenchmarkReferencePageTestsCover(b *testing.B) {
	benchReference(b, apptest.Options{Cover: true})
}

func benchReference(b *testing.B, opts apptest.Options) {
	page, err := os.ReadFile("../../host/testdata/bench.star")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bench.star"), page, 0o644); err != nil {
		b.Fatal(err)
	}
	var src strings.Builder
	const tests = 100
	for i := range tests {
		n := i%1000 + 1
		fmt.Fprintf(&src, `
def test_%d():
    app = apptest("bench.star").run()
    app.slider("n").set(%d).run()
    assert.eq(app.markdown[2].body, "Line 2: value is **%d**")
`, i, n, 2*n)
	}
	if err := os.WriteFile(filepath.Join(dir, "bench_test.star"), []byte(src.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	s, errs, err := apptest.Load(dir, opts)
	if err != nil || len(errs) > 0 {
		b.Fatal(err, errs)
	}
	defer s.Close()
	b.ReportAllocs()
	for b.Loop() {
		s.Run(func(file string, rs []apptest.Result) {
			if len(rs) != tests {
				b.Fatalf("%d results, want %d", len(rs), tests)
			}
			for _, r := range rs {
				if !r.Passed {
					b.Fatalf("%s: %s", r.Label(), r.Failure)
				}
			}
		})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tests), "ns/test")
}
