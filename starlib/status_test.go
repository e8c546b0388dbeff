package starlib_test

// Tests of the status builtins: progress and spinner handles that replace
// their element in place, status containers updated in place, and toast.

import (
	"sync"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
)

// changes runs the session's page once directly on its app, recording the
// changes reported while the run went.
func changes(t *testing.T, s *harness.Session) (*host.Result, []host.Change) {
	t.Helper()
	var mu sync.Mutex
	var out []host.Change
	res := s.App.Run(host.RunOptions{Page: s.Page, State: s.State, OnChange: func(c host.Change) {
		mu.Lock()
		out = append(out, c)
		mu.Unlock()
	}})
	return res, out
}

// pathsOf returns the paths of changes, in order.
func pathsOf(chs []host.Change) []string {
	var out []string
	for _, c := range chs {
		out = append(out, c.Element.Path)
	}
	return out
}

func TestStatusElements(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the elements of main, as JSON
	}{
		{"progress", `st.progress(0)`, `[{"kind":"progress","path":"main.0","value":0,"text":null}]`},
		{"progress of an int", `st.progress(42, text="working")`, `[{"kind":"progress","path":"main.0","value":42,"text":"working"}]`},
		{"progress of a float", `st.progress(0.5)`, `[{"kind":"progress","path":"main.0","value":50,"text":null}]`},
		{"progress of a float, rounded", `st.progress(0.126)`, `[{"kind":"progress","path":"main.0","value":13,"text":null}]`},
		{"progress of 1.0", `st.progress(1.0, "done")`, `[{"kind":"progress","path":"main.0","value":100,"text":"done"}]`},
		{"progress updated in place", lines(
			`st.text("before")`,
			`bar = st.progress(0, text="starting")`,
			`for i in range(1, 4):`,
			`    bar = bar.progress(i * 25, text="step %d" % i)`,
			`st.text("after")`),
			`[{"kind":"text","path":"main.0","body":"before"},
			  {"kind":"progress","path":"main.1","value":75,"text":"step 3"},
			  {"kind":"text","path":"main.2","body":"after"}]`},
		{"progress handle kept", lines(
			`bar = st.progress(0)`,
			`bar.progress(10)`,
			`bar.progress(20)`),
			`[{"kind":"progress","path":"main.0","value":20,"text":null}]`},
		{"progress replaced by another element", lines(
			`bar = st.progress(0.3)`,
			`bar.success("done")`),
			`[{"kind":"success","path":"main.0","body":"done"}]`},
		{"progress in a column", lines(
			`a, b = st.columns(2)`,
			`b.progress(10).progress(90)`),
			`[{"kind":"columns","path":"main.0","gap":"small","widths":[0.5,0.5],"children":[
			   {"kind":"column","path":"main.0.0","width":0.5,"children":[]},
			   {"kind":"column","path":"main.0.1","width":0.5,"children":[{"kind":"progress","path":"main.0.1.0","value":90,"text":null}]}]}]`},
		{"spinner", `st.spinner()`, `[{"kind":"spinner","path":"main.0","text":"In progress..."}]`},
		{"spinner done", lines(
			`sp = st.spinner("Loading")`,
			`st.text("x")`,
			`sp.done()`),
			`[{"kind":"empty","path":"main.0"},{"kind":"text","path":"main.1","body":"x"}]`},
		{"spinner replaced", lines(
			`sp = st.spinner(text="Loading")`,
			`sp.success("Loaded")`),
			`[{"kind":"success","path":"main.0","body":"Loaded"}]`},
		{"status", `st.status("Working")`, `[{"kind":"status","path":"main.0","label":"Working","state":"running","expanded":false,"children":[]}]`},
		{"status updated keeps its children", lines(
			`s = st.status("Downloading", expanded=True)`,
			`s.write("step 1")`,
			`s.update(label="Downloaded", state="complete", expanded=False)`,
			`s.write("step 2")`,
			`st.text("after")`),
			`[{"kind":"status","path":"main.0","label":"Downloaded","state":"complete","expanded":false,"children":[
			   {"kind":"markdown","path":"main.0.0","body":"step 1"},
			   {"kind":"markdown","path":"main.0.1","body":"step 2"}]},
			  {"kind":"text","path":"main.1","body":"after"}]`},
		{"status update of one property", lines(
			`s = st.status("Working", state="error", expanded=True)`,
			`s.update(label="Still working")`),
			`[{"kind":"status","path":"main.0","label":"Still working","state":"error","expanded":true,"children":[]}]`},
		{"status done", lines(
			`s = st.status("Working")`,
			`s.text("x")`,
			`s.done()`),
			`[{"kind":"status","path":"main.0","label":"Working","state":"complete","expanded":false,"children":[{"kind":"text","path":"main.0.0","body":"x"}]}]`},
		{"status holds containers", lines(
			`s = st.status("Working")`,
			`a, b = s.columns(2)`,
			`b.progress(50)`,
			`s.update(state="complete")`),
			`[{"kind":"status","path":"main.0","label":"Working","state":"complete","expanded":false,"children":[
			   {"kind":"columns","path":"main.0.0","gap":"small","widths":[0.5,0.5],"children":[
			    {"kind":"column","path":"main.0.0.0","width":0.5,"children":[]},
			    {"kind":"column","path":"main.0.0.1","width":0.5,"children":[{"kind":"progress","path":"main.0.0.1.0","value":50,"text":null}]}]}]}]`},
		{"toast", `st.toast("Saved")`, `[{"kind":"toast","path":"main.0","body":"Saved","icon":null}]`},
		{"toast with an icon", `st.toast("Saved", icon="✅")`, `[{"kind":"toast","path":"main.0","body":"Saved","icon":"✅"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, tt.src)
			mustComplete(t, res)
			sameJSON(t, tree(t, res), tt.want)
		})
	}
}

func TestStatusErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"progress over 100", `st.progress(101)`, `st.progress: for parameter value: 101 is outside [0, 100]`},
		{"progress below 0", `st.progress(-1)`, `st.progress: for parameter value: -1 is outside [0, 100]`},
		{"progress float over 1", `st.progress(1.5)`, `st.progress: for parameter value: 1.5 is outside [0.0, 1.0]`},
		{"progress nan", `st.progress(float("nan"))`, `st.progress: for parameter value: nan is outside [0.0, 1.0]`},
		{"progress string", `st.progress("50")`, `st.progress: for parameter value: got string, want int (0 to 100) or float (0.0 to 1.0)`},
		{"progress text", `st.progress(1, text=2)`, `st.progress: for parameter text: got int, want string or None`},
		{"progress on a handle", `st.progress(1).progress(200)`, `st.progress: for parameter value: 200 is outside [0, 100]`},
		{"spinner text", `st.spinner(1)`, `st.spinner: for parameter text: got int, want string`},
		{"spinner done argument", `st.spinner().done(1)`, `spinner.done: got 1 arguments, want at most 0`},
		{"done of a progress", `st.progress(1).done()`, `st.container has no .done field or method`},
		{"status without label", `st.status()`, `st.status: missing argument for label`},
		{"status state", `st.status("s", state="done")`, `st.status: for parameter state: got "done", want "running", "complete" or "error"`},
		{"status expanded", `st.status("s", expanded=1)`, `st.status: for parameter expanded: got int, want bool`},
		{"status update state", `st.status("s").update(state="x")`, `status.update: for parameter state: got "x", want "running", "complete" or "error"`},
		{"status update label", `st.status("s").update(label=1)`, `status.update: for parameter label: got int, want string or None`},
		{"status update expanded", `st.status("s").update(expanded="yes")`, `status.update: for parameter expanded: got string, want bool or None`},
		{"status update positional", `st.status("s").update("a", "b", True, 1)`, `status.update: got 4 arguments, want at most 3`},
		{"status done argument", `st.status("s").done("x")`, `status.done: got 1 arguments, want at most 0`},
		{"status replaced in a placeholder", lines(
			`ph = st.empty()`,
			`s = ph.status("a")`,
			`ph.text("b")`,
			`s.update(label="c")`),
			`status.update: the container at main.0.0 was replaced`},
		{"toast body", `st.toast(1)`, `st.toast: for parameter body: got int, want string`},
		{"toast icon", `st.toast("t", icon=1)`, `st.toast: for parameter icon: got int, want string or None`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFail(t, runPage(t, tt.src), tt.want) })
	}
}

// TestProgressChanges checks that updates through a progress handle are
// reported as changes at the element's path, live.
func TestProgressChanges(t *testing.T) {
	s := session(t, lines(
		`bar = st.progress(0)`,
		`for i in range(1, 4):`,
		`    bar.progress(i * 30)`,
		`st.text("end")`,
	), nil, host.Limits{})
	res, chs := changes(t, s)
	if res.Status != host.Completed {
		t.Fatalf("status %s: %v", res.Status, res.Err)
	}
	sameJSON(t, pathsOf(chs), `["main.0","main.0","main.0","main.0","main.1"]`)
	var values []any
	for _, c := range chs[:4] {
		values = append(values, c.Element.Props["value"])
	}
	sameJSON(t, values, `[0,30,60,90]`)
	if got := res.Tree.Counts()["main"]; got != 2 {
		t.Errorf("main has %d children, want 2", got)
	}
}

// TestStatusChanges checks that a status update is one change at the
// status's path, and that its children are not sent again.
func TestStatusChanges(t *testing.T) {
	s := session(t, lines(
		`s = st.status("Working")`,
		`s.text("a")`,
		`s.update(label="Done", state="complete")`,
	), nil, host.Limits{})
	res, chs := changes(t, s)
	if res.Status != host.Completed {
		t.Fatalf("status %s: %v", res.Status, res.Err)
	}
	sameJSON(t, pathsOf(chs), `["main.0","main.0.0","main.0"]`)
	last := chs[2]
	if !last.Container || last.Element.Props["state"] != "complete" || last.Element.Props["label"] != "Done" {
		t.Errorf("update change = %+v %v", last, last.Element.Props)
	}
	if chs[0].Element.Props["state"] != "running" {
		t.Errorf("the first element was modified: %v", chs[0].Element.Props)
	}
}

// TestStatusFromWorker checks that a worker given the context updates a
// status and a progress bar the script thread made.
func TestStatusFromWorker(t *testing.T) {
	res := runPage(t, lines(
		`s = st.status("Working")`,
		`bar = s.progress(0)`,
		`def work(s, bar):`,
		`    for i in range(1, 5):`,
		`        bar.progress(i * 25)`,
		`    s.write("all done")`,
		`    s.done()`,
		`spawn(work, s, bar, context=True).result()`,
	))
	mustComplete(t, res)
	sameJSON(t, tree(t, res), `[{"kind":"status","path":"main.0","label":"Working","state":"complete","expanded":false,"children":[
		{"kind":"progress","path":"main.0.0","value":100,"text":null},
		{"kind":"markdown","path":"main.0.1","body":"all done"}]}]`)
}

// TestProgressElementLimit checks that updates count toward the element
// limit, so that a page cannot stream without bound.
func TestProgressElementLimit(t *testing.T) {
	for _, src := range []string{
		lines(`bar = st.progress(0)`, `for i in range(100):`, `    bar.progress(i)`),
		lines(`s = st.status("x")`, `for i in range(100):`, `    s.update(label=str(i))`),
	} {
		res := session(t, src, nil, host.Limits{Elements: 50}).Run()
		mustFail(t, res, "run stopped: element limit of 50 reached (raise [limits] elements in stark.toml)")
	}
}

// TestHandleAttrNames checks that dir() of a status or spinner lists its own
// methods beside the st builtins.
func TestHandleAttrNames(t *testing.T) {
	res := runPage(t, lines(
		`names = lambda v: [n for n in dir(v) if n in ("done", "update", "metric")]`,
		`st.text(repr(names(st.status("s"))))`,
		`st.text(repr(names(st.spinner())))`,
		`st.text(repr(names(st.progress(1))))`,
	))
	mustComplete(t, res)
	var got []string
	for _, e := range res.Find("text") {
		got = append(got, e.Prop("body").(string))
	}
	sameJSON(t, got, `["[\"done\", \"metric\", \"update\"]", "[\"done\", \"metric\"]", "[\"metric\"]"]`)
}
