package cputime_test

import (
	"runtime"
	"testing"

	"github.com/stark-dev/stark/internal/cputime"
)

type metrics map[string]float64

func (m metrics) ReportMetric(v float64, unit string) { m[unit] = v }

// TestClockCountsWork: a clock counts the CPU time of work done after it
// started, and reports it per operation.
func TestClockCountsWork(t *testing.T) {
	if _, ok := cputime.Process(); !ok {
		t.Skip("this system's CPU time is not read")
	}
	c := cputime.Start()
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	runtime.KeepAlive(x)
	d, ok := c.Since()
	if !ok || d <= 0 {
		t.Fatalf("Since = %v, %v after a busy loop", d, ok)
	}
	m := metrics{}
	c.Report(m, 10)
	if got := m["cpu-ns/op"]; got < float64(d)/10 {
		t.Errorf("cpu-ns/op = %v, want at least a tenth of %v", got, d)
	}
}
