package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/web"
)

const fragmentPage = `
st.title("Fragments")
full = st.session_state.get("full", 0) + 1
st.session_state["full"] = full
st.markdown("full runs: %d" % full)

def part():
    n = st.slider("n", min_value=0, max_value=10, key="fn")
    st.markdown("fragment n=%d" % n)

show = st.fragment(part)
show()
st.markdown("after")
`

func TestFragmentWidgetRerunsOnlyTheFragment(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": fragmentPage}, web.Options{})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	if got := body(c, "main.1"); got != "full runs: 1" {
		t.Fatalf("main.1 = %q", got)
	}
	if got := c.Snapshot()["main.2"]["kind"]; got != "fragment" {
		t.Fatalf("main.2 is %v, want the fragment container", got)
	}
	c.SetWidget("fn", 7)
	msgs, err := c.Collect("run_end", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	end := msgs[len(msgs)-1]
	if end.RunEnd.Scope != "main.2" || end.Status() != "completed" {
		t.Errorf("run_end scope %q status %q, want main.2 completed", end.RunEnd.Scope, end.Status())
	}
	for _, m := range msgs {
		if m.Delta == nil {
			continue
		}
		for _, e := range m.Delta.Elements {
			if p := e["path"].(string); !strings.HasPrefix(p, "main.2.") {
				t.Errorf("a fragment run sent %s, outside its fragment", p)
			}
		}
	}
	if got := body(c, "main.2.1"); got != "fragment n=7" {
		t.Errorf("main.2.1 = %q, want fragment n=7", got)
	}
	// The rest of the page did not run again, and is still shown.
	if got := body(c, "main.1"); got != "full runs: 1" {
		t.Errorf("main.1 = %q after a fragment run, want full runs: 1", got)
	}
	if got := body(c, "main.3"); got != "after" {
		t.Errorf("main.3 = %q, want after", got)
	}
	// A widget outside the fragment (none here) or a rerun runs it all.
	c.SendValue(map[string]any{"v": 1, "type": "rerun"})
	for body(c, "main.1") != "full runs: 2" {
		runEnd(t, c)
	}
	if got := body(c, "main.2.1"); got != "fragment n=7" {
		t.Errorf("after a full run: %q, want the fragment's value kept", got)
	}
}

func TestFragmentRunEvery(t *testing.T) {
	page := `
st.markdown("static")
def tick():
    n = st.session_state.get("ticks", 0) + 1
    st.session_state["ticks"] = n
    st.markdown("tick %d" % n)
st.fragment(tick, run_every=0.1)()
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	deadline := time.Now().Add(10 * time.Second)
	scoped := 0
	for scoped < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d timed fragment runs", scoped)
		}
		m := runEnd(t, c)
		if m.RunEnd.Scope == "main.1" {
			scoped++
		}
	}
	if got := body(c, "main.0"); got != "static" {
		t.Errorf("main.0 = %q, want static", got)
	}
	if got := body(c, "main.1.0"); !strings.HasPrefix(got, "tick ") || got == "tick 1" {
		t.Errorf("main.1.0 = %q, want a later tick", got)
	}
}

func TestRerunFragmentScope(t *testing.T) {
	page := `
def part():
    n = st.session_state.get("n", 0) + 1
    st.session_state["n"] = n
    st.markdown("n=%d" % n)
    if n < 3:
        st.rerun(scope="fragment")
st.fragment(part)()
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	c := dial(t, ts, "", "")
	for body(c, "main.0.0") != "n=3" {
		runEnd(t, c)
	}
}
