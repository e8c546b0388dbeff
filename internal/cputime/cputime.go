// Package cputime reads the CPU time the process has used: on a machine
// shared with other work, a benchmark's CPU time says what it cost where
// the wall clock also counts the neighbours. stark bench reports its own
// CPU with it, and the benchmarks report cpu-ns/op.
package cputime

import "time"

// A Clock measures the CPU time the process uses from its Start on.
type Clock struct {
	start time.Duration
	ok    bool
}

// Start starts a clock now.
func Start() Clock {
	t, ok := Process()
	return Clock{t, ok}
}

// Since returns the CPU time used since c started, and false when the
// system does not say.
func (c Clock) Since() (time.Duration, bool) {
	t, ok := Process()
	if !ok || !c.ok {
		return 0, false
	}
	return t - c.start, true
}

// Report reports the CPU time since c started, divided by n, as the
// benchmark metric cpu-ns/op of b (a *testing.B), when the system says it.
func (c Clock) Report(b interface{ ReportMetric(float64, string) }, n int) {
	if d, ok := c.Since(); ok && n > 0 {
		b.ReportMetric(float64(d)/float64(n), "cpu-ns/op")
	}
}
