package starlib_test

// Tests of the chart builtins: the Vega-Lite specs they build (encodings,
// data, marks) for each kind, several y columns, and their errors.

import (
	"fmt"
	"strings"
	"testing"
)

// chartOf runs src and returns the element of the one chart of kind.
func chartOf(t *testing.T, src, kind string) (spec map[string]any, props map[string]any) {
	t.Helper()
	res := runPage(t, src)
	mustComplete(t, res)
	el := only(t, res, kind)
	spec, ok := el.Props["spec"].(map[string]any)
	if !ok {
		t.Fatalf("spec is %T, want an object", el.Props["spec"])
	}
	return spec, el.Props
}

// chartRows is a page's data: two days of revenue and cost by region.
const chartRows = `rows = [
    {"day": "2024-05-01", "region": "north", "revenue": 10, "cost": 4},
    {"day": "2024-05-02", "region": "south", "revenue": 12.5, "cost": None},
]
`

// hover is the layer of points that gives line and area charts their
// tooltips, with the tooltip encoding given.
func hover(tooltip string) string {
	return `{"mark":{"type":"point","filled":true,"size":60},
		"params":[{"name":"hover","select":{"type":"point","on":"pointerover","nearest":true,"clear":"pointerout"}}],
		"encoding":{"opacity":{"condition":{"param":"hover","empty":false,"value":1},"value":0},"tooltip":` + tooltip + `}}`
}

