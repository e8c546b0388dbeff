package starlib_test

// Tests of fragments rendered into a container: col.fragment(fn) is
// Streamlit's `with col: frag()`.

import (
	"strings"
	"sync"
	"testing"

	"github.com/stark-dev/stark/host"
)

// fragmentInColumn renders a fragment into the second column.
const fragmentInColumn = `
st.text("top")
cols = st.columns(2)
cols[0].text("left")
def part(label):
    n = st.session_state.get("n", 0) + 1
    st.session_state["n"] = n
    st.text("%s %d" % (label, n))
show = cols[1].fragment(part)
show("frag")
st.text("bottom")
`

func TestFragmentInContainer(t *testing.T) {
	s := session(t, fragmentInColumn, nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	// The full run: the fragment is in the second column, and "bottom"
	// follows the columns.
	els := res.Elements()
	if len(els) != 3 || els[1].Kind != "columns" || els[2].Prop("body") != "bottom" {
		t.Fatalf("main = %s, want top, columns, bottom", asJSON(t, els))
	}
	col := els[1].Children[1]
	if len(col.Children) != 1 || col.Children[0].Kind != "fragment" || col.Children[0].Path != "main.1.1.0" {
		t.Fatalf("the second column = %s, want the fragment at main.1.1.0", asJSON(t, col))
	}
	if len(res.Fragments) != 1 {
		t.Fatalf("the run rendered %d fragments, want 1", len(res.Fragments))
	}
	var fr *host.Fragment
	for _, f := range res.Fragments {
		fr = f
	}
	// The fragment's run, as the session starts it when a widget in it
	// changes: it writes only inside the fragment's box in the column.
	var mu sync.Mutex
	var paths []string
	run := s.App.Run(host.RunOptions{Page: s.Page, State: s.State, Fragment: fr, OnChange: func(c host.Change) {
		mu.Lock()
		paths = append(paths, c.Element.Path)
		mu.Unlock()
	}})
	if run.Status != host.Completed {
		t.Fatalf("the fragment run: %v %v", run.Status, run.Err)
	}
	if len(paths) == 0 {
		t.Fatal("the fragment run wrote nothing")
	}
	for _, p := range paths {
		if !strings.HasPrefix(p, "main.1.1.0.") {
			t.Errorf("the fragment run wrote %s, outside its box main.1.1.0", p)
		}
	}
	snap := run.Tree.Snapshot()
	if len(snap) != 1 || snap[0].Path != "main.1.1.0" || len(snap[0].Children) != 1 || snap[0].Children[0].Prop("body") != "frag 2" {
		t.Errorf("the fragment run's tree = %s, want main.1.1.0 holding frag 2", asJSON(t, snap))
	}
}

func TestFragmentInSidebar(t *testing.T) {
	// st.sidebar.fragment(fn) renders the fragment in the sidebar.
	res := runPage(t, lines(
		`def part():`,
		`    st.text("in the sidebar")`,
		`st.sidebar.fragment(part)()`))
	mustComplete(t, res)
	side := res.Sidebar()
	if len(side) != 1 || side[0].Kind != "fragment" || len(side[0].Children) != 1 {
		t.Errorf("sidebar = %s, want the fragment with its text", asJSON(t, side))
	}
}
