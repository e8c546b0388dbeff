package web_test

// The fairness benchmark: how much an app whose pages attack the server
// raises the rerun latency of another app's session (issue 7: within 2× of
// its quiet value). docs/bench.md ("Fairness") has the figures.

import (
	"context"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/web"
)

// fairnessAttacks are the pages of the app "attack", by the name of the
// sub-benchmark that runs them.
var fairnessAttacks = []struct{ name, src string }{
	{"loop", "while True:\n    pass\n"},
	{"recurse", "def down(n):\n    return down(n + 1)\ndown(0)\n"},
	{"big_string", "s = \"x\" * (1 << 29)\nsleep(60)\n"},
	{"double_list", "l = [1]\nwhile True:\n    l = l + l\n"},
	{"spawn", "def work():\n    while True:\n        pass\ntasks = [spawn(work) for i in range(60)]\nwait(tasks)\n"},
	{"elements", "for i in range(1000000):\n    st.text(\"line %d\" % i)\n"},
	{"sleep", "sleep(1000000)\n"},
}

const (
	// fairnessRounds is how many times the benchmark alternates a quiet
	// phase and an attack phase: on a shared machine, whatever else runs
	// weighs on both alike.
	fairnessRounds = 4
	// fairnessPhase is how long the victim reruns in each phase.
	fairnessPhase = time.Second
	// fairnessAttackers is how many sessions run the attack page.
	fairnessAttackers = 4
)

// BenchmarkFairness measures the p99 rerun latency of one session of the
// app "victim" (the reference page, host/testdata/bench.star) while the
// server is otherwise quiet, and while sessions of the app "attack" run an
// attack page, re-running it as soon as a run ends (or every 100ms while
// it goes on). The phases alternate, four rounds of a second each; between
// them the attackers go to an idle page and the benchmark waits until no
// thread of the attack app executes. One iteration takes about ten
// seconds; run it with -benchtime=1x:
//
//	go test -run '^$' -bench Fairness -benchtime=1x ./web/
func BenchmarkFairness(b *testing.B) {
	bench, err := os.ReadFile("../host/testdata/bench.star")
	if err != nil {
		b.Fatal(err)
	}
	// As `stark serve` sets the collector (cmd/stark/gc.go).
	defer debug.SetGCPercent(debug.SetGCPercent(800))
	for _, at := range fairnessAttacks {
		b.Run(at.name, func(b *testing.B) {
			root := b.TempDir()
			fwrite(b, filepath.Join(root, "victim", "bench.star"), string(bench))
			fwrite(b, filepath.Join(root, "attack", "idle.star"), "st.text('idle')\n")
			for _, a := range fairnessAttacks {
				fwrite(b, filepath.Join(root, "attack", a.name+".star"), a.src)
			}
			if runs := os.Getenv("STARK_FAIRNESS_RUNS"); runs != "" {
				// To compare settings of the attack app's [limits] runs.
				fwrite(b, filepath.Join(root, "attack", "stark.toml"), "[limits]\nruns = "+runs+"\n")
			}
			m, base := fairnessServer(b, root)
			attackApp := m.Server("attack").Sessions().App()
			runtime.GC()

			victim, err := client.DialLight(base+"/victim", "")
			if err != nil {
				b.Fatal(err)
			}
			defer victim.Close()
			if _, err := victim.WaitFor("run_end", 10*time.Second); err != nil {
				b.Fatal(err)
			}
			var attackers []*client.Client
			for range fairnessAttackers {
				c, err := client.DialLight(base+"/attack", "idle")
				if err != nil {
					b.Fatal(err)
				}
				defer c.Close()
				attackers = append(attackers, c)
			}

			var quiet, attacked []time.Duration
			failed := 0
			for range fairnessRounds {
				lat, n := rerunFor(b, victim, fairnessPhase)
				quiet, failed = append(quiet, lat...), failed+n

				ctx, stop := context.WithCancel(context.Background())
				var wg sync.WaitGroup
				for _, c := range attackers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						attack(ctx, c, at.name)
					}()
				}
				time.Sleep(200 * time.Millisecond) // the attack under way
				lat, n = rerunFor(b, victim, fairnessPhase)
				attacked, failed = append(attacked, lat...), failed+n
				stop()
				wg.Wait()
				// The attack's runs end (superseded by the idle page), their
				// memory is collected, then the next quiet phase starts.
				for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
					if st := attackApp.RunQueueStats(); st.Executing == 0 && st.Waiting == 0 {
						break
					}
					if time.Now().After(deadline) {
						b.Fatalf("the attack app still runs: %+v", attackApp.RunQueueStats())
					}
				}
				runtime.GC()
			}

			q, a := percentile(quiet, 0.99), percentile(attacked, 0.99)
			b.ReportMetric(ms(q), "quiet-p99-ms")
			b.ReportMetric(ms(a), "attack-p99-ms")
			b.ReportMetric(float64(a)/float64(q), "p99-ratio")
			b.ReportMetric(ms(percentile(quiet, 0.5)), "quiet-p50-ms")
			b.ReportMetric(ms(percentile(attacked, 0.5)), "attack-p50-ms")
			b.ReportMetric(float64(failed), "victim-failed")
		})
	}
}

// fairnessServer serves the apps under root as `stark serve` does, and
// returns its URL.
func fairnessServer(b *testing.B, root string) (*web.Multi, string) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m, err := web.NewMulti(root, web.MultiOptions{
		Server: web.Options{Logger: log},
		Open:   openWithConfig(log),
	})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(m)
	b.Cleanup(func() {
		m.Close()
		ts.Close()
	})
	return m, ts.URL
}

func fwrite(b *testing.B, p, src string) {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
}

// rerunFor sets the victim's slider and waits for the run's end, again and
// again for d, and returns the latencies and the runs that did not complete
// (the heap guard blaming the victim for the attacker's memory, say).
func rerunFor(b *testing.B, c *client.Client, d time.Duration) (lat []time.Duration, failed int) {
	end := time.Now().Add(d)
	for i := 0; time.Now().Before(end); i++ {
		t0 := time.Now()
		if err := c.SetWidget("n", i%1000); err != nil {
			b.Fatal(err)
		}
		m, err := c.WaitFor("run_end", 30*time.Second)
		if err != nil {
			b.Fatal(err)
		}
		if m.Status() != "completed" {
			b.Logf("a victim's run ended %s", m.Status())
			failed++
		}
		lat = append(lat, time.Since(t0))
	}
	return lat, failed
}

// attack shows the attacker's page and re-runs it until ctx is done: as
// soon as a run ends, or after 100ms of a run that goes on (superseding it).
// Then it goes to the idle page, which supersedes the attack's run.
func attack(ctx context.Context, c *client.Client, page string) {
	msg := map[string]any{"v": 1, "type": "navigate", "page": page}
	for ctx.Err() == nil {
		if err := c.SendValue(msg); err != nil {
			return
		}
		msg = map[string]any{"v": 1, "type": "rerun"}
		deadline := time.Now().Add(100 * time.Millisecond)
		for ctx.Err() == nil {
			m, err := c.Next(time.Until(deadline))
			if err != nil || m.Type == "run_end" {
				break
			}
		}
	}
	if c.SendValue(map[string]any{"v": 1, "type": "navigate", "page": "idle"}) == nil {
		c.WaitFor("run_end", time.Minute)
	}
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(math.Ceil(p*float64(len(s))))-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
