package starlib_test

// Tests of the elements of cached functions: what a cached function writes
// where it is called is written again, there, when its value comes from the
// cache; a widget made in one gets Streamlit's CachedWidgetWarning.

import (
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

const replayPage = `
def fetch(n):
    st.text("loading %d" % n)
    cols = st.columns(2)
    cols[1].markdown("in a column")
    return n * 10

loader = st.cache_data(fetch)
st.text("before")
a = loader(1)
st.text("between")
b = loader(1)
st.text("after %d %d" % (a, b))
`

func TestCachedElementsReplayed(t *testing.T) {
	s := session(t, replayPage, nil, host.Limits{})
	for run := 1; run <= 2; run++ {
		res := s.Run()
		mustComplete(t, res)
		sameJSON(t, res.Elements(), `[
		  {"kind":"text","path":"main.0","body":"before"},
		  {"kind":"text","path":"main.1","body":"loading 1"},
		  {"kind":"columns","path":"main.2","gap":"small","widths":[0.5,0.5],"children":[
		    {"kind":"column","path":"main.2.0","width":0.5,"children":[]},
		    {"kind":"column","path":"main.2.1","width":0.5,"children":[{"kind":"markdown","path":"main.2.1.0","body":"in a column"}]}]},
		  {"kind":"text","path":"main.3","body":"between"},
		  {"kind":"text","path":"main.4","body":"loading 1"},
		  {"kind":"columns","path":"main.5","gap":"small","widths":[0.5,0.5],"children":[
		    {"kind":"column","path":"main.5.0","width":0.5,"children":[]},
		    {"kind":"column","path":"main.5.1","width":0.5,"children":[{"kind":"markdown","path":"main.5.1.0","body":"in a column"}]}]},
		  {"kind":"text","path":"main.6","body":"after 10 10"}]`)
	}
	if st := s.App.Cache.Stats(); st.Misses != 1 || st.Hits != 3 {
		t.Errorf("misses %d, hits %d; want the function called once and 3 hits", st.Misses, st.Hits)
	}
}

func TestCachedElementsReplayedWhereCalled(t *testing.T) {
	// Called from a fragment, from a container's fragment and from a
	// worker, the elements land where the caller writes.
	res := runPage(t, lines(
		`def fetch(n):`,
		`    st.caption("computed %d" % n)`,
		`    return n`,
		`f = cache_data(fetch)`,
		`f(2)`,
		`def part():`,
		`    f(2)`,
		`cols = st.columns(2)`,
		`cols[0].fragment(part)()`,
		`def w():`,
		`    return f(2)`,
		`cols[1].fragment(lambda: spawn(w, context=True).result())()`,
	))
	mustComplete(t, res)
	var paths []string
	for _, e := range res.Find("caption") {
		paths = append(paths, e.Path)
	}
	if got, want := strings.Join(paths, " "), "main.0 main.1.0.0.0 main.1.1.0.0"; got != want {
		t.Errorf("the cached function's caption is at %s, want %s", got, want)
	}
}

func TestCachedWidgetWarning(t *testing.T) {
	s := session(t, lines(
		`def fetch(n):`,
		`    v = st.slider("pick", 0, 10, 5, key="pick")`,
		`    return n + v`,
		`f = st.cache_data(fetch)`,
		`n = st.session_state.get("n", 1)`,
		`st.text("got %d" % f(n))`,
		`st.text("again %d" % f(n))`,
	), nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	warnings := res.Find("warning")
	if len(warnings) != 2 {
		t.Fatalf("%d warnings, want one where the widget was made and its replay", len(warnings))
	}
	body, _ := warnings[0].Prop("body").(string)
	for _, want := range []string{"CachedWidgetWarning", "st.slider", "fetch", "st.cache_data", "move all widget commands outside the cached function"} {
		if !strings.Contains(body, want) {
			t.Errorf("the warning %q does not say %q", body, want)
		}
	}
	sliders := res.Find("slider")
	if len(sliders) != 1 {
		t.Fatalf("%d sliders, want 1: the miss makes it, a hit does not", len(sliders))
	}
	if got := texts(t, res); strings.Join(got, ",") != "got 6,again 6" {
		t.Errorf("texts %q, want the widget's value used", got)
	}
	// The widget works: a run that misses the cache sees the user's value.
	if err := s.SetWidget(sliders[0].ID, starlark.MakeInt(7)); err != nil {
		t.Fatal(err)
	}
	s.Set("n", starlark.MakeInt(2))
	res = s.Run()
	mustComplete(t, res)
	if got := texts(t, res); strings.Join(got, ",") != "got 9,again 9" {
		t.Errorf("texts %q after the user moved the slider to 7, want got 9, again 9", got)
	}
}

func TestCachedElementsCountInTheBudget(t *testing.T) {
	// The value is small; the element the function writes is 20 KB. The
	// budget of 10 KB cannot keep it, so every call computes again.
	const budget = 10_000
	app := budgetApp(t, lines(
		`def fetch(n):`,
		`    st.text("x" * 20000)`,
		`    return n`,
		`f = cache_data(fetch)`,
		`[f(1), f(1), f(1)]`,
	), budget)
	mustComplete(t, runApp(app))
	if s := app.Cache.Stats(); s.Misses != 3 || s.Hits != 0 || s.Bytes > budget {
		t.Errorf("misses %d, hits %d, %d bytes kept; want 3 misses: the elements are over the budget", s.Misses, s.Hits, s.Bytes)
	}
	app = budgetApp(t, lines(
		`def fetch(n):`,
		`    st.text("x" * 2000)`,
		`    return n`,
		`f = cache_data(fetch)`,
		`[f(1), f(1), f(1)]`,
	), budget)
	mustComplete(t, runApp(app))
	if s := app.Cache.Stats(); s.Misses != 1 || s.Hits != 2 || s.Bytes < 2000 {
		t.Errorf("misses %d, hits %d, %d bytes kept; want 1 miss, 2 hits, the element's bytes counted", s.Misses, s.Hits, s.Bytes)
	}
}
