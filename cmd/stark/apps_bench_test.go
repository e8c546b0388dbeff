package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stark-dev/stark/web"
)

// BenchmarkServeApps measures what an idle app costs `stark serve`: N apps
// of one small page each opened by web.NewMulti with the command's own
// openApp, then the live heap after a collection. It reports the heap per
// app (heap-B/app) and the time to open them all (start-ms), for 1, 100
// and 1,000 apps:
//
//	go test -run '^$' -bench ServeApps -benchtime 1x -count 3 ./cmd/stark/
func BenchmarkServeApps(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			root := b.TempDir()
			for i := 0; i < n; i++ {
				dir := filepath.Join(root, fmt.Sprintf("app%04d", i))
				if err := os.MkdirAll(dir, 0o755); err != nil {
					b.Fatal(err)
				}
				page := fmt.Sprintf("st.title(\"App %d\")\nx = st.slider(\"x\", 0, 10, 3)\nst.write(\"x is %%d\" %% x)\n", i)
				if err := os.WriteFile(filepath.Join(dir, "main.star"), []byte(page), 0o644); err != nil {
					b.Fatal(err)
				}
			}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			var heap, start float64
			for i := 0; i < b.N; i++ {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				t0 := time.Now()
				m, err := web.NewMulti(root, web.MultiOptions{Server: web.Options{Logger: log}, Open: openApp(log)})
				if err != nil {
					b.Fatal(err)
				}
				start += time.Since(t0).Seconds() * 1000
				if got := len(m.Apps()); got != n {
					b.Fatalf("%d apps opened, want %d", got, n)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				heap += float64(after.HeapAlloc) - float64(before.HeapAlloc)
				runtime.KeepAlive(m)
				m.Close()
			}
			b.ReportMetric(heap/float64(b.N)/float64(n), "heap-B/app")
			b.ReportMetric(start/float64(b.N), "start-ms")
			b.ReportMetric(start/float64(b.N)/float64(n)*1000, "start-µs/app")
		})
	}
}
