package stark_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stark-dev/stark"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/client"
	"go.starlark.net/starlark"
)

// BenchmarkCancelLatency measures how long a Go builtin blocked on its
// run's context takes to return once the browser asks for a new run (which
// supersedes the blocked one): reported as cancel-ns/op, from the rerun
// message sent to the builtin's return.
func BenchmarkCancelLatency(b *testing.B) {
	started := make(chan struct{}, 1)
	ended := make(chan time.Time, 1)
	wait := func(th *starlark.Thread, bi *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		sb, err := host.SandboxFor(th, bi.Name())
		if err != nil {
			return nil, err
		}
		ctx, stop := sb.Context()
		defer stop()
		started <- struct{}{}
		<-ctx.Done()
		ended <- time.Now()
		return nil, ctx.Err()
	}
	app, err := stark.New(stark.Options{Pages: fstest.MapFS{"p.star": {Data: []byte("orders.wait()\n")}},
		Modules: module(map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){"wait": wait})})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(http.Handler(app.Handler()))
	defer ts.Close()
	defer app.Close()
	c, err := client.Dial(ts.URL, "p", "", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	go func() { // drain the frames
		for {
			if _, err := c.Next(time.Minute); err != nil {
				return
			}
		}
	}()
	var total time.Duration
	b.ResetTimer()
	for range b.N {
		<-started
		t0 := time.Now()
		if err := c.Send(&rerunMsg); err != nil {
			b.Fatal(err)
		}
		total += (<-ended).Sub(t0)
	}
	b.ReportMetric(float64(total.Nanoseconds())/float64(b.N), "cancel-ns/op")
}