func TestCharts(t *testing.T) {
	tests := []struct {
		name, call, kind string
		want             map[string]string // spec properties, as JSON
	}{
		{"line of one column", `st.line_chart(rows, x="day", y="revenue")`, "line_chart", map[string]string{
			"encoding": `{"x":{"field":"day","type":"temporal","title":"day","scale":{"type":"utc"}},
				"y":{"field":"revenue","type":"quantitative","title":"revenue"}}`,
			"data": `{"values":[{"day":"2024-05-01","revenue":10},{"day":"2024-05-02","revenue":12.5}]}`,
			"layer": `[{"mark":{"type":"line"}},` + hover(`[{"field":"day","type":"temporal","title":"day","timeUnit":"utcyearmonthdate"},
				{"field":"revenue","type":"quantitative","title":"revenue"}]`) + `]`,
		}},
		{"line of several columns", `st.line_chart(rows, x="day", y=["revenue", "cost"])`, "line_chart", map[string]string{
			"encoding": `{"x":{"field":"day","type":"temporal","title":"day","scale":{"type":"utc"}},
				"y":{"field":"value","type":"quantitative","title":null},
				"color":{"field":"series","type":"nominal","title":null,"scale":{"domain":["revenue","cost"]}}}`,
			"data": `{"values":[
				{"day":"2024-05-01","series":"revenue","value":10},{"day":"2024-05-01","series":"cost","value":4},
				{"day":"2024-05-02","series":"revenue","value":12.5},{"day":"2024-05-02","series":"cost","value":null}]}`,
		}},
		{"line of every numeric column by index", `st.line_chart(rows)`, "line_chart", map[string]string{
			"encoding": `{"x":{"field":"index","type":"quantitative","title":null},
				"y":{"field":"value","type":"quantitative","title":null},
				"color":{"field":"series","type":"nominal","title":null,"scale":{"domain":["revenue","cost"]}}}`,
			"data": `{"values":[
				{"index":0,"series":"revenue","value":10},{"index":0,"series":"cost","value":4},
				{"index":1,"series":"revenue","value":12.5},{"index":1,"series":"cost","value":null}]}`,
		}},
		{"line with colours, title and labels", `st.line_chart(rows, y=["revenue", "cost"], color=["#ff0000", "#00f"], title="Sales <b>", x_label="Day", y_label="USD", height=200)`, "line_chart", map[string]string{
			"title":  `"Sales <b>"`,
			"height": `200`,
			"encoding": `{"x":{"field":"index","type":"quantitative","title":"Day"},
				"y":{"field":"value","type":"quantitative","title":"USD"},
				"color":{"field":"series","type":"nominal","title":null,"scale":{"domain":["revenue","cost"],"range":["#ff0000","#00f"]}}}`,
		}},
		{"line coloured by a column", `st.line_chart(rows, x="day", y="revenue", color="region")`, "line_chart", map[string]string{
			"encoding": `{"x":{"field":"day","type":"temporal","title":"day","scale":{"type":"utc"}},
				"y":{"field":"revenue","type":"quantitative","title":"revenue"},
				"color":{"field":"region","type":"nominal","title":"region"}}`,
			"data": `{"values":[{"day":"2024-05-01","region":"north","revenue":10},{"day":"2024-05-02","region":"south","revenue":12.5}]}`,
		}},
		{"bar", `st.bar_chart(rows, x="region", y="revenue")`, "bar_chart", map[string]string{
			"mark": `{"type":"bar"}`,
			"encoding": `{"x":{"field":"region","type":"nominal","title":"region"},
				"y":{"field":"revenue","type":"quantitative","title":"revenue","stack":"zero"},
				"tooltip":[{"field":"region","type":"nominal","title":"region"},{"field":"revenue","type":"quantitative","title":"revenue"}]}`,
		}},
		{"bar of numbers is a bar per value", `st.bar_chart({"n": [1, 2], "v": [3, 4]}, x="n")`, "bar_chart", map[string]string{
			"encoding": `{"x":{"field":"n","type":"ordinal","title":"n"},
				"y":{"field":"v","type":"quantitative","title":"v","stack":"zero"},
				"tooltip":[{"field":"n","type":"ordinal","title":"n"},{"field":"v","type":"quantitative","title":"v"}]}`,
		}},
		{"bars grouped and horizontal", `st.bar_chart(rows, x="region", y=["revenue", "cost"], stack=False, horizontal=True)`, "bar_chart", map[string]string{
			"encoding": `{"y":{"field":"region","type":"nominal","title":"region"},
				"x":{"field":"value","type":"quantitative","title":null},
				"color":{"field":"series","type":"nominal","title":null,"scale":{"domain":["revenue","cost"]}},
				"yOffset":{"field":"series","type":"nominal"},
				"tooltip":[{"field":"region","type":"nominal","title":"region"},{"field":"series","type":"nominal","title":"series"},{"field":"value","type":"quantitative","title":"value"}]}`,
		}},
		{"bars normalized", `st.bar_chart(rows, x="region", y=["revenue", "cost"], stack="normalize")`, "bar_chart", map[string]string{
			"mark": `{"type":"bar"}`,
		}},
		{"area stacked", `st.area_chart(rows, x="day", y=["revenue", "cost"])`, "area_chart", map[string]string{
			"encoding": `{"x":{"field":"day","type":"temporal","title":"day","scale":{"type":"utc"}},
				"y":{"field":"value","type":"quantitative","title":null,"stack":"zero"},
				"color":{"field":"series","type":"nominal","title":null,"scale":{"domain":["revenue","cost"]}}}`,
			"layer": `[{"mark":{"type":"area","line":true}},` + hover(`[{"field":"day","type":"temporal","title":"day","timeUnit":"utcyearmonthdate"},
				{"field":"series","type":"nominal","title":"series"},{"field":"value","type":"quantitative","title":"value"}]`) + `]`,
		}},
		{"area overlaid in one colour", `st.area_chart(rows, y="cost", stack=False, color="#336699")`, "area_chart", map[string]string{
			"encoding": `{"x":{"field":"index","type":"quantitative","title":null},
				"y":{"field":"cost","type":"quantitative","title":"cost","stack":null}}`,
		}},
		{"scatter", `st.scatter_chart(rows, x="revenue", y="cost", color="region", size="revenue")`, "scatter_chart", map[string]string{
			"mark": `{"type":"circle"}`,
			"encoding": `{"x":{"field":"revenue","type":"quantitative","title":"revenue"},
				"y":{"field":"cost","type":"quantitative","title":"cost"},
				"color":{"field":"region","type":"nominal","title":"region"},
				"size":{"field":"revenue","type":"quantitative","title":"revenue"},
				"tooltip":[{"field":"revenue","type":"quantitative","title":"revenue"},{"field":"cost","type":"quantitative","title":"cost"},
					{"field":"region","type":"nominal","title":"region"},{"field":"revenue","type":"quantitative","title":"revenue"}]}`,
			"data": `{"values":[{"revenue":10,"cost":4,"region":"north"},{"revenue":12.5,"cost":null,"region":"south"}]}`,
		}},
		{"scatter of a colour and a size", `st.scatter_chart(rows, x="revenue", y="cost", color="#ff8800", size=40)`, "scatter_chart", map[string]string{
			"mark": `{"type":"circle","color":"#ff8800","size":40}`,
		}},
		{"columns with dots and brackets", `st.line_chart({"t.x": [1, 2], "a[0]": [3, 4]}, x="t.x")`, "line_chart", map[string]string{
			"encoding": `{"x":{"field":"t\\.x","type":"quantitative","title":"t.x"},
				"y":{"field":"a\\[0\\]","type":"quantitative","title":"a[0]"}}`,
			"data": `{"values":[{"t.x":1,"a[0]":3},{"t.x":2,"a[0]":4}]}`,
		}},
		{"index beside a column named index", `st.line_chart({"index": ["a", "b"], "v": [1, 2]})`, "line_chart", map[string]string{
			"encoding": `{"x":{"field":"index_","type":"quantitative","title":null},
				"y":{"field":"v","type":"quantitative","title":"v"}}`,
		}},
		{"a table", `st.line_chart(table({"x": [1, 2], "y": [2.5, 3.5]}), x="x")`, "line_chart", map[string]string{
			"data": `{"values":[{"x":1,"y":2.5},{"x":2,"y":3.5}]}`,
		}},
		{"list of lists", `st.scatter_chart([[1, 2], [3, 4]], x="0", y="1")`, "scatter_chart", map[string]string{
			"data": `{"values":[{"0":1,"1":2},{"0":3,"1":4}]}`,
		}},
		{"times of a time column", `st.line_chart({"at": [time.time(year=2024, month=5, day=1, hour=12)], "v": [1]}, x="at")`, "line_chart", map[string]string{
			"encoding": `{"x":{"field":"at","type":"temporal","title":"at"},"y":{"field":"v","type":"quantitative","title":"v"}}`,
			"data":     `{"values":[{"at":"2024-05-01T12:00:00Z","v":1}]}`,
		}},
		{"dates of a time column", `st.line_chart({"at": [time.time(year=2024, month=5, day=1)], "v": [1]}, x="at")`, "line_chart", map[string]string{
			"data": `{"values":[{"at":"2024-05-01","v":1}]}`,
		}},
		// As in Streamlit, a chart without data is empty (Streamlit fills
		// it with add_rows, which stark has not).
		{"line chart without data", `st.line_chart()`, "line_chart", map[string]string{
			"data":     `{"values":[]}`,
			"encoding": `{"x":{"field":"index","type":"quantitative","title":null},"y":{"field":"value","type":"quantitative","title":null}}`,
		}},
		{"bar chart of None", `st.bar_chart(None, x_label="day", y_label="sales", horizontal=True, height=200)`, "bar_chart", map[string]string{
			"data":     `{"values":[]}`,
			"encoding": `{"x":{"field":"value","type":"quantitative","title":"sales"},"y":{"field":"index","type":"quantitative","title":"day"},"tooltip":null}`,
			"mark":     `{"type":"bar"}`,
			"height":   `200`,
		}},
		{"area chart without data", `st.area_chart(data=None)`, "area_chart", map[string]string{"data": `{"values":[]}`}},
		{"scatter chart without data", `st.scatter_chart()`, "scatter_chart", map[string]string{"data": `{"values":[]}`, "mark": `{"type":"circle"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, props := chartOf(t, chartRows+tt.call, tt.kind)
			for k, want := range tt.want {
				t.Run(k, func(t *testing.T) { sameJSON(t, spec[k], want) })
			}
			for k, want := range map[string]any{"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container"} {
				if spec[k] != want {
					t.Errorf("%s = %v, want %v", k, spec[k], want)
				}
			}
			sameJSON(t, spec["autosize"], `{"type":"fit","contains":"padding"}`)
			if _, ok := tt.want["height"]; !ok {
				sameJSON(t, spec["height"], `300`)
				if props["height"] != nil {
					t.Errorf("props height = %v, want null", props["height"])
				}
			} else {
				sameJSON(t, props["height"], tt.want["height"])
			}
		})
	}
}

// TestChartWithoutTooltips checks that a line chart of more points than
// Vega finds the nearest of quickly has no hover layer.
func TestChartWithoutTooltips(t *testing.T) {
	spec, _ := chartOf(t, `st.line_chart({"v": list(range(6000))})`, "line_chart")
	if _, ok := spec["layer"]; ok {
		t.Errorf("a chart of 6000 points has layers")
	}
	sameJSON(t, spec["mark"], `{"type":"line"}`)
}

func TestVegaLiteChart(t *testing.T) {
	tests := []struct {
		name, call string
		spec       string // the whole spec
		height     string
	}{
		{"data and spec", `st.vega_lite_chart(rows, {"mark": "bar", "encoding": {"x": {"field": "region", "type": "nominal"}}})`,
			`{"$schema":"https://vega.github.io/schema/vega-lite/v5.json","width":"container","mark":"bar",
			  "encoding":{"x":{"field":"region","type":"nominal"}},
			  "data":{"values":[{"day":"2024-05-01","region":"north","revenue":10,"cost":4},{"day":"2024-05-02","region":"south","revenue":12.5,"cost":null}]}}`,
			`null`},
		{"spec alone, with its data", `st.vega_lite_chart({"$schema": "x", "width": 300, "mark": "point", "data": {"values": [{"a": 1}]}}, height=120)`,
			`{"$schema":"x","width":300,"height":120,"mark":"point","data":{"values":[{"a":1}]}}`,
			`120`},
		{"spec by keyword", `st.vega_lite_chart(spec={"mark": "point"})`,
			`{"$schema":"https://vega.github.io/schema/vega-lite/v5.json","width":"container","mark":"point"}`,
			`null`},
		{"spec as JSON text", `st.vega_lite_chart(None, '{"mark": "tick"}')`,
			`{"$schema":"https://vega.github.io/schema/vega-lite/v5.json","width":"container","mark":"tick"}`,
			`null`},
		{"spec keys as keyword arguments", `st.vega_lite_chart(rows, mark="bar", encoding={"y": {"field": "cost"}}, x_field="region", x_type="nominal", title_text="T")`,
			`{"$schema":"https://vega.github.io/schema/vega-lite/v5.json","width":"container","mark":"bar",
			  "encoding":{"x":{"field":"region","type":"nominal"},"y":{"field":"cost"}},"title":{"text":"T"},
			  "data":{"values":[{"day":"2024-05-01","region":"north","revenue":10,"cost":4},{"day":"2024-05-02","region":"south","revenue":12.5,"cost":null}]}}`,
			`null`},
		{"keyword arguments over the spec's keys", `st.vega_lite_chart(None, {"mark": "point", "encoding": {"x": {"field": "a"}}, "data": {"values": [{"a": 1}]}}, mark="tick", layer=[{"mark": "bar", "y": {"field": "a"}}], height=90)`,
			`{"$schema":"https://vega.github.io/schema/vega-lite/v5.json","width":"container","height":90,"mark":"tick",
			  "encoding":{"x":{"field":"a"}},"layer":[{"mark":"bar","encoding":{"y":{"field":"a"}}}],"data":{"values":[{"a":1}]}}`,
			`90`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, props := chartOf(t, chartRows+tt.call, "vega_lite_chart")
			sameJSON(t, spec, tt.spec)
			sameJSON(t, props["height"], tt.height)
			if _, ok := props["theme"]; ok {
				t.Errorf("theme: got %v, want none (the page's theme)", props["theme"])
			}
		})
	}
	t.Run("theme", func(t *testing.T) {
		_, props := chartOf(t, chartRows+`st.vega_lite_chart(rows, {"mark": "bar"}, theme=None)`, "vega_lite_chart")
		if props["theme"] != "none" {
			t.Errorf("theme=None: got %v, want \"none\"", props["theme"])
		}
		_, props = chartOf(t, chartRows+`st.vega_lite_chart(rows, {"mark": "bar"}, theme="streamlit")`, "vega_lite_chart")
		if _, ok := props["theme"]; ok {
			t.Errorf("theme=\"streamlit\": got %v, want none", props["theme"])
		}
	})
}

func TestChartErrors(t *testing.T) {
	tests := []struct {
		name, call, want string
	}{
		{"no x column", `st.line_chart({"day": [1], "revenue": [2]}, x="dya")`, `st.line_chart: no column "dya" (columns: day, revenue)`},
		{"no y column", `st.line_chart({"day": [1], "revenue": [2]}, x="day", y="revenu")`, `st.line_chart: no column "revenu" (columns: day, revenue)`},
		{"no y column in a list", `st.area_chart(rows, y=["revenue", "profit"])`, `st.area_chart: no column "profit" (columns: day, region, revenue, cost)`},
		{"no size column", `st.scatter_chart(rows, x="revenue", y="cost", size="weight")`, `st.scatter_chart: no column "weight" (columns: day, region, revenue, cost)`},
		{"colour neither column nor colour", `st.bar_chart(rows, color="blue-ish")`, `st.bar_chart: for parameter color: no column "blue-ish" and not a colour like "#1f77b4" (columns: day, region, revenue, cost)`},
		{"colour list of non-colours", `st.line_chart(rows, y=["revenue", "cost"], color=["#ff0000", "region"])`, `st.line_chart: for parameter color: "region" is not a colour like "#1f77b4"`},
		{"colours for y columns", `st.line_chart(rows, y=["revenue", "cost"], color=["#ff0000"])`, `st.line_chart: for parameter color: 1 colours for 2 y columns, want one per y column`},
		{"colour column with several y", `st.line_chart(rows, y=["revenue", "cost"], color="region")`, `st.line_chart: for parameter color: with several y columns the colour shows the column; give colours (one per y column) or a single y column`},
		{"nothing numeric", `st.line_chart({"a": ["x"], "b": ["y"]})`, `st.line_chart: no numeric column to plot (columns: a, b); name the columns with y=`},
		{"empty y", `st.line_chart(rows, y=[])`, `st.line_chart: for parameter y: got an empty list, want at least one column`},
		{"y of a number", `st.line_chart(rows, y=3)`, `st.line_chart: for parameter y: got int, want a column name or a list of them`},
		{"x of a number", `st.line_chart(rows, x=3)`, `st.line_chart: for parameter x: got int, want a column name or None`},
		{"data of an int", `st.line_chart(5)`, `st.line_chart: got int, want a table, a list of dicts, a dict of lists, or a list of lists`},
		{"height", `st.bar_chart(rows, height=0)`, `st.bar_chart: for parameter height: got 0, want pixels from 1 to 10000`},
		{"height type", `st.bar_chart(rows, height="tall")`, `st.bar_chart: for parameter height: got string, want int or None`},
		{"stack", `st.area_chart(rows, stack="up")`, `st.area_chart: for parameter stack: got "up", want True, False, None, "normalize" or "center"`},
		{"size", `st.scatter_chart(rows, size=-1)`, `st.scatter_chart: for parameter size: got -1, want a positive number or a column name`},
		{"title", `st.line_chart(rows, title=1)`, `st.line_chart: for parameter title: got int, want string or None`},
		{"stack on a line chart", `st.line_chart(rows, stack=True)`, `st.line_chart: unexpected keyword argument "stack"`},
		{"size on a bar chart", `st.bar_chart(rows, size=3)`, `st.bar_chart: unexpected keyword argument "size"`},
		{"too many points", `st.line_chart({"a": list(range(25001)), "b": list(range(25001))})`,
			`st.line_chart: 50002 points (25001 rows × 2 y columns) is more than a chart takes (50000); aggregate the data first (a mean per day, a sum per category) or sample it`},
		{"vega_lite_chart without spec", `st.vega_lite_chart(rows)`, `st.vega_lite_chart: missing argument for spec (a Vega-Lite spec as a dict, or its keys as keyword arguments: mark="bar", encoding={…})`},
		{"vega_lite_chart spec key of a function", `st.vega_lite_chart(rows, mark=len)`,
			`st.vega_lite_chart: for spec key mark (a keyword argument): got builtin_function_or_method, want None, bool, int, float, string, list or dict (a Vega-Lite value)`},
		{"vega_lite_chart spec key with an int key", `st.vega_lite_chart(rows, encoding={"x": {1: "a"}})`,
			`st.vega_lite_chart: for spec key encoding (a keyword argument): a dict key is int, want string`},
		{"vega_lite_chart theme", `st.vega_lite_chart(rows, {"mark": "bar"}, theme="dark")`,
			`st.vega_lite_chart: for parameter theme: got "dark", want "streamlit" (the page's theme) or None (Vega-Lite's own look)`},
		{"vega_lite_chart theme of an int", `st.vega_lite_chart(rows, {"mark": "bar"}, theme=1)`,
			`st.vega_lite_chart: for parameter theme: got int, want "streamlit" or None`},
		{"vega_lite_chart key stays a parameter", `st.vega_lite_chart(rows, {"mark": "bar"}, key="k")`,
			`st.vega_lite_chart: unexpected keyword argument "key"`},
		{"vega_lite_chart spec of a list", `st.vega_lite_chart(rows, [1])`, `st.vega_lite_chart: for parameter spec: got list, want dict`},
		{"vega_lite_chart spec not JSON", `st.vega_lite_chart(rows, "mark: bar")`, `st.vega_lite_chart: for parameter spec: the string is not a JSON object`},
		{"vega_lite_chart too many rows", `st.vega_lite_chart({"a": list(range(50001))}, {"mark": "point"})`,
			`st.vega_lite_chart: 50001 rows is more than a chart takes (50000); aggregate the data first (a mean per day, a sum per category) or sample it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, chartRows+tt.call)
			mustFail(t, res, tt.want)
			if n := len(res.Err.Frames); n == 0 || res.Err.Frames[n-1].Line != strings.Count(chartRows, "\n")+1 {
				t.Errorf("frames = %v, want the call's line", res.Err.Frames)
			}
		})
	}
}

// TestChartPointsBound checks the bound at its edge: 50,000 points are
// drawn.
func TestChartPointsBound(t *testing.T) {
	spec, _ := chartOf(t, fmt.Sprintf(`st.scatter_chart({"x": list(range(%d)), "y": list(range(%d))}, x="x", y="y")`, 50_000, 50_000), "scatter_chart")
	if n := len(spec["data"].(map[string]any)["values"].([]any)); n != 50_000 {
		t.Errorf("%d values, want 50000", n)
	}
}
