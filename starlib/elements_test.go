package starlib_test

// Tests of the builtins that write text and data: their arguments, defaults,
// the elements they build and the messages of bad arguments.

import (
	"reflect"
	"testing"

	"github.com/stark-dev/stark/host"
)

func TestElements(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the main container's elements, as JSON
	}{
		{"title", `st.title("Hello")`, `[{"kind":"title","path":"main.0","body":"Hello"}]`},
		{"title help", `st.title("Hello", help="a tip")`, `[{"kind":"title","path":"main.0","body":"Hello","help":"a tip"}]`},
		{"title of a number", `st.title(42)`, `[{"kind":"title","path":"main.0","body":"42"}]`},
		{"header", `st.header("H")`, `[{"kind":"header","path":"main.0","body":"H"}]`},
		{"subheader", `st.subheader("S")`, `[{"kind":"subheader","path":"main.0","body":"S"}]`},
		{"markdown", `st.markdown("**b**")`, `[{"kind":"markdown","path":"main.0","body":"**b**"}]`},
		{"markdown keyword", `st.markdown(body="x")`, `[{"kind":"markdown","path":"main.0","body":"x"}]`},
		{"caption", `st.caption("c")`, `[{"kind":"caption","path":"main.0","body":"c"}]`},
		{"markdown unsafe_allow_html", `st.markdown("<b>b</b>", unsafe_allow_html=True)`, `[{"kind":"markdown","path":"main.0","body":"<b>b</b>","allow_html":true}]`},
		{"markdown unsafe_allow_html positional", `st.markdown("<b>b</b>", True, help="h")`, `[{"kind":"markdown","path":"main.0","body":"<b>b</b>","allow_html":true,"help":"h"}]`},
		{"markdown unsafe_allow_html off", `st.markdown("<b>b</b>", unsafe_allow_html=False)`, `[{"kind":"markdown","path":"main.0","body":"<b>b</b>"}]`},
		{"caption unsafe_allow_html", `st.caption("<i>c</i>", unsafe_allow_html=True)`, `[{"kind":"caption","path":"main.0","body":"<i>c</i>","allow_html":true}]`},
		{"container markdown unsafe_allow_html", `st.container().markdown("<b>s</b>", unsafe_allow_html=True)`, `[{"kind":"container","path":"main.0","border":false,"height":null,"children":[{"kind":"markdown","path":"main.0.0","body":"<b>s</b>","allow_html":true}]}]`},
		{"write unsafe_allow_html", `st.write("<b>a</b>", 2, {"k": 1}, unsafe_allow_html=True)`, `[{"kind":"markdown","path":"main.0","body":"<b>a</b> ` + "`2`" + `","allow_html":true},{"kind":"json","path":"main.1","value":{"k":1},"expanded":true}]`},
		{"write unsafe_allow_html off", `st.write("<b>a</b>", unsafe_allow_html=False)`, `[{"kind":"markdown","path":"main.0","body":"<b>a</b>"}]`},
		{"text", `st.text("  t  ")`, `[{"kind":"text","path":"main.0","body":"  t  "}]`},
		{"error", `st.error("e")`, `[{"kind":"error","path":"main.0","body":"e"}]`},
		{"warning", `st.warning("w")`, `[{"kind":"warning","path":"main.0","body":"w"}]`},
		{"info", `st.info("i")`, `[{"kind":"info","path":"main.0","body":"i"}]`},
		{"success", `st.success("s")`, `[{"kind":"success","path":"main.0","body":"s"}]`},
		{"code default language", `st.code("x = 1")`, `[{"kind":"code","path":"main.0","body":"x = 1","language":"python"}]`},
		{"code language", `st.code("select 1", language="sql")`, `[{"kind":"code","path":"main.0","body":"select 1","language":"sql"}]`},
		{"code no language", `st.code("plain", language=None)`, `[{"kind":"code","path":"main.0","body":"plain","language":null}]`},
		{"json dict", `st.json({"a": [1, 2.5], "b": None, "c": True})`, `[{"kind":"json","path":"main.0","value":{"a":[1,2.5],"b":null,"c":true},"expanded":true}]`},
		{"json text", `st.json('{"a": 1}')`, `[{"kind":"json","path":"main.0","value":{"a":1},"expanded":true}]`},
		{"json not expanded", `st.json([1], expanded=False)`, `[{"kind":"json","path":"main.0","value":[1],"expanded":false}]`},
		{"write string", `st.write("*hi*")`, `[{"kind":"markdown","path":"main.0","body":"*hi*"}]`},
		{"write number", `st.write(3)`, `[{"kind":"markdown","path":"main.0","body":"` + "`3`" + `"}]`},
		{"write None", `st.write(None)`, `[{"kind":"markdown","path":"main.0","body":"` + "`None`" + `"}]`},
		{"write dict", `st.write({"k": [1]})`, `[{"kind":"json","path":"main.0","value":{"k":[1]},"expanded":true}]`},
		{"write dict of lists", `st.write({"k": [1, 2]})`, `[{"kind":"json","path":"main.0","value":{"k":[1,2]},"expanded":true}]`},
		{"write list", `st.write([1, "a"])`, `[{"kind":"json","path":"main.0","value":[1,"a"],"expanded":true}]`},
		{"write empty list", `st.write([])`, `[{"kind":"json","path":"main.0","value":[],"expanded":true}]`},
		{"write list of dicts", `st.write([{"a": 1}, {"a": 2, "b": "x"}])`, `[{"kind":"json","path":"main.0","value":[{"a":1},{"a":2,"b":"x"}],"expanded":true}]`},
		{"write list of lists", `st.write([[1, 2], [3, 4]])`, `[{"kind":"json","path":"main.0","value":[[1,2],[3,4]],"expanded":true}]`},
		{"write tuple", `st.write((1, "a"))`, `[{"kind":"markdown","path":"main.0","body":"` + "`(1, \\\"a\\\")`" + `"}]`},
		{"write several", `st.write("a", {"b": 1}, 2)`, `[{"kind":"markdown","path":"main.0","body":"a"},{"kind":"json","path":"main.1","value":{"b":1},"expanded":true},{"kind":"markdown","path":"main.2","body":"` + "`2`" + `"}]`},
		{"write joins strings and numbers", `st.write("Total:", 42, "rows,", 1.5, "*seconds*", True)`, `[{"kind":"markdown","path":"main.0","body":"Total: ` + "`42`" + ` rows, ` + "`1.5`" + ` *seconds* ` + "`True`" + `"}]`},
		{"write splits at a dict", `st.write("a", "b", {"c": 1}, "d", 2)`, `[{"kind":"markdown","path":"main.0","body":"a b"},{"kind":"json","path":"main.1","value":{"c":1},"expanded":true},{"kind":"markdown","path":"main.2","body":"d ` + "`2`" + `"}]`},
		{"write table as dataframe", `st.write("rows:", table({"x": [1, 2]}))`, `[{"kind":"markdown","path":"main.0","body":"rows:"},{"kind":"dataframe","path":"main.1","columns":[{"name":"x","type":"int"}],"rows":[[1],[2]],"num_rows":2,"height":null,"column_config":{}}]`},
		{"write backticks", "st.write((\"`x``\",))", `[{"kind":"markdown","path":"main.0","body":"` + "```(\\\"`x``\\\",)```" + `"}]`},
		{"write nothing", `st.write()`, `[]`},
		{"divider", `st.divider()`, `[{"kind":"divider","path":"main.0"}]`},
		{"exception", `st.exception("boom")`, `[{"kind":"exception","path":"main.0","message":"boom","frames":[{"file":"page.star","line":1,"col":13,"func":"<toplevel>"}]}]`},
		{"exception in a function", "def f():\n    st.exception(\"deep\")\nf()", `[{"kind":"exception","path":"main.0","message":"deep","frames":[{"file":"page.star","line":3,"col":2,"func":"<toplevel>"},{"file":"page.star","line":2,"col":17,"func":"f"}]}]`},
		{"metric", `st.metric("Temp", 21.5, delta=-1, delta_color="inverse", help="h")`, `[{"kind":"metric","path":"main.0","label":"Temp","value":"21.5","delta":"-1","delta_color":"inverse","help":"h"}]`},
		{"metric defaults", `st.metric("Users", "1,024")`, `[{"kind":"metric","path":"main.0","label":"Users","value":"1,024","delta":null,"delta_color":"normal","help":null}]`},
		{"table list of dicts", `st.table([{"a": 1, "b": 2}, {"b": 3, "c": 4}])`, `[{"kind":"table","path":"main.0","columns":["a","b","c"],"rows":[[1,2,null],[null,3,4]]}]`},
		{"table dict of lists", `st.table({"x": [1, 2], "y": ["a"]})`, `[{"kind":"table","path":"main.0","columns":["x","y"],"rows":[[1,"a"],[2,null]]}]`},
		{"table list of lists", `st.table([[1, 2], [3, 4]])`, `[{"kind":"table","path":"main.0","columns":["0","1"],"rows":[[1,2],[3,4]]}]`},
		{"table list of lists with columns", `st.table([[1, 2], [3, 4]], columns=["p", "q"])`, `[{"kind":"table","path":"main.0","columns":["p","q"],"rows":[[1,2],[3,4]]}]`},
		{"table with fewer columns than cells", `st.table([[1, 2, 3]], columns=["p"])`, `[{"kind":"table","path":"main.0","columns":["p","1","2"],"rows":[[1,2,3]]}]`},
		{"table of nothing", `st.table([])`, `[{"kind":"table","path":"main.0","columns":[],"rows":[]}]`},
		{"empty placeholder", `st.empty()`, `[{"kind":"empty","path":"main.0","children":[]}]`},
		{"empty written again replaces", "ph = st.empty()\nph.write(\"a\")\nph.markdown(\"b\")", `[{"kind":"empty","path":"main.0","children":[{"kind":"markdown","path":"main.0.0","body":"b"}]}]`},
		{"empty keeps its place", "ph = st.empty()\nst.text(\"after\")\nph.text(\"in\")\nph.info(\"in again\")", `[{"kind":"empty","path":"main.0","children":[{"kind":"info","path":"main.0.0","body":"in again"}]},{"kind":"text","path":"main.1","body":"after"}]`},
		{"empty writes several", "ph = st.empty()\nph.write(\"a\", \"b\")", `[{"kind":"empty","path":"main.0","children":[{"kind":"markdown","path":"main.0.0","body":"a b"}]}]`},
		{"empty writes several elements", "ph = st.empty()\nph.write(\"a\", [1], \"b\")", `[{"kind":"empty","path":"main.0","children":[{"kind":"markdown","path":"main.0.0","body":"b"}]}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, tt.src)
			mustComplete(t, res)
			sameJSON(t, res.Elements(), tt.want)
		})
	}
}

func TestElementErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"title without body", `st.title()`, `st.title: missing argument for body`},
		{"title too many", `st.title("a", "b", "c", "d")`, `st.title: got 4 arguments, want at most 3`},
		{"title unknown keyword", `st.title("a", size=3)`, `st.title: unexpected keyword argument "size"`},
		{"markdown without body", `st.markdown()`, `st.markdown: missing argument for body`},
		{"error without body", `st.error()`, `st.error: missing argument for body`},
		{"code of a number", `st.code(1)`, `st.code: for parameter body: got int, want string`},
		{"code language", `st.code("x", language=1)`, `st.code: for parameter language: got int, want string or None`},
		{"json expanded", `st.json({}, expanded="yes")`, `st.json: for parameter expanded: got string, want a bool or an int (the depth to expand to)`},
		{"json without body", `st.json()`, `st.json: missing argument for body`},
		{"write keyword", `st.write("a", html=True)`, `st.write: unexpected keyword argument "html"`},
		{"write unsafe_allow_html not a bool", `st.write("a", unsafe_allow_html="yes")`, `st.write: for parameter unsafe_allow_html: got string, want bool`},
		{"markdown unsafe_allow_html not a bool", `st.markdown("a", unsafe_allow_html=1)`, `st.markdown: for parameter unsafe_allow_html: got int, want bool`},
		{"title has no unsafe_allow_html", `st.title("a", unsafe_allow_html=True)`, `st.title: unexpected keyword argument "unsafe_allow_html"`},
		{"divider argument", `st.divider(1)`, `st.divider: got 1 arguments, want at most 0`},
		{"exception without argument", `st.exception()`, `st.exception: missing argument for exception`},
		{"metric without value", `st.metric("a")`, `st.metric: missing argument for value`},
		{"metric label", `st.metric(1, 2)`, `st.metric: for parameter label: got int, want string`},
		{"metric delta colour", `st.metric("a", 1, delta_color="red")`, `st.metric: for parameter delta_color: got "red", want "normal", "inverse" or "off"`},
		{"table of an int", `st.table(5)`, `st.table: for parameter data: got int, want a list of dicts, a dict of lists, or a list of lists`},
		{"table of a string", `st.table("abc")`, `st.table: for parameter data: got string, want a list of dicts, a dict of lists, or a list of lists`},
		{"table of mixed rows", `st.table([{"a": 1}, 2])`, `st.table: for parameter data: got list, want a list of dicts, a dict of lists, or a list of lists`},
		{"table of a dict of numbers", `st.table({"a": 1})`, `st.table: for parameter data: got dict, want a list of dicts, a dict of lists, or a list of lists`},
		{"table of a dict of strings", `st.table({"a": "xyz"})`, `st.table: for parameter data: got dict, want a list of dicts, a dict of lists, or a list of lists`},
		{"table of a list of strings", `st.table(["ab", "cd"])`, `st.table: for parameter data: got list, want a list of dicts, a dict of lists, or a list of lists`},
		{"table columns tuple", `st.table([[1]], columns=("a",))`, `st.table: for parameter columns: got tuple, want list`},
		{"empty argument", `st.empty("x")`, `st.empty: got 1 arguments, want at most 0`},
		{"unknown builtin", `st.frobnicate()`, `st has no .frobnicate field or method`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, tt.src)
			mustFail(t, res, tt.want)
			if n := len(res.Err.Frames); n == 0 || res.Err.Frames[n-1].File != "page.star" || res.Err.Frames[n-1].Line != 1 {
				t.Errorf("frames = %v, want the call at page.star:1", res.Err.Frames)
			}
		})
	}
}

// TestElementsBeforeAnErrorStay checks that a failed run keeps what it wrote.
func TestElementsBeforeAnErrorStay(t *testing.T) {
	res := runPage(t, "st.title(\"kept\")\nst.table(1)\nst.text(\"never\")")
	mustFail(t, res, `st.table: for parameter data: got int, want a list of dicts, a dict of lists, or a list of lists`)
	sameJSON(t, res.Elements(), `[{"kind":"title","path":"main.0","body":"kept"}]`)
}

func TestSidebar(t *testing.T) {
	res := runPage(t, "st.sidebar.header(\"side\")\nst.text(\"main\")\nph = st.sidebar.empty()\nph.text(\"in the sidebar\")")
	mustComplete(t, res)
	sameJSON(t, res.Sidebar(), `[{"kind":"header","path":"sidebar.0","body":"side"},{"kind":"empty","path":"sidebar.1","children":[{"kind":"text","path":"sidebar.1.0","body":"in the sidebar"}]}]`)
	sameJSON(t, res.Elements(), `[{"kind":"text","path":"main.0","body":"main"}]`)
}

// TestChanges checks that every append reaches the run's listener, in order,
// with its path.
func TestChanges(t *testing.T) {
	s := session(t, "st.title(\"a\")\nph = st.empty()\nph.text(\"b\")\nph.text(\"c\")", nil, host.Limits{})
	var got []string
	res := s.App.Run(host.RunOptions{Page: s.Page, State: s.State, OnChange: func(c host.Change) {
		got = append(got, c.Element.Kind+"@"+c.Element.Path)
	}})
	if res.Status != host.Completed {
		t.Fatalf("status %s: %v", res.Status, res.Err)
	}
	want := []string{"title@main.0", "empty@main.1", "text@main.1.0", "text@main.1.0"}
	if len(got) != len(want) {
		t.Fatalf("changes = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d = %s, want %s", i, got[i], want[i])
		}
	}
}

func TestMetricSparkline(t *testing.T) {
	tests := []struct {
		name, src string
		want      any
		err       string
	}{
		{"list", `st.metric("m", 1, chart_data=[1, 2.5, None, 4])`, []any{1.0, 2.5, nil, 4.0}, ""},
		{"column", `st.metric("m", 1, chart_data=table({"v": [3, 1]}).column("v"), chart_type="area")`, []any{3.0, 1.0}, ""},
		{"bad type", `st.metric("m", 1, chart_data="123")`, nil, `st.metric: for parameter chart_data: got string, want a list of numbers or a table column`},
		{"bad point", `st.metric("m", 1, chart_data=[1, "x"])`, nil, `st.metric: for parameter chart_data: got string among the points, want numbers`},
		{"bad chart type", `st.metric("m", 1, chart_data=[1], chart_type="pie")`, nil, `st.metric: for parameter chart_type: got "pie", want "line", "bar" or "area"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, tt.src)
			if tt.err != "" {
				mustFail(t, res, tt.err)
				return
			}
			mustComplete(t, res)
			if got := only(t, res, "metric").Prop("chart_data"); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("chart_data = %#v, want %#v", got, tt.want)
			}
		})
	}
}
