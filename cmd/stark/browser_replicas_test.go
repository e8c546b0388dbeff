package main

// A browser behind HAProxy while its replica dies (docs/replicas.md): the
// setup of TestReplicasFailover (redis-server, haproxy, three `stark run
// --redis` replicas), and a real Chromium that types, clicks, loses its
// replica and comes back on another by itself.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// replicaErrorsJS counts what the page shows as an error: a visible
// element with role alert (error banners, the reload error, chart errors),
// the run-error box, an exception element. 0 is what a visitor whose
// replica moved must see.
const replicaErrorsJS = `(() => {
  const visible = (e) => !e.hidden && e.closest('[hidden]') === null && e.getClientRects().length > 0;
  const shown = [...document.querySelectorAll('[role="alert"], [data-testid="stark-run-error"], [data-testid="stark-exception"], .stark-banner-error')].filter(visible);
  return shown.map((e) => (e.dataset.testid || e.className) + ': ' + e.textContent.trim().slice(0, 200));
})()`

// servingReplica is the replica the page's sticky cookie (SRV, set by
// HAProxy) names.
func servingReplica(p *browserPage) string {
	p.t.Helper()
	p.wait("HAProxy's cookie", `document.cookie.split('; ').some((c) => c.startsWith('SRV='))`)
	c := eval[string](p, `document.cookie.split('; ').find((c) => c.startsWith('SRV=')).slice(4)`)
	return c
}

// waitLong is wait with a timeout of d: for the reconnects, whose backoff
// and the load balancer's health checks take their time.
func (p *browserPage) waitLong(what, expr string, d time.Duration) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](expr,
		chromedp.WithPollingInterval(50*time.Millisecond),
		chromedp.WithPollingTimeout(d)))
	if err != nil {
		p.fatalf("waiting for %s (%s): %v", what, expr, err)
	}
}

// noErrorShown fails the test when the page shows an error.
func noErrorShown(p *browserPage, when string) {
	p.t.Helper()
	if shown := eval[[]string](p, replicaErrorsJS); len(shown) > 0 {
		p.fatalf("%s the page shows an error: %q", when, shown)
	}
}

