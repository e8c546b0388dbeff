package starlib_test

// Tests of st.dataframe's Streamlit parameters (positional order,
// hide_index, column_order, column_config values) and of its selection.

import (
	"testing"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

func TestDataframeParameters(t *testing.T) {
	tests := []struct {
		name, src, want, err string
	}{
		{name: "width then height positionally", src: `st.dataframe({"a": [1]}, 300, 200)`,
			want: `{"kind":"dataframe","path":"main.0","width":300,"columns":[{"name":"a","type":"int"}],"num_rows":1,"height":200,"column_config":{},"rows":[[1]]}`},
		{name: "no data", src: `st.dataframe()`,
			want: `{"kind":"dataframe","path":"main.0","columns":[],"num_rows":0,"height":null,"column_config":{},"rows":[]}`},
		{name: "column_order picks and orders", src: `st.dataframe({"a": [1], "b": [2], "c": [3]}, column_order=["c", "a"], hide_index=True)`,
			want: `{"kind":"dataframe","path":"main.0","columns":[{"name":"c","type":"int"},{"name":"a","type":"int"}],"num_rows":1,"height":null,"column_config":{},"rows":[[3,1]]}`},
		{name: "None hides a column", src: `st.dataframe({"a": [1], "b": [2]}, column_config={"a": None, "b": "Bee"})`,
			want: `{"kind":"dataframe","path":"main.0","columns":[{"name":"b","type":"int"}],"num_rows":1,"height":null,"column_config":{"b":"Bee"},"rows":[[2]]}`},
		{name: "hide_index False shows positions", src: `st.dataframe({"a": [1]}, hide_index=False)`,
			want: `{"kind":"dataframe","path":"main.0","columns":[{"name":"a","type":"int"}],"num_rows":1,"height":null,"column_config":{},"rows":[[1]],"hide_index":false}`},
		{name: "column_config values", src: `st.dataframe({"p": [0.5], "u": ["https://x.test"], "n": [3]}, column_config={
    "p": st.column_config.ProgressColumn("Done", min_value=0, max_value=1, format="%.0f%%"),
    "u": st.column_config.LinkColumn("Site", display_text="open", help="the site"),
    "n": st.column_config.NumberColumn(format="%d items", width="small"),
})`,
			want: `{"kind":"dataframe","path":"main.0","columns":[{"name":"p","type":"float"},{"name":"u","type":"string"},{"name":"n","type":"int"}],"num_rows":1,"height":null,
			"column_config":{"p":{"type":"progress","label":"Done","format":"%.0f%%","min_value":0,"max_value":1},"u":{"type":"link","label":"Site","help":"the site","display_text":"open"},"n":{"type":"number","width":"small","format":"%d items"}},"rows":[[0.5,"https://x.test",3]]}`},

		{name: "too many positionals", src: `st.dataframe({"a": [1]}, 1, 2, True)`, err: `st.dataframe: got 4 positional arguments, want at most 3 (data, width, height); give the others by name`},
		{name: "unknown column_order", src: `st.dataframe({"a": [1]}, column_order=["b"])`, err: `st.dataframe: for parameter column_order: no column "b" (columns: a)`},
		{name: "bad config value", src: `st.dataframe({"a": [1]}, column_config={"a": 3})`, err: `st.dataframe: for parameter column_config: column "a": got int, want a st.column_config value, a dict, a string (the label) or None (hidden)`},
		{name: "bad on_select", src: `st.dataframe({"a": [1]}, on_select="yes")`, err: `st.dataframe: for parameter on_select: got "yes", want "ignore", "rerun" or a function`},
		{name: "bad mode", src: `st.dataframe({"a": [1]}, on_select="rerun", selection_mode="rows")`, err: `st.dataframe: for parameter selection_mode: got "rows", want "single-row", "multi-row", "single-column" or "multi-column"`},
		{name: "two row modes", src: `st.dataframe({"a": [1]}, on_select="rerun", selection_mode=["single-row", "multi-row"])`, err: `st.dataframe: for parameter selection_mode: ["single-row", "multi-row"] has two row modes or two column modes; give at most one of each`},
		{name: "bad width", src: `st.column_config.TextColumn(width="huge")`, err: `st.column_config.TextColumn: for parameter width: got "huge", want "small", "medium", "large" or a number of pixels`},
		{name: "positional beyond label", src: `st.column_config.NumberColumn("a", "b")`, err: `st.column_config.NumberColumn: got 2 positional arguments, want at most 1 (the label); give the others by name`},
		{name: "unknown parameter", src: `st.column_config.ListColumn("a", format="x")`, err: `st.column_config.ListColumn: unexpected keyword argument "format"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := runPage(t, tc.src)
			if tc.err != "" {
				mustFail(t, res, tc.err)
				return
			}
			mustComplete(t, res)
			sameJSON(t, only(t, res, "dataframe"), tc.want)
		})
	}
}

const selectPage = `t = table({"name": ["a", "b", "c", "d"], "n": [4, 3, 2, 1]})
def picked():
    st.session_state.calls = st.session_state.get("calls", 0) + 1
ev = st.dataframe(t, key="df", on_select=picked, selection_mode=["multi-row", "multi-column"])
st.text("rows %s columns %s state %s calls %d" % (ev.selection.rows, ev["selection"]["columns"], st.session_state.df.selection.rows, st.session_state.get("calls", 0)))
`

func TestDataframeSelection(t *testing.T) {
	s := session(t, selectPage, nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	el := only(t, res, "dataframe")
	sameJSON(t, props(el, "columns", "rows", "num_rows", "height", "column_config"),
		`{"kind":"dataframe","path":"main.0","key":"df","selection_mode":["multi-row","multi-column"],"selection":{"rows":[],"columns":[]}}`)
	if el.ID != "df" {
		t.Errorf("id %q, want the key", el.ID)
	}
	if got, want := only(t, res, "text").Text, "rows [] columns [] state [] calls 0"; got != want {
		t.Fatalf("before a selection: got %q, want %q", got, want)
	}
	// As a browser sends it: positions in the data's order, unsorted.
	sel := starlark.NewDict(2)
	sel.SetKey(starlark.String("rows"), starlark.NewList([]starlark.Value{starlark.MakeInt(3), starlark.MakeInt(1)}))
	sel.SetKey(starlark.String("columns"), starlark.NewList([]starlark.Value{starlark.String("n")}))
	if err := s.SetWire("df", sel); err != nil {
		t.Fatal(err)
	}
	res = s.Run()
	mustComplete(t, res)
	if got, want := only(t, res, "text").Text, `rows [1, 3] columns ["n"] state [1, 3] calls 1`; got != want {
		t.Fatalf("after a selection: got %q, want %q", got, want)
	}
	sameJSON(t, props(only(t, res, "dataframe"), "columns", "rows", "num_rows", "height", "column_config", "selection_mode", "id", "key"),
		`{"kind":"dataframe","path":"main.0","selection":{"rows":[1,3],"columns":["n"]}}`)

	for _, bad := range []struct {
		rows, cols []starlark.Value
		err        string
	}{
		{rows: []starlark.Value{starlark.MakeInt(4)}, err: `widget "df" (dataframe ""): row 4 selected, but the data has 4 rows`},
		{cols: []starlark.Value{starlark.String("x")}, err: `widget "df" (dataframe ""): column "x" selected, but no column of that name is shown (columns: name, n)`},
	} {
		d := starlark.NewDict(2)
		d.SetKey(starlark.String("rows"), starlark.NewList(bad.rows))
		d.SetKey(starlark.String("columns"), starlark.NewList(bad.cols))
		if err := s.SetWire("df", d); err == nil || err.Error() != bad.err {
			t.Errorf("got %v, want %s", err, bad.err)
		}
	}
}

func TestDataframeSelectionModes(t *testing.T) {
	s := session(t, `ev = st.dataframe({"a": [1, 2]}, on_select="rerun", selection_mode="single-row")
st.write(ev)
`, nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	el := only(t, res, "dataframe")
	id := el.ID
	if id == "" {
		t.Fatal("a selectable dataframe without a key has no id")
	}
	sameJSON(t, only(t, res, "json").Props["value"], `{"selection":{"rows":[],"columns":[]}}`)
	two := starlark.NewDict(1)
	two.SetKey(starlark.String("rows"), starlark.NewList([]starlark.Value{starlark.MakeInt(0), starlark.MakeInt(1)}))
	if err := s.SetWire(id, two); err == nil {
		t.Errorf("two rows in single-row mode: no error")
	}
	cols := starlark.NewDict(1)
	cols.SetKey(starlark.String("columns"), starlark.NewList([]starlark.Value{starlark.String("a")}))
	if err := s.SetWire(id, cols); err == nil {
		t.Errorf("a column in single-row mode: no error")
	}
	// The id is stable across runs.
	res = s.Run()
	if got := only(t, res, "dataframe").ID; got != id {
		t.Errorf("id changed across runs: %q then %q", id, got)
	}
}

// TestDataframeSelectionInForm: as in Streamlit, a selectable dataframe may
// be in a form; its selection reaches the page with the form's submission,
// and clear_on_submit shows the empty selection again.
func TestDataframeSelectionInForm(t *testing.T) {
	for _, clear := range []bool{false, true} {
		t.Run(map[bool]string{false: "kept", true: "clear_on_submit"}[clear], func(t *testing.T) {
			page := lines(
				`t = table({"name": ["a", "b", "c"], "n": [3, 2, 1]})`,
				`f = st.form("f", clear_on_submit=`+map[bool]string{false: "False", true: "True"}[clear]+`)`,
				`ev = f.dataframe(t, key="df", on_select="rerun", selection_mode=["multi-row", "multi-column"])`,
				`sent = f.form_submit_button("Submit")`,
				`st.text("rows %s columns %s sent %s" % (ev.selection.rows, ev.selection.columns, sent))`,
			)
			s := session(t, page, nil, host.Limits{})
			res := s.Run()
			mustComplete(t, res)
			if got := only(t, res, "dataframe").Props["form"]; got != "f" {
				t.Errorf("the dataframe's form: got %v, want \"f\"", got)
			}
			sel := starlark.NewDict(2)
			sel.SetKey(starlark.String("rows"), starlark.NewList([]starlark.Value{starlark.MakeInt(2), starlark.MakeInt(0)}))
			sel.SetKey(starlark.String("columns"), starlark.NewList([]starlark.Value{starlark.String("n")}))
			if err := s.SetWire("df", sel); err != nil {
				t.Fatal(err)
			}
			if err := s.Click(only(t, res, "form_submit_button").ID); err != nil {
				t.Fatal(err)
			}
			res = s.Run()
			mustComplete(t, res)
			if got, want := only(t, res, "text").Text, `rows [0, 2] columns ["n"] sent True`; got != want {
				t.Errorf("submitted run: got %q, want %q", got, want)
			}
			want := `{"rows":[0,2],"columns":["n"]}`
			if clear {
				want = `{"rows":[],"columns":[]}`
			}
			sameJSON(t, only(t, res, "dataframe").Props["selection"], want)
		})
	}
}
