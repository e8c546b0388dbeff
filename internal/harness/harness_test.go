package harness_test

// Tests of the headless session: runs, reruns, widget values and the output
// of `stark render`.

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"go.starlark.net/starlark"
)

func TestOutput(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), strings.Join([]string{
		`load("lib/x.star", "X")`,
		`n = st.slider("n", 0, 10, 3, key="n")`,
		`st.text(X + str(n))`,
		`st.sidebar.caption("side")`,
		`st.session_state["seen"] = [n]`,
	}, "\n"), map[string]string{"lib/x.star": `X = "x="`}, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s.Set("n", starlark.MakeInt(7))
	res := s.Run()
	var got map[string]any
	if err := json.Unmarshal(res.JSON(), &got); err != nil {
		t.Fatalf("JSON: %v\n%s", err, res.JSON())
	}
	var want map[string]any
	if err := json.Unmarshal([]byte(`{
		"elements": [
			{"kind": "slider", "path": "main.0", "id": "n", "key": "n", "label": "n", "help": null, "disabled": false,
			 "min": 0, "max": 10, "step": 1, "value": 7, "float": false, "format": null},
			{"kind": "text", "path": "main.1", "body": "x=7"},
			{"kind": "sidebar", "path": "sidebar", "children": [{"kind": "caption", "path": "sidebar.0", "body": "side"}]}
		],
		"error": null,
		"status": "completed",
		"session_state": {"n": 7, "seen": [7]}
	}`), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("output:\n%s\nwant:\n%v", res.JSON(), want)
	}
}

func TestOutputOfAFailure(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), "st.text(\"a\")\nst.table(1)\n", nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	out := s.Run().Output()
	if out.Status != "failed" || out.Error == nil || out.Error.Kind != "runtime" || len(out.Elements) != 1 {
		t.Errorf("output %+v, want failed with the text kept", out)
	}
}

func TestEmptyOutput(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), "x = 1\n", nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(s.Run().JSON()); !strings.Contains(got, `"elements": []`) {
		t.Errorf("JSON of an empty page: %s", got)
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	if _, err := harness.FromSource(dir, "st.title(\"t\")\n", nil, host.Limits{}); err != nil {
		t.Fatal(err)
	}
	s, err := harness.New(filepath.Join(dir, "page.star"), host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Page != "page.star" || s.App.Root != dir {
		t.Errorf("page %q in %q, want page.star in %q", s.Page, s.App.Root, dir)
	}
	if got := s.Run().Find("title"); len(got) != 1 {
		t.Errorf("%d titles, want 1", len(got))
	}
	if _, err := harness.New(filepath.Join(dir, "missing", "page.star"), host.Limits{}); err == nil {
		t.Errorf("New of a page in a missing directory: no error")
	}
}

func TestQuery(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), "st.text(repr(st.query_params))\n", nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s.Query = map[string][]string{"a": {"1", "2"}, "b": {"x"}}
	if got := s.Run().Find("text")[0].Prop("body"); got != `{"a": "2", "b": "x"}` {
		t.Errorf("query_params = %v", got)
	}
}

// TestMessages checks that a Run's messages are those a browser gets: the
// first Run's welcome and page, then each run's start, delta and end.
func TestMessages(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), "st.text(\"a\")\n", nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	types := func(res *harness.Result) string {
		var ts []string
		for _, m := range res.Messages() {
			ts = append(ts, m.Type)
		}
		return strings.Join(ts, " ")
	}
	if got, want := types(s.Run()), "welcome page run_start delta run_end"; got != want {
		t.Errorf("first Run: %s, want %s", got, want)
	}
	// The browser shows the text already: the delta carries no element.
	res := s.Run()
	if got, want := types(res), "run_start delta run_end"; got != want {
		t.Errorf("second Run: %s, want %s", got, want)
	}
	if d := string(res.Messages()[1].JSON); strings.Contains(d, `"text"`) {
		t.Errorf("second Run's delta sends the unchanged text again: %s", d)
	}
}

