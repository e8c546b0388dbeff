package host_test

import (
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/stark-dev/stark/host"
)

// heapBytes reads the sample the heap guard reads.
func heapBytes() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// withHeapBudget runs the heap guard with a budget of 96 MiB over the live
// heap now, then gives it back its default (the apps' memory limits).
func withHeapBudget(t *testing.T) {
	t.Helper()
	runtime.GC()
	host.StartHeapGuard(heapBytes()+96<<20, 0)
	t.Cleanup(func() {
		host.StartHeapGuard(0, 0)
		runtime.GC()
	})
}

const hogPage = `
s = "x" * (1 << 20)
for i in range(8):
    s = s + s
l = [s]
while True:
    l = l + l
`

// A page that builds a huge string and then doubles a list ends with the
// memory limit's error, while another app's runs complete meanwhile.
func TestHeapGuardCancelsTheHog(t *testing.T) {
	if testing.Short() {
		t.Skip("heap-guard tests run in the full suite, not with -short")
	}
	withHeapBudget(t)
	hog := newApp(t, map[string]string{"hog.star": hogPage}, host.Limits{Memory: 64 << 20})
	calm := newApp(t, map[string]string{"calm.star": src(
		`total = 0`,
		`for i in range(1000):`,
		`    total += i`,
		`st.text("total %d" % total)`,
	)}, host.Limits{})

	before := host.HeapGuardCancellations()
	r := hog.Start(host.RunOptions{Page: "hog.star", State: host.NewState()})
	calmRuns := 0
	for done := false; !done; {
		res := run(calm, "calm.star")
		calmRuns++
		if res.Status != host.Completed {
			t.Fatalf("the other app's run %d: %s %v, want completed", calmRuns, res.Status, errMessage(res))
		}
		if got := bodies(res); len(got) != 1 || got[0] != "total 499500" {
			t.Fatalf("the other app's run: %q", got)
		}
		select {
		case <-r.Done():
			done = true
		default:
		}
	}
	res := r.Wait()
	if res.Status != host.Failed || res.Cause != host.MemoryLimit {
		t.Fatalf("hog: status %s cause %s, want failed by the memory limit", res.Status, res.Cause)
	}
	want := "run stopped: memory limit exceeded (raise [limits] memory in stark.toml)"
	if got := errMessage(res); got != want {
		t.Errorf("hog's error %q, want %q", got, want)
	}
	if n := host.HeapGuardCancellations() - before; n != 1 {
		t.Errorf("the guard cancelled %d runs, want 1", n)
	}
	// The process goes on: the other app still runs.
	if res := run(calm, "calm.star"); res.Status != host.Completed {
		t.Errorf("after the hog: %s %s", res.Status, errMessage(res))
	}
	t.Logf("the other app completed %d runs while the hog ran", calmRuns)
}

// The element bytes limit ends a run that emits too much text, with a
// message naming the setting.
func TestElementBytesLimit(t *testing.T) {
	app := newApp(t, map[string]string{"big.star": src(
		`chunk = "y" * 100000`,
		`for i in range(100):`,
		`    st.text(chunk)`,
	)}, host.Limits{ElementBytes: 1 << 20})
	res := run(app, "big.star")
	if res.Status != host.Failed || res.Cause != host.ElementBytesLimit {
		t.Fatalf("status %s cause %s (%s), want the element bytes limit", res.Status, res.Cause, errMessage(res))
	}
	want := "run stopped: element bytes limit of 1 MiB reached: the page emitted too much output (raise [limits] element_bytes in stark.toml)"
	if got := errMessage(res); got != want {
		t.Errorf("error %q, want %q", got, want)
	}
	if n := len(bodies(res)); n < 9 || n > 10 {
		t.Errorf("%d elements kept, want the 10 that fit (or 9)", n)
	}
}
