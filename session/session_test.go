package session

// Tests of how a session schedules runs, one row per behaviour: what a
// browser's messages, a reconnect, the clock and a change of files make the
// session run, and what it sends.

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Pages of the tests. hold("run") blocks each run there until the test
// lets it go.
const (
	sliderPage = `n = st.slider("n", 0, 10, 0, key="n")
hold("run")
st.text(str(n))
`
	// The button is read after hold: a run cancelled while held has not
	// seen the click it took.
	clickPage = `hold("run")
if st.button("add", key="add"):
    st.session_state["n"] = st.session_state.get("n", 0) + 1
st.text(str(st.session_state.get("n", 0)))
`
	fragmentPage = `def part():
    x = st.slider("x", 0, 10, 0, key="x")
    st.text("fragment " + str(x))
st.fragment(part%s)()
st.text("page")
`
	visitsPage = `st.session_state["visits"] = st.session_state.get("visits", 0) + 1
st.text(str(st.session_state["visits"]))
`
)

func TestScheduling(t *testing.T) {
	opts := Options{Grace: 2 * time.Minute, RunGrace: 5 * time.Second}
	tests := []struct {
		name  string
		files map[string]string
		run   func(t *testing.T, f *fixture)
	}{
		{"coalescing: changes during a run make one run after it", map[string]string{"page.star": sliderPage}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			f.reached("run")
			f.let()
			f.idle(c.token())
			c.widget("n", 1)
			f.reached("run") // the run of n=1 is held
			c.widget("n", 2)
			c.widget("n", 3)
			f.let()
			f.reached("run") // one run follows, with the last value
			f.let()
			f.idle(c.token())
			runs := f.runs()
			if got, want := statuses(runs), "completed cancelled/superseded completed"; got != want {
				t.Fatalf("runs: %s, want %s", got, want)
			}
			if got := texts(runs[2]); !reflect.DeepEqual(got, []string{"3"}) {
				t.Errorf("the run that follows shows %q, want 3", got)
			}
		}},
		{"cancel and follow: the cancelled run sends no end", map[string]string{"page.star": sliderPage}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			f.reached("run")
			f.let()
			f.idle(c.token())
			c.widget("n", 1)
			f.reached("run")
			c.widget("n", 2)
			f.let()
			f.reached("run")
			f.let()
			f.idle(c.token())
			runs := f.runs()
			if got, want := statuses(runs), "completed cancelled/superseded completed"; got != want {
				t.Fatalf("runs: %s, want %s", got, want)
			}
			if got := texts(runs[2]); !reflect.DeepEqual(got, []string{"2"}) {
				t.Errorf("the run that follows shows %q, want 2", got)
			}
			ends := c.ends()
			if len(ends) != 2 || ends[0].Run != runs[0].RunID || ends[1].Run != runs[2].RunID || ends[1].Status != "completed" {
				t.Errorf("run_end messages %+v, want those of runs %d and %d", ends, runs[0].RunID, runs[2].RunID)
			}
		}},
		{"a widget change during the first run supersedes it", map[string]string{"page.star": sliderPage}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			f.reached("run") // the slider exists: the browser may have it
			c.widget("n", 7)
			f.let()
			f.reached("run")
			f.let()
			f.idle(c.token())
			runs := f.runs()
			if got, want := statuses(runs), "cancelled/superseded completed"; got != want {
				t.Fatalf("runs: %s, want %s", got, want)
			}
			if got := texts(runs[1]); !reflect.DeepEqual(got, []string{"7"}) {
				t.Errorf("the run shows %q, want 7", got)
			}
			if ends := c.ends(); len(ends) != 1 || ends[0].Run != runs[1].RunID {
				t.Errorf("run_end messages %+v, want only the second run's", ends)
			}
		}},
		{"a widget in a fragment reruns only the fragment", map[string]string{"page.star": fmt.Sprintf(fragmentPage, "")}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			f.idle(c.token())
			c.widget("x", 4)
			f.idle(c.token())
			runs := f.runs()
			if got, want := statuses(runs), "completed completed@fragment"; got != want {
				t.Fatalf("runs: %s, want %s", got, want)
			}
			if got := texts(runs[1]); !reflect.DeepEqual(got, []string{"fragment 4"}) {
				t.Errorf("the fragment run shows %q, want only the fragment", got)
			}
			ends := c.ends()
			if len(ends) != 2 || ends[1].Scope == "" || ends[1].Scope != runs[0].Fragments[runs[1].Fragment].Path {
				t.Errorf("run_end messages %+v, want the second scoped to the fragment", ends)
			}
		}},
		{"a fragment with run_every reruns on its timer while connected", map[string]string{"page.star": fmt.Sprintf(fragmentPage, ", run_every=2")}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			tok := c.token()
			f.idle(tok)
			for range 2 {
				f.clock.Advance(2 * time.Second)
				f.idle(tok)
			}
			f.clock.Advance(time.Second) // not yet due
			f.idle(tok)
			if got, want := statuses(f.runs()), "completed completed@fragment completed@fragment"; got != want {
				t.Fatalf("runs: %s, want %s", got, want)
			}
			c.conn.Close()
			f.clock.Advance(4 * time.Second)
			f.idle(tok)
			if got := len(f.runs()); got != 3 {
				t.Errorf("%d runs after the browser left, want no more than 3", got)
			}
		}},
		{"switch_page runs the page switched to", map[string]string{
			"1_one.star": "st.text(\"one\")\nst.switch_page(\"2_two.star\")\n",
			"2_two.star": "st.text(\"two\")\n",
		}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			f.idle(c.token())
			runs := f.runs()
			if got, want := statuses(runs), "switch_page completed"; got != want {
				t.Fatalf("runs: %s, want %s", got, want)
			}
			if runs[1].Page != "2_two.star" || !reflect.DeepEqual(texts(runs[1]), []string{"two"}) {
				t.Errorf("second run: page %s, texts %q", runs[1].Page, texts(runs[1]))
			}
			var pages []string
			for _, m := range c.messages() {
				if p, ok := m.(*PageMsg); ok {
					pages = append(pages, p.Page)
				}
			}
			if !reflect.DeepEqual(pages, []string{"one", "two"}) {
				t.Errorf("page messages %q, want one then two", pages)
			}
			if ends := c.ends(); len(ends) != 1 || ends[0].Run != runs[1].RunID {
				t.Errorf("run_end messages %+v, want only the second run's", ends)
			}
		}},
		{"queued clicks: each click is seen by exactly one run", map[string]string{"page.star": clickPage}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			f.reached("run")
			f.let()
			f.idle(c.token())
			c.widget("add", true)
			f.reached("run") // held before it reads the button
			c.widget("add", true)
			f.let()          // the cancelled run ends; one follows
			f.reached("run") // it sees one click
			f.let()
			f.reached("run") // the other click makes one more
			f.let()
			f.idle(c.token())
			runs := f.runs()
			if got, want := statuses(runs), "completed cancelled/superseded completed completed"; got != want {
				t.Fatalf("runs: %s, want %s", got, want)
			}
			if got := texts(runs[2])[0] + " " + texts(runs[3])[0]; got != "1 2" {
				t.Errorf("the runs after two clicks show %s, want 1 2", got)
			}
		}},
		{"a reconnect within the grace resumes the session", map[string]string{"page.star": visitsPage}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			tok := c.token()
			f.idle(tok)
			c.conn.Close()
			f.clock.Advance(opts.Grace - time.Second)
			c2 := f.connect(tok, nil)
			f.idle(tok)
			if w := c2.welcome(); !w.Resumed || w.Session != tok {
				t.Errorf("welcome %+v, want session %s resumed", w, tok)
			}
			runs := f.runs()
			if got := texts(runs[len(runs)-1]); !reflect.DeepEqual(got, []string{"2"}) || f.m.Len() != 1 {
				t.Errorf("after the reconnect: %q in %d sessions, want the state kept (2) in 1", got, f.m.Len())
			}
		}},
		{"after the grace a reconnect gets a new session", map[string]string{"page.star": visitsPage}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			tok := c.token()
			f.idle(tok)
			c.conn.Close()
			f.clock.Advance(opts.Grace)
			if n := f.m.Len(); n != 0 {
				t.Fatalf("%d sessions after the grace, want 0", n)
			}
			c2 := f.connect(tok, nil)
			f.idle(c2.token())
			if w := c2.welcome(); w.Resumed || w.Session == tok {
				t.Errorf("welcome %+v, want a new session", w)
			}
			runs := f.runs()
			if got := texts(runs[len(runs)-1]); !reflect.DeepEqual(got, []string{"1"}) {
				t.Errorf("the new session shows %q, want a new state (1)", got)
			}
		}},
		{"run-grace cancels the run of a session nobody shows, and starts none", map[string]string{"page.star": clickPage}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			tok := c.token()
			f.reached("run")
			f.let()
			f.idle(tok)
			c.widget("add", true)
			f.reached("run")
			c.conn.Close()
			f.clock.Advance(opts.RunGrace - time.Millisecond)
			if len(f.runs()) != 1 {
				t.Fatal("the run ended before its run-grace")
			}
			f.clock.Advance(time.Millisecond)
			f.let()
			f.idle(tok) // the click it took back starts no run
			f.noneHeld()
			if got, want := statuses(f.runs()), "completed cancelled/disconnected"; got != want {
				t.Fatalf("runs: %s, want %s", got, want)
			}
			// The browser comes back: the click is seen by the next run.
			f.connect(tok, nil)
			f.reached("run")
			f.let()
			f.idle(tok)
			runs := f.runs()
			if got := texts(runs[len(runs)-1]); !reflect.DeepEqual(got, []string{"1"}) {
				t.Errorf("after the reconnect: %q, want the click counted once (1)", got)
			}
		}},
		{"a change of files reruns the sessions that show an affected page", map[string]string{
			"1_one.star": "st.text(\"one\")\n",
			"2_two.star": "st.text(\"two\")\n",
		}, func(t *testing.T, f *fixture) {
			one := f.connect("", nil)
			two := f.connect("", ptr("two"))
			f.idle(one.token())
			f.idle(two.token())
			f.write("1_one.star", "st.text(\"one, edited\")\n")
			if n := f.m.Reload(f.app.Reload([]string{"1_one.star"})); n != 1 {
				t.Errorf("%d sessions rerun, want 1", n)
			}
			f.idle(one.token())
			runs := f.runs()
			if len(runs) != 3 || !reflect.DeepEqual(texts(runs[2]), []string{"one, edited"}) {
				t.Fatalf("runs %s, last %q; want a third showing the edit", statuses(runs), texts(runs[len(runs)-1]))
			}
			reloads := func(c *client) (n int) {
				for _, m := range c.messages() {
					if _, ok := m.(*ReloadMsg); ok {
						n++
					}
				}
				return n
			}
			if reloads(one) != 1 || reloads(two) != 0 || len(two.ends()) != 1 {
				t.Errorf("reload messages: %d and %d, want 1 and 0", reloads(one), reloads(two))
			}
		}},
		{"uploaded files reach the page through the widget's Files hook", map[string]string{
			"page.star": "f = st.file_uploader(\"f\", key=\"f\")\nst.text(f[\"name\"] + \" \" + str(f[\"size\"]) if f else \"none\")\nst.slider(\"s\", 0, 1, key=\"s\")\n",
		}, func(t *testing.T, f *fixture) {
			c := f.connect("", nil)
			f.idle(c.token())
			up, err := f.m.Upload(c.token(), "f", "a.txt", "text/plain", "hello", 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.m.Upload(c.token(), "s", "a.txt", "text/plain", "hello", 0); err == nil {
				t.Errorf("an upload for a slider was taken")
			}
			c.widget("f", []string{up})
			f.idle(c.token())
			runs := f.runs()
			if got := texts(runs[len(runs)-1]); !reflect.DeepEqual(got, []string{"a.txt 5"}) {
				t.Errorf("the page shows %q, want the file", got)
			}
			c.widget("f", []string{"up-unknown"})
			var refused *ErrorMsg
			for _, m := range c.messages() {
				if e, ok := m.(*ErrorMsg); ok {
					refused = e
				}
			}
			if refused == nil || refused.Message != `widget "f": unknown upload token "up-unknown"` {
				t.Errorf("an unknown token: %+v", refused)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.run(t, newFixture(t, tt.files, opts))
		})
	}
}

