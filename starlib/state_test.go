package starlib_test

// Tests of st.session_state across runs, and of on_change and on_click
// callbacks.

import (
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"go.starlark.net/starlark"
)

func TestSessionState(t *testing.T) {
	tests := []struct {
		name string
		src  string
		runs int
		want []string // st.text bodies of the last run
	}{
		{"index", lines(
			`st.session_state["n"] = st.session_state["n"] + 1 if "n" in st.session_state else 1`,
			`st.text(str(st.session_state["n"]))`), 3, []string{"3"}},
		{"attribute", lines(
			`st.session_state.setdefault("n", 0)`,
			`st.session_state.n = st.session_state.n + 1`,
			`st.text(str(st.session_state.n))`), 3, []string{"3"}},
		{"get", lines(
			`st.text(repr(st.session_state.get("missing")))`,
			`st.text(repr(st.session_state.get("missing", 5)))`,
			`st.session_state["x"] = "v"`,
			`st.text(repr(st.session_state.get("x", 5)))`), 1, []string{"None", "5", `"v"`}},
		{"in", lines(
			`st.text(repr("k" in st.session_state))`,
			`st.session_state["k"] = 1`,
			`st.text(repr("k" in st.session_state))`,
			`st.text(repr("other" not in st.session_state))`), 1, []string{"False", "True", "True"}},
		{"pop", lines(
			`st.session_state["k"] = 1`,
			`st.text(repr(st.session_state.pop("k")))`,
			`st.text(repr("k" in st.session_state))`,
			`st.text(repr(st.session_state.pop("k", "gone")))`), 1, []string{"1", "False", `"gone"`}},
		{"pop persists", lines(
			`if st.session_state.get("run", 0) == 0:`,
			`    st.session_state["k"] = 1`,
			`else:`,
			`    st.session_state.pop("k", None)`,
			`st.session_state["run"] = st.session_state.get("run", 0) + 1`,
			`st.text(repr(st.session_state.get("k")))`), 2, []string{"None"}},
		{"setdefault", lines(
			`st.text(repr(st.session_state.setdefault("a", [1])))`,
			`st.text(repr(st.session_state.setdefault("a", [2])))`), 1, []string{"[1]", "[1]"}},
		{"update, keys, values, items", lines(
			`st.session_state.update({"b": 2}, a=1)`,
			`st.text(repr(st.session_state.keys()))`,
			`st.text(repr(st.session_state.values()))`,
			`st.text(repr(st.session_state.items()))`,
			`st.text(repr(st.session_state.to_dict()))`,
			`st.text(repr(len(st.session_state)))`,
			`st.text(repr(sorted([k for k in st.session_state])))`), 1,
			[]string{`["a", "b"]`, `[1, 2]`, `[("a", 1), ("b", 2)]`, `{"a": 1, "b": 2}`, "2", `["a", "b"]`}},
		{"clear", lines(
			`st.session_state["a"] = 1`,
			`st.session_state.clear()`,
			`st.text(repr(len(st.session_state)))`,
			`st.text(repr(bool(st.session_state)))`), 1, []string{"0", "False"}},
		{"widget value by key", lines(
			`st.session_state.setdefault("n", 7)`,
			`v = st.slider("n", 0, 10, key="n")`,
			`st.text(repr([v, st.session_state["n"], st.session_state.n]))`), 1, []string{"[7, 7, 7]"}},
		{"widget default stored under its key", lines(
			`v = st.slider("n", 0, 10, 4, key="n")`,
			`st.text(repr(st.session_state["n"]))`), 1, []string{"4"}},
		{"page sets a widget's key for the next run", lines(
			`v = st.slider("n", 0, 10, 4, key="n")`,
			`st.text(repr(v))`,
			`st.session_state["n"] = 9`), 2, []string{"9"}},
		{"a list is stored frozen", lines(
			`st.session_state.setdefault("l", [])`,
			`st.session_state["l"] = st.session_state["l"] + [len(st.session_state["l"])]`,
			`st.text(repr(st.session_state["l"]))`), 3, []string{"[0, 1, 2]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := session(t, tt.src, nil, host.Limits{})
			var res *harness.Result
			for i := 0; i < tt.runs; i++ {
				res = s.Run()
				mustComplete(t, res)
			}
			got := texts(t, res)
			if len(got) != len(tt.want) {
				t.Fatalf("texts = %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("text %d = %s, want %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSessionStateErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"missing index", `x = st.session_state["nope"]`, `key "nope" not in st.session_state`},
		{"missing attribute", `x = st.session_state.nope`, `st.session_state has no key "nope"; set it first, e.g. st.session_state.setdefault("nope", 0)`},
		{"pop missing", `st.session_state.pop("nope")`, `st.session_state.pop: st.session_state has no key "nope"`},
		{"key not a string", `st.session_state[1] = 2`, `st.session_state keys are strings, got int`},
		{"stored list is frozen", lines(
			`st.session_state["l"] = [1]`,
			`st.session_state["l"].append(2)`), `append: cannot append to frozen list`},
		{"list frozen when stored", lines(
			`l = [1]`,
			`st.session_state["l"] = l`,
			`l.append(2)`), `append: cannot append to frozen list`},
		{"attribute value frozen", lines(
			`st.session_state.d = {}`,
			`st.session_state.d["k"] = 1`), `cannot insert into frozen hash table`},
		{"get without key", `st.session_state.get()`, `st.session_state.get: got 0 arguments, want at least 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustFail(t, runPage(t, tt.src), tt.want)
		})
	}
}

// TestSessionStateFromGo checks what a page's writes leave in host.State.
func TestSessionStateFromGo(t *testing.T) {
	s := session(t, `st.session_state["l"] = [1, 2]`, nil, host.Limits{})
	mustComplete(t, s.Run())
	v, ok := s.State.Get("l")
	if !ok {
		t.Fatalf("State.Get(\"l\"): not found")
	}
	if got := v.String(); got != "[1, 2]" {
		t.Errorf("State.Get(\"l\") = %s, want [1, 2]", got)
	}
	if err := v.(*starlark.List).Append(starlark.None); err == nil {
		t.Errorf("the stored list is not frozen")
	}
}

// TestSessionStateInModule checks that a module's functions reach the
// session_state of the thread that calls them, by every form of access, and
// that a module's top level, which has no session, gets the missing-context
// error.
func TestSessionStateInModule(t *testing.T) {
	files := map[string]string{
		"lib.star": lines(
			`def bump():`,
			`    st.session_state.update(n=st.session_state.get("n", 0) + 1)`,
			`    return st.session_state.get("n")`,
			`def by_index():`,
			`    st.session_state["n"] += 10`,
			`    st.session_state.m = len(st.session_state)`,
			`    return st.session_state.n`,
		),
		"top.star": `x = st.session_state["n"]`,
	}
	s := session(t, lines(
		`load("lib.star", "bump", "by_index")`,
		`st.text(repr(bump()))`,
		`st.text(repr(by_index()))`,
		`st.text(repr(st.session_state.m))`,
	), files, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	if got := texts(t, res); strings.Join(got, " ") != "1 11 1" {
		t.Errorf("texts = %q, want [1 11 1]", got)
	}
	res = session(t, `load("top.star", "x")`, files, host.Limits{}).Run()
	if got := errText(res); !strings.Contains(got, `st.session_state: missing ScriptRunContext: a module's top level (top.star) runs once for every session`) {
		t.Errorf("module top level: error %q", got)
	}
}

func TestCallbacks(t *testing.T) {
	page := lines(
		`def log(*args, **kwargs):`,
		`    st.session_state["log"] = st.session_state.get("log", ()) + (repr([st.session_state.get("n"), args, kwargs]),)`,
		`    st.write("from the callback")`,
		`n = st.slider("n", 0, 10, key="n", on_change=log, args=(1, "a"), kwargs={"k": "v"})`,
		`go = st.button("Go", key="go", on_click=log, args=("click",))`,
		`plain = st.checkbox("plain", key="plain")`,
		`st.text(repr(st.session_state.get("log", ())))`,
	)
	tests := []struct {
		name      string
		set       func(s *harness.Session) error
		want      string // the log the page shows in the next run
		callbacks int    // elements the callbacks wrote in that run
	}{
		{"nothing changed", nil, `()`, 0},
		{"on_change", func(s *harness.Session) error {
			return s.SetWidget("n", starlark.MakeInt(5))
		}, `("[5, (1, \"a\"), {\"k\": \"v\"}]",)`, 1},
		{"on_click", func(s *harness.Session) error {
			return s.Click("go")
		}, `("[0, (\"click\",), {}]",)`, 1},
		{"both, in id order", func(s *harness.Session) error {
			if err := s.Click("go"); err != nil {
				return err
			}
			return s.SetWidget("n", starlark.MakeInt(3))
		}, `("[3, (\"click\",), {}]", "[3, (1, \"a\"), {\"k\": \"v\"}]")`, 2},
		{"widget without a callback", func(s *harness.Session) error {
			return s.SetWidget("plain", starlark.True)
		}, `()`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := session(t, page, nil, host.Limits{})
			mustComplete(t, s.Run())
			if tt.set != nil {
				if err := tt.set(s); err != nil {
					t.Fatalf("set: %v", err)
				}
			}
			res := s.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != tt.want {
				t.Errorf("log = %v\nwant  %s", got, tt.want)
			}
			// The callbacks run before the page: their writes come first.
			els := res.Elements()
			for i := 0; i < tt.callbacks; i++ {
				if els[i].Kind != "markdown" || els[i].Prop("body") != "from the callback" {
					t.Errorf("element %d = %s %v, want the callback's markdown", i, els[i].Kind, els[i].Prop("body"))
				}
			}
			if got := len(res.Find("markdown")); got != tt.callbacks {
				t.Errorf("%d markdown elements, want %d", got, tt.callbacks)
			}
			// A callback runs once per change.
			res = s.Run()
			mustComplete(t, res)
			if got := len(res.Find("markdown")); got != 0 {
				t.Errorf("a later run ran %d callbacks, want 0", got)
			}
		})
	}
}

// TestCallbackError checks that a failing callback fails the run at the
// callback's line.
func TestCallbackError(t *testing.T) {
	s := session(t, lines(
		`def boom():`,
		`    fail("callback failed")`,
		`st.checkbox("c", key="c", on_change=boom)`,
		`st.text("page")`,
	), nil, host.Limits{})
	mustComplete(t, s.Run())
	if err := s.SetWidget("c", starlark.True); err != nil {
		t.Fatal(err)
	}
	res := s.Run()
	mustFail(t, res, "fail: callback failed")
	last := res.Err.Frames[len(res.Err.Frames)-1]
	if last.File != "page.star" || last.Line != 2 {
		t.Errorf("error at %s, want page.star:2", last)
	}
	if n := len(res.Find("text")); n != 0 {
		t.Errorf("the page ran after its callback failed: %d texts", n)
	}
}

// TestCallbackOncePerChangeOverRuns checks, over many runs, that a change
// runs its callback in the next run only: the state recycles the map of
// changes a run took (host/state.go), and a change must not come back
// from it in a later run.
func TestCallbackOncePerChangeOverRuns(t *testing.T) {
	page := lines(
		`def log():`,
		`    st.write("from the callback")`,
		`n = st.slider("n", 0, 10, key="n", on_change=log)`,
		`plain = st.checkbox("plain", key="plain", on_change=log)`,
	)
	s := session(t, page, nil, host.Limits{})
	mustComplete(t, s.Run())
	for i := range 12 {
		want := 0
		switch i % 3 {
		case 0:
			want = 1
			if err := s.SetWidget("n", starlark.MakeInt(i%10)); err != nil {
				t.Fatal(err)
			}
		case 1:
			want = 2
			if err := s.SetWidget("n", starlark.MakeInt(i%10+1)); err != nil {
				t.Fatal(err)
			}
			if err := s.SetWidget("plain", starlark.Bool(i%2 == 0)); err != nil {
				t.Fatal(err)
			}
		}
		res := s.Run()
		mustComplete(t, res)
		if got := len(res.Find("markdown")); got != want {
			t.Fatalf("run %d: %d callbacks ran, want %d", i, got, want)
		}
	}
}
