package starlib_test

// Tests of st.data_editor: its value (the delta of Streamlit's
// st.session_state[key]), the data it returns in the type given, the
// checking of each edit against the columns' types and column_config, and
// num_rows and disabled.

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"go.starlark.net/starlark"
)

// wireDelta returns a delta as a browser sends it: JSON, whose object keys
// (edited_rows' rows) are strings.
func wireDelta(t *testing.T, src string) starlark.Value {
	t.Helper()
	var x any
	if err := json.Unmarshal([]byte(src), &x); err != nil {
		t.Fatal(err)
	}
	v, err := host.FromJSON(x)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

const editorPage = `
rows = [
    {"name": "ann", "age": 30, "ok": True, "size": "S", "born": time.time(year=1994, month=5, day=1)},
    {"name": "bob", "age": 41, "ok": False, "size": "M", "born": time.time(year=1983, month=1, day=2)},
    {"name": "cy", "age": 25, "ok": True, "size": "L", "born": time.time(year=1999, month=9, day=9)},
]
got = st.data_editor(rows, key="ed", num_rows="dynamic", disabled=["name"], column_config={
    "age": st.column_config.NumberColumn(min_value=0, max_value=120, step=1),
    "ok": st.column_config.CheckboxColumn(default=False),
    "size": st.column_config.SelectboxColumn(options=["S", "M", "L"], required=True, default="M"),
    "born": st.column_config.DateColumn(),
})
st.text("state %s" % (st.session_state.ed,))
st.text("got %s" % (got,))
`

func editorTexts(t *testing.T, res *harness.Result) (string, string) {
	t.Helper()
	mustComplete(t, res)
	ts := texts(t, res)
	return ts[0], ts[1]
}

func TestDataEditorValue(t *testing.T) {
	s := session(t, editorPage, nil, host.Limits{})
	res := s.Run()
	state, got := editorTexts(t, res)
	if want := `state {"edited_rows": {}, "added_rows": [], "deleted_rows": []}`; state != want {
		t.Errorf("before edits:\n got %s\nwant %s", state, want)
	}
	if !strings.HasPrefix(got, `got [{"name": "ann", "age": 30,`) {
		t.Errorf("before edits the data is returned as given: %s", got)
	}
	el := only(t, res, "data_editor")
	sameJSON(t, props(el, "columns", "rows", "column_config", "height", "num_rows"),
		`{"kind":"data_editor","path":"main.0","key":"ed","dynamic":true,"disabled":false,"disabled_columns":["name"],"value":{"edited_rows":{},"added_rows":[],"deleted_rows":[]}}`)
	if el.Rows == nil || el.Rows.Len() != 3 {
		t.Errorf("the editor's rows are not paged from its table: %v", el.Rows)
	}

	// Two edits, a row added (the defaults fill what it does not give), a
	// row deleted: as a browser sends them.
	if err := s.SetWire("ed", wireDelta(t, `{"edited_rows": {"0": {"age": 31}, "2": {"ok": false, "born": "2000-01-31"}}, "added_rows": [{"age": 7}], "deleted_rows": [1]}`)); err != nil {
		t.Fatal(err)
	}
	state, got = editorTexts(t, s.Run())
	if want := `state {"edited_rows": {0: {"age": 31}, 2: {"ok": False, "born": "2000-01-31"}}, "added_rows": [{"age": 7, "ok": False, "size": "M"}], "deleted_rows": [1]}`; state != want {
		t.Errorf("after edits:\n got %s\nwant %s", state, want)
	}
	if want := `got [{"name": "ann", "age": 31, "ok": True, "size": "S", "born": 1994-05-01 00:00:00 +0000 UTC}, {"name": "cy", "age": 25, "ok": False, "size": "L", "born": 2000-01-31 00:00:00 +0000 UTC}, {"name": None, "age": 7, "ok": False, "size": "M", "born": None}]`; got != want {
		t.Errorf("the data edited:\n got %s\nwant %s", got, want)
	}
	sameJSON(t, props(only(t, s.Run(), "data_editor"), "columns", "rows", "column_config", "height", "num_rows", "id", "key", "dynamic", "disabled", "disabled_columns"),
		`{"kind":"data_editor","path":"main.0","value":{"edited_rows":{"0":{"age":31},"2":{"ok":false,"born":"2000-01-31"}},"added_rows":[{"age":7,"ok":false,"size":"M"}],"deleted_rows":[1]}}`)
}

func TestDataEditorRefusesBadEdits(t *testing.T) {
	s := session(t, editorPage, nil, host.Limits{})
	mustComplete(t, s.Run())
	for _, tc := range []struct{ delta, err string }{
		{`{"edited_rows": {"0": {"age": -1}}}`, `edited_rows: row 0, column "age": got -1, less than min_value 0`},
		{`{"edited_rows": {"0": {"age": 121}}}`, `edited_rows: row 0, column "age": got 121, more than max_value 120`},
		{`{"edited_rows": {"0": {"age": 2.5}}}`, `edited_rows: row 0, column "age": got 2.5, not a multiple of step 1 from 0`},
		{`{"edited_rows": {"0": {"age": "old"}}}`, `edited_rows: row 0, column "age": got string "old", want a number`},
		{`{"edited_rows": {"1": {"ok": "yes"}}}`, `edited_rows: row 1, column "ok": got string "yes", want bool (True or False)`},
		{`{"edited_rows": {"1": {"size": "XL"}}}`, `edited_rows: row 1, column "size": got "XL", want one of the options ["S", "M", "L"]`},
		{`{"edited_rows": {"1": {"size": null}}}`, `edited_rows: row 1, column "size": the column is required; got None`},
		{`{"edited_rows": {"1": {"born": "yesterday"}}}`, `edited_rows: row 1, column "born": got "yesterday", want a date (YYYY-MM-DD) or a date and time (RFC 3339)`},
		{`{"edited_rows": {"1": {"name": "bo"}}}`, `edited_rows: row 1, column "name": the column is disabled; its cells cannot be edited`},
		{`{"edited_rows": {"3": {"age": 1}}}`, `edited_rows: row 3: the data has 3 rows (0 to 2)`},
		{`{"edited_rows": {"0": {"height": 1}}}`, `edited_rows: row 0: no column "height" is shown (columns: name, age, ok, size, born)`},
		{`{"added_rows": [{"name": "dee"}]}`, `added_rows: row 0, column "name": the column is disabled; its cells cannot be edited`},
		{`{"deleted_rows": [5]}`, `deleted_rows: row 5: the data has 3 rows (0 to 2)`},
		{`{"inserted_rows": []}`, `unknown key "inserted_rows": a data editor's value has edited_rows, added_rows and deleted_rows`},
	} {
		err := s.SetWire("ed", wireDelta(t, tc.delta))
		want := `widget "ed" (data_editor ""): ` + tc.err
		if err == nil || err.Error() != want {
			t.Errorf("%s:\n got %v\nwant %s", tc.delta, err, want)
		}
	}
	// Nothing refused reached the state.
	state, _ := editorTexts(t, s.Run())
	if want := `state {"edited_rows": {}, "added_rows": [], "deleted_rows": []}`; state != want {
		t.Errorf("after refusals: %s", state)
	}
}

func TestDataEditorNumRowsAndDisabled(t *testing.T) {
	for _, tc := range []struct{ page, delta, err string }{
		{`st.data_editor({"a": [1, 2]}, key="ed")`, `{"added_rows": [{"a": 3}]}`, `added_rows: 1 rows added, but num_rows is "fixed"; give num_rows="dynamic" to let rows be added`},
		{`st.data_editor({"a": [1, 2]}, key="ed")`, `{"deleted_rows": [0]}`, `deleted_rows: 1 rows deleted, but num_rows is "fixed"; give num_rows="dynamic" to let rows be deleted`},
		{`st.data_editor({"a": [1, 2]}, key="ed", disabled=True, num_rows="dynamic")`, `{"edited_rows": {"0": {"a": 3}}}`, `edited_rows: row 0, column "a": the column is disabled; its cells cannot be edited`},
		{`st.data_editor({"a": [1, 2]}, key="ed", disabled=True, num_rows="dynamic")`, `{"deleted_rows": [0]}`, `the data editor is disabled: no edits, no rows added or deleted`},
		{`st.data_editor({"a": [1, 2]}, key="ed", column_config={"a": st.column_config.NumberColumn(disabled=True)})`, `{"edited_rows": {"1": {"a": 3}}}`, `edited_rows: row 1, column "a": the column is disabled; its cells cannot be edited`},
		{`st.data_editor({"a": ["x"]}, key="ed", column_config={"a": st.column_config.TextColumn(max_chars=3)})`, `{"edited_rows": {"0": {"a": "long"}}}`, `edited_rows: row 0, column "a": "long" has 4 characters, more than max_chars 3`},
		{`st.data_editor({"a": ["x"]}, key="ed", column_config={"a": st.column_config.TextColumn(validate="[a-z]+")})`, `{"edited_rows": {"0": {"a": "X1"}}}`, `edited_rows: row 0, column "a": "X1" does not match validate "[a-z]+"`},
		{`st.data_editor({"a": [1]}, key="ed", column_config={"a": None})`, `{"edited_rows": {"0": {"a": 2}}}`, `edited_rows: row 0: no column "a" is shown (columns: none)`},
		{`st.data_editor({"a": [1], "b": [2]}, key="ed", column_order=["b"])`, `{"edited_rows": {"0": {"a": 2}}}`, `edited_rows: row 0: no column "a" is shown (columns: b)`},
		{`st.data_editor({"a": [1]}, key="ed", num_rows="dynamic", column_config={"a": st.column_config.NumberColumn(required=True)})`, `{"added_rows": [{}]}`, `added_rows: row 0, column "a": the column is required and has no default; give a value`},
	} {
		s := session(t, tc.page, nil, host.Limits{})
		mustComplete(t, s.Run())
		err := s.SetWire("ed", wireDelta(t, tc.delta))
		want := `widget "ed" (data_editor ""): ` + tc.err
		if err == nil || err.Error() != want {
			t.Errorf("%s with %s:\n got %v\nwant %s", tc.page, tc.delta, err, want)
		}
	}
}

// The page sets the state; the types of data come back as given.
func TestDataEditorPageSetsStateAndTypes(t *testing.T) {
	res := runPage(t, `
st.session_state.t = {"edited_rows": {1: {"a": 20}}, "added_rows": [{"a": 3, "b": "z"}], "deleted_rows": [0]}
st.session_state.d = {"edited_rows": {0: {"b": "q"}}}
st.session_state.l = {"edited_rows": {0: {"1": "q"}}}
t = st.data_editor(table({"a": [1, 2], "b": ["x", "y"]}), key="t", num_rows="dynamic")
d = st.data_editor({"a": [1, 2], "b": ["x", "y"]}, key="d")
l = st.data_editor([[1, "x"], [2, "y"]], key="l")
st.text("%s %s" % (type(t), t.to_list() if hasattr(t, "to_list") else [r for r in t.rows()] if hasattr(t, "rows") else t))
st.text(str(d))
st.text(str(l))
st.text(str(st.session_state.d))
`)
	mustComplete(t, res)
	ts := texts(t, res)
	if !strings.HasPrefix(ts[0], "table ") || !strings.Contains(ts[0], "20") || strings.Contains(ts[0], `"x"`) {
		t.Errorf("a table stays a table, edited: %s", ts[0])
	}
	if want := `{"a": [1, 2], "b": ["q", "y"]}`; ts[1] != want {
		t.Errorf("a dict of lists: got %s, want %s", ts[1], want)
	}
	if want := `[[1, "q"], [2, "y"]]`; ts[2] != want {
		t.Errorf("a list of lists: got %s, want %s", ts[2], want)
	}
	if want := `{"edited_rows": {0: {"b": "q"}}, "added_rows": [], "deleted_rows": []}`; ts[3] != want {
		t.Errorf("the state set by the page, made whole: got %s, want %s", ts[3], want)
	}
}

func TestDataEditorOnChangeAndStringDates(t *testing.T) {
	s := session(t, `
def changed(what):
    st.session_state.calls = st.session_state.get("calls", 0) + 1
    st.session_state.what = what
got = st.data_editor({"day": ["2024-01-01"]}, key="ed", on_change=changed, args=("edits",),
    column_config={"day": st.column_config.DateColumn()})
st.text("%s %d %s" % (got, st.session_state.get("calls", 0), st.session_state.get("what")))
`, nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	if got, want := texts(t, res)[0], `{"day": ["2024-01-01"]} 0 None`; got != want {
		t.Fatalf("before: got %s, want %s", got, want)
	}
	if err := s.SetWire("ed", wireDelta(t, `{"edited_rows": {"0": {"day": "2024-02-29"}}}`)); err != nil {
		t.Fatal(err)
	}
	res = s.Run()
	mustComplete(t, res)
	// A column of strings shown as dates keeps strings.
	if got, want := texts(t, res)[0], `{"day": ["2024-02-29"]} 1 edits`; got != want {
		t.Fatalf("after an edit: got %s, want %s", got, want)
	}
}

func BenchmarkDataEditorEdit100k(b *testing.B) {
	s, err := harness.FromSource(b.TempDir(), `
t = table({"i": list(range(100000)), "name": ["r%d" % i for i in range(100000)]})
got = st.data_editor(t, key="big")
`, nil, host.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	s.Run()
	delta := `{"edited_rows": {"90000": {"name": "edited"}, "5": {"i": 7}}, "deleted_rows": []}`
	var x any
	_ = json.Unmarshal([]byte(delta), &x)
	v, _ := host.FromJSON(x)
	b.ResetTimer()
	for range b.N {
		if err := s.SetWire("big", v); err != nil {
			b.Fatal(err)
		}
		if res := s.Run(); res.Status != host.Completed {
			b.Fatal(res.Status)
		}
	}
}

// TestDataEditorIdentity: editors of the same data that differ in a
// parameter are two widgets, as in Streamlit (whose id hashes every
// parameter); the same parameters twice is the duplicate-widget error.
func TestDataEditorIdentity(t *testing.T) {
	res := runPage(t, `rows = [{"a": 1, "b": 2}]
st.data_editor(rows, disabled=True)
st.data_editor(rows, disabled=["a"])
st.data_editor(rows, hide_index=True)
st.data_editor(rows, column_order=["b"])
`)
	mustComplete(t, res)
	if n := len(res.Find("data_editor")); n != 4 {
		t.Errorf("%d editors, want 4", n)
	}
	dup := runPage(t, `rows = [{"a": 1}]
st.data_editor(rows, disabled=True)
st.data_editor(rows, disabled=True)
`)
	if dup.Err == nil || !strings.Contains(dup.Err.Message, "same label and parameters") {
		t.Errorf("two identical editors: %v", errText(dup))
	}
}