func TestBrowserReplicasFailover(t *testing.T) {
	redisBin, haproxyBin := needReplicaTools(t)
	browser(t) // skips without chromium, before building anything
	bin := starkBinary(t)
	url := startRedis(t, redisBin)
	dir := newAppDir(t, map[string]string{"app.star": replicaPage})
	reps := map[string]*starkServer{}
	addrs := map[string]string{}
	for _, name := range []string{"a", "b", "c"} {
		s := runStark(t, bin, dir, "--redis", url)
		reps[name], addrs[name] = s, s.url
	}
	t.Cleanup(func() {
		for name, s := range reps {
			if strings.Contains(s.logText(), "DATA RACE") {
				t.Errorf("replica %s reported a data race:\n%s", name, s.logTail())
			} else if t.Failed() {
				t.Logf("replica %s's log:\n%s", name, s.logTail())
			}
		}
	})
	lb := startHAProxy(t, haproxyBin, addrs)
	// openPage serves what the app func returns: here the load balancer.
	front := &starkServer{dir: dir, url: lb, done: make(chan struct{})}
	p := openPage(t, func(*testing.T) *starkServer { return front }, "/", wsJS)
	// The reconnects wait for a backoff and HAProxy's health checks: the
	// test as a whole gets more than a browser test's usual minute.
	ctx, cancel := context.WithTimeout(p.tab, 4*time.Minute)
	t.Cleanup(cancel)
	p.ctx = ctx

	// The visitor types a name and clicks "add" (session_state n).
	p.waitShows("markdown", "state n=0 name= note=")
	id := p.inputID("text_input", "name")
	p.do("typing into the name", chromedp.SendKeys(chromedp.ID(id), "ada"+kb.Enter))
	p.waitShows("markdown", "state n=0 name=ada note=")
	button := `[data-testid="stark-main"] [data-testid="stark-button"] button`
	p.do("clicking add", chromedp.Click(chromedp.CSS(button)))
	p.waitShows("markdown", "state n=1 name=ada note=")
	p.do("clicking add", chromedp.Click(chromedp.CSS(button)))
	shown := "state n=2 name=ada note="
	p.waitShows("markdown", shown)
	p.waitIdle()
	noErrorShown(p, "before any replica stops,")
	session := eval[string](p, `__e2eWS.welcomes[0].session`)

	// From here on, an error shown at any moment is remembered: the
	// moves must not show one even for a moment.
	eval[chromedp.Void](p, `window.__e2eErrorsSeen = []; setInterval(() => { for (const e of `+replicaErrorsJS+`) if (!__e2eErrorsSeen.includes(e)) __e2eErrorsSeen.push(e); }, 25)`)

	// move stops the replica that holds the session with sig and checks
	// that the page comes back by itself on another, with the same session
	// and values; it returns the replica that holds it then.
	live := []string{"a", "b", "c"}
	move := func(sig syscall.Signal, how string) string {
		t.Helper()
		from := sessionHolder(t, reps, live)
		live = slices.DeleteFunc(live, func(n string) bool { return n == from })
		welcomes := eval[int](p, `__e2eWS.welcomes.length`)
		reps[from].cmd.Process.Signal(sig)
		<-reps[from].done
		// Meanwhile the page keeps its values (its status says
		// reconnecting, not asserted: it may already be back), and no
		// error shows (__e2eErrorsSeen, checked below).
		if !eval[bool](p, fmt.Sprintf(`__e2e.shows('markdown', %s)`, js(shown))) {
			p.fatalf("after the %s of replica %s the page no longer shows %q", how, from, shown)
		}
		p.waitLong(fmt.Sprintf("the page to reconnect after the %s of replica %s", how, from), fmt.Sprintf(`__e2eWS.welcomes.length > %d`, welcomes), 90*time.Second)
		p.waitLong("the page to be connected and idle", `__e2e.idle()`, 90*time.Second)
		w := eval[struct {
			Session string `json:"session"`
			Resumed bool   `json:"resumed"`
		}](p, `__e2eWS.welcomes[__e2eWS.welcomes.length - 1]`)
		if w.Session != session || !w.Resumed {
			p.fatalf("after the %s of replica %s: welcome with session %q, resumed %v; want the session %q resumed", how, from, w.Session, w.Resumed, session)
		}
		p.waitShows("markdown", shown)
		if v := eval[string](p, `__e2e.inputOf('text_input', 'name').value`); v != "ada" {
			p.fatalf("after the %s of replica %s the name holds %q, want ada", how, from, v)
		}
		if seen := eval[[]string](p, `__e2eErrorsSeen`); len(seen) > 0 {
			p.fatalf("during the %s of replica %s the page showed an error: %q", how, from, seen)
		}
		to := sessionHolder(t, reps, live)
		t.Logf("%s of replica %s: the page resumed on %s (its cookie names %s)", how, from, to, eval[string](p, `(document.cookie.split('; ').find((c) => c.startsWith('SRV=')) || '').slice(4)`))
		return to
	}

	if first := servingReplica(p); first != sessionHolder(t, reps, live) {
		p.fatalf("the cookie names replica %q, but the session is held elsewhere", first)
	}
	move(syscall.SIGKILL, "SIGKILL")
	// The page still answers on its new replica.
	p.do("clicking add", chromedp.Click(chromedp.CSS(button)))
	shown = "state n=3 name=ada note="
	p.waitShows("markdown", shown)
	p.waitIdle()
	move(syscall.SIGTERM, "graceful stop (SIGTERM)")
	p.do("clicking add", chromedp.Click(chromedp.CSS(button)))
	p.waitShows("markdown", "state n=4 name=ada note=")
}

// sessionHolder is the replica among live whose /metrics say it holds a
// session (the test's only one): where the page's socket is.
func sessionHolder(t *testing.T, reps map[string]*starkServer, live []string) string {
	t.Helper()
	var held []string
	for _, name := range live {
		resp, err := http.Get(reps[name].url + "/metrics")
		if err != nil {
			t.Fatalf("/metrics of replica %s: %v", name, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, line := range strings.Split(string(body), "\n") {
			if f := strings.Fields(line); len(f) == 2 && f[0] == "stark_sessions" && f[1] != "0" {
				held = append(held, name)
			}
		}
	}
	if len(held) != 1 {
		t.Fatalf("replicas holding a session: %q, want one of %q", held, live)
	}
	return held[0]
}