// TestManualClock checks the fake clock: timers fire in the order of their
// times when it is advanced past them, stopped ones never, reset ones at
// their new time.
func TestManualClock(t *testing.T) {
	c := NewManualClock(time.Unix(100, 0))
	var got []string
	at := func(name string) func() {
		return func() { got = append(got, name+"@"+c.Now().Sub(time.Unix(100, 0)).String()) }
	}
	c.AfterFunc(3*time.Second, at("c"))
	c.AfterFunc(time.Second, at("a"))
	stopped := c.AfterFunc(2*time.Second, at("stopped"))
	reset := c.AfterFunc(time.Second, at("reset"))
	var tick Timer
	tick = c.AfterFunc(2*time.Second, func() {
		at("tick")()
		tick.Reset(2 * time.Second)
	})
	if !stopped.Stop() || stopped.Stop() {
		t.Errorf("Stop: want true, then false")
	}
	if !reset.Reset(5 * time.Second) {
		t.Errorf("Reset of a waiting timer: want true")
	}
	c.Advance(5 * time.Second)
	want := []string{"a@1s", "tick@2s", "c@3s", "tick@4s", "reset@5s"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fired %q, want %q", got, want)
	}
	if c.Now() != time.Unix(105, 0) || c.Waiting() != 1 {
		t.Errorf("now %v with %d timers waiting, want 105s with the tick", c.Now(), c.Waiting())
	}
}

// TestBye: a bye ends the session at once, not after the grace period, and
// a later message on the connection is refused as on a new one.
func TestBye(t *testing.T) {
	f := newFixture(t, map[string]string{"page.star": `st.write("hi")`}, Options{Grace: 2 * time.Minute})
	c := f.connect("", nil)
	tok := c.token()
	f.idle(tok)
	c.send(Incoming{Type: TypeBye})
	if f.session(tok) != nil {
		t.Fatal("the session outlived its bye")
	}
	if c.token() != "" {
		t.Fatal("the connection still has the session")
	}
	c.send(Incoming{Type: TypeRerun})
	var last *ErrorMsg
	for _, m := range c.messages() {
		if e, ok := m.(*ErrorMsg); ok {
			last = e
		}
	}
	if last == nil || !strings.Contains(last.Message, "first message must be a hello") {
		t.Fatalf("a rerun after the bye: %+v", last)
	}
	c.conn.Close() // no grace timer to start: the session is gone
}
