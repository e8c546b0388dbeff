package main

import (
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stark-dev/stark/internal/client"
)

// BenchmarkHotReload measures the time from a page's save (a temporary file
// renamed over it) to the run_end of the re-run reaching every one of 10
// sessions on the page, through the real watcher, server and sockets. Run
// it with -benchtime=50x for 50 saves; it reports p50 and max in ms.
//
//	go test -run '^$' -bench HotReload -benchtime=50x ./cmd/stark/
func BenchmarkHotReload(b *testing.B) {
	page := func(i int) string {
		return fmt.Sprintf("st.title(\"Reload\")\nname = st.text_input(\"Name\", key=\"name\")\nst.markdown(\"version %d\")\n", i)
	}
	dir, url := reloadAppB(b, map[string]string{"page.star": page(0)})
	const sessions = 10
	clients := make([]*client.Client, sessions)
	for i := range clients {
		c, err := client.DialLight(url, "")
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		if _, err := c.WaitFor("run_end", 10*time.Second); err != nil {
			b.Fatal(err)
		}
		clients[i] = c
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 1; i <= b.N; i++ {
		start := time.Now()
		writeFileB(b, filepath.Join(dir, "page.star"), page(i))
		var wg sync.WaitGroup
		var mu sync.Mutex
		var slowest time.Duration
		for _, c := range clients {
			wg.Add(1)
			go func(c *client.Client) {
				defer wg.Done()
				if _, err := c.WaitFor("run_end", 10*time.Second); err != nil {
					b.Error(err)
					return
				}
				d := time.Since(start)
				mu.Lock()
				slowest = max(slowest, d)
				mu.Unlock()
			}(c)
		}
		wg.Wait()
		lat = append(lat, slowest)
		// Saves a person makes are seconds apart; wait past the watcher's
		// burst window (200 ms) so that each save is measured as one.
		time.Sleep(250 * time.Millisecond)
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}