// TestRerunsBoundedThenRun checks that a Run that stopped a page rerunning
// forever leaves a session that runs again.
func TestRerunsBoundedThenRun(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), lines(
		`n = st.session_state.get("n", 0) + 1`,
		`st.session_state["n"] = n`,
		`if not st.session_state.get("calm"):`,
		`    st.rerun()`,
		`st.text(str(n))`,
	), nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	res := s.Run()
	if res.Status != host.RerunRequested {
		t.Fatalf("status %s, want rerun", res.Status)
	}
	reruns := 0
	for _, r := range res.Runs {
		if r.Status == host.RerunRequested {
			reruns++
		}
	}
	// The run in progress when the chain is stopped may end first.
	if reruns < harness.MaxReruns+1 || reruns > harness.MaxReruns+2 {
		t.Errorf("%d reruns, want %d (or one more)", reruns, harness.MaxReruns+1)
	}
	s.Set("calm", starlark.True)
	res = s.Run()
	if res.Status != host.Completed || len(res.Runs) != 1 {
		t.Fatalf("after calming: status %s in %d runs, want completed in 1", res.Status, len(res.Runs))
	}
	if got, _ := s.State.Get("n"); got.String() != res.Find("text")[0].Prop("body") {
		t.Errorf("n = %s, text %v", got, res.Find("text")[0].Prop("body"))
	}
}

// TestEdit checks that an edit of the page reruns it, as a server watching
// the files does, and the next Run runs the new source.
func TestEdit(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), "st.text(\"old\")\n", nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Run().Find("text")[0].Prop("body"); got != "old" {
		t.Fatalf("text %v", got)
	}
	if err := s.Edit("st.text(\"new\")\n"); err != nil {
		t.Fatal(err)
	}
	if got := s.Run().Find("text")[0].Prop("body"); got != "new" {
		t.Errorf("after Edit: text %v, want new", got)
	}
}

// TestClicksEachSeenOnce checks that two clicks of a button before a Run
// are two runs that each see one click, as the session schedules them.
func TestClicksEachSeenOnce(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), lines(
		`if st.button("add", key="add"):`,
		`    st.session_state["n"] = st.session_state.get("n", 0) + 1`,
	), nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s.Run()
	for range 2 {
		if err := s.Click("add"); err != nil {
			t.Fatal(err)
		}
	}
	res := s.Run()
	if n, _ := s.State.Get("n"); n == nil || n.String() != "2" {
		t.Errorf("n = %v after two clicks in %d runs, want 2", n, len(res.Runs))
	}
}

func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// RunFragments runs a fragment alone when only widgets inside it changed,
// and merges its elements into the tree shown: the page's elements stay
// those of its full run. TickFragment runs a fragment as its timer does.
func TestRunFragments(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), strings.Join([]string{
		`full = st.session_state.get("full", 0) + 1`,
		`st.session_state["full"] = full`,
		`st.text("full %d" % full)`,
		`def part():`,
		`    k = st.number_input("k", value=0, key="k")`,
		`    st.text("k %d" % k)`,
		`st.fragment(part)()`,
		`st.text("after")`,
	}, "\n"), nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	texts := func(res *harness.Result) []string {
		var out []string
		for _, e := range res.Find("text") {
			out = append(out, e.Text+fmtProp(e))
		}
		return out
	}
	res := s.Run()
	if got := texts(res); !reflect.DeepEqual(got, []string{"full 1", "k 0", "after"}) {
		t.Fatalf("first run %q", got)
	}
	if err := s.SetWidget("k", starlark.MakeInt(4)); err != nil {
		t.Fatal(err)
	}
	res = s.RunFragments()
	if res.Fragment == "" {
		t.Errorf("a full run, want the fragment's")
	}
	if got := texts(res); !reflect.DeepEqual(got, []string{"full 1", "k 4", "after"}) {
		t.Errorf("after the fragment's run %q", got)
	}
	var id string
	for k := range s.Fragments() {
		id = k
	}
	if res, err = s.TickFragment(id); err != nil || res.Fragment != id {
		t.Fatalf("tick: %v %v", res, err)
	}
	s.Set("other", starlark.MakeInt(1))
	if res = s.RunFragments(); res.Fragment != "" || texts(res)[0] != "full 2" {
		t.Errorf("after session_state changed: fragment %q, %q", res.Fragment, texts(res))
	}
}

func fmtProp(e *host.Element) string {
	if e.TextBody {
		return ""
	}
	b, _ := e.Props["body"].(string)
	return b
}
