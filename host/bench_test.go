package host_test

// Benchmarks of a run of the reference page (testdata/bench.star, the same
// as pages/5_Bench.star): a full run against the same compiled program run
// with builtins that do nothing, the floor of interpretation. Their ratio
// is what stark adds to a run; the no-op run with builtins that only
// allocate what the full run's allocate says how much of that is the
// memory a run's elements take.

import (
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/cputime"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

const benchPage = "bench.star"

// BenchmarkRunReferencePage runs the page as a session's rerun does: a fresh
// thread, sandbox and ScriptRunContext, the st builtins building the tree.
func BenchmarkRunReferencePage(b *testing.B) {
	app, err := starlib.NewApp("testdata", host.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	// As a server with its watcher runs it: no stat of the page per run
	// (App.SetWatched). The no-op run sets the same.
	app.SetWatched(true)
	state := host.NewState()
	opts := host.RunOptions{Page: benchPage, State: state}
	if res := app.Run(opts); res.Status != host.Completed || res.Tree.Len() != 53 {
		b.Fatalf("warm-up run: %s, %d elements, %v", res.Status, res.Tree.Len(), res.Err)
	}
	compiled := app.Compilations()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for b.Loop() {
		if res := app.Run(opts); res.Status != host.Completed {
			b.Fatalf("run: %s %v", res.Status, res.Err)
		}
	}
	cpu.Report(b, b.N)
	b.ReportMetric(float64(app.Compilations()-compiled)/float64(b.N), "compilations/op")
}

// BenchmarkRunReferencePageNoop runs the same compiled program on a bare
// thread whose st builtins do nothing (slider returns 10, as the full run's
// slider does).
func BenchmarkRunReferencePageNoop(b *testing.B) { benchNoop(b, 0) }

// BenchmarkRunReferencePageNoopAlloc is the no-op run whose st builtins
// each allocate an object of 288 bytes with pointers, kept until the run
// ends as a run's elements are: 15.3 KB a run, about what the full run
// allocates beyond the no-op run (15.7 KB), without any of its work. Its
// distance from the no-op run is what that memory costs (the allocator,
// fresh cache lines, the collector), a floor under the full run's.
func BenchmarkRunReferencePageNoopAlloc(b *testing.B) { benchNoop(b, 1) }

// element288 is an object of 288 bytes, a size class of Go's allocator,
// with pointers for the collector to scan, as an element's.
type element288 struct {
	next *element288
	text [17]string
	pad  [1]int64
}

func benchNoop(b *testing.B, allocs int) {
	app, err := starlib.NewApp("testdata", host.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	app.SetWatched(true) // as the full run's
	p, err := app.Program(benchPage)
	if err != nil {
		b.Fatal(err)
	}
	prog := host.StarlarkProgram(p)
	var kept *element288 // what this run's builtins allocated
	none := func(name string) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			for range allocs {
				kept = &element288{next: kept}
			}
			return starlark.None, nil
		})
	}
	ten := starlark.MakeInt(10)
	st := &starlarkstruct.Module{Name: "st", Members: starlark.StringDict{
		"title":    none("title"),
		"markdown": none("markdown"),
		"table":    none("table"),
		"slider": starlark.NewBuiltin("slider", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			for range allocs {
				kept = &element288{next: kept}
			}
			return ten, nil
		}),
	}}
	// The rewritten program calls the guarded builtins (host/rewrite.go).
	predeclared := starlark.StringDict{"st": st}
	for k, v := range starlib.Predeclared() {
		if k != "st" {
			predeclared[k] = v
		}
	}
	compiled := app.Compilations()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for b.Loop() {
		kept = nil
		th := &starlark.Thread{Name: "bench"}
		if _, err := prog.Init(th, predeclared); err != nil {
			b.Fatal(err)
		}
	}
	cpu.Report(b, b.N)
	b.ReportMetric(float64(app.Compilations()-compiled)/float64(b.N), "compilations/op")
}

// BenchmarkProgramLookup is a run's look-up of its page's program: a stat
// of the file per run, or none while a watcher runs (App.SetWatched).
func BenchmarkProgramLookup(b *testing.B) {
	for _, watched := range []bool{false, true} {
		name := "stat"
		if watched {
			name = "watched"
		}
		b.Run(name, func(b *testing.B) {
			app, err := starlib.NewApp("testdata", host.Limits{})
			if err != nil {
				b.Fatal(err)
			}
			app.SetWatched(watched)
			if _, err := app.Program(benchPage); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cputime.Start()
			for b.Loop() {
				if _, err := app.Program(benchPage); err != nil {
					b.Fatal(err)
				}
			}
			cpu.Report(b, b.N)
		})
	}
}
