package starlib_test

// Tests of Streamlit's width and use_container_width on buttons, links,
// charts and dataframes.

import (
	"testing"

	"github.com/stark-dev/stark/host"
)

// TestWidth checks the width property each call gives its element:
// use_container_width=True is "stretch" whatever the width, False keeps a
// width in pixels or gives "content", width alone is itself, and neither
// leaves the property out (the element's default).
func TestWidth(t *testing.T) {
	rows := `rows = {"x": [1, 2], "y": [3, 4]}` + "\n"
	tests := []struct {
		name, src, kind string
		want            any // nil: no width property
	}{
		{"button default", `st.button("b")`, "button", nil},
		{"button use_container_width", `st.button("b", use_container_width=True)`, "button", "stretch"},
		{"button use_container_width off", `st.button("b", use_container_width=False)`, "button", "content"},
		{"button width pixels", `st.button("b", width=200)`, "button", 200.0},
		{"button width stretch", `st.button("b", width="stretch")`, "button", "stretch"},
		{"button use_container_width wins", `st.button("b", width=200, use_container_width=True)`, "button", "stretch"},
		{"download_button", `st.download_button("d", "data", use_container_width=True)`, "download_button", "stretch"},
		{"form_submit_button", `f = st.form("f")` + "\n" + `f.form_submit_button(use_container_width=True)`, "form_submit_button", "stretch"},
		{"link_button", `st.link_button("l", "https://example.com", width="content")`, "link_button", "content"},
		{"page_link", `st.page_link("Home", use_container_width=True)`, "page_link", "stretch"},
		{"dataframe", rows + `st.dataframe(rows, width=500)`, "dataframe", 500.0},
		{"dataframe use_container_width", rows + `st.dataframe(rows, use_container_width=True)`, "dataframe", "stretch"},
		{"line_chart pixels", rows + `st.line_chart(rows, x="x", y="y", width=400, use_container_width=False)`, "line_chart", 400.0},
		{"bar_chart zero width", rows + `st.bar_chart(rows, width=0)`, "bar_chart", nil},
		{"area_chart", rows + `st.area_chart(rows, use_container_width=True)`, "area_chart", "stretch"},
		{"scatter_chart content", rows + `st.scatter_chart(rows, x="x", y="y", use_container_width=False)`, "scatter_chart", "content"},
		{"vega_lite_chart", `st.vega_lite_chart({"mark": "point"}, use_container_width=True)`, "vega_lite_chart", "stretch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := session(t, tt.src, pages, host.Limits{}).Run()
			mustComplete(t, res)
			p := asJSON(t, props(only(t, res, tt.kind))).(map[string]any)
			if got := p["width"]; got != tt.want {
				t.Errorf("width = %#v, want %#v", got, tt.want)
			}
		})
	}
}

// TestChartWidthSpec checks what a chart's width does to its Vega-Lite
// spec: "content" leaves the chart its own width, the others follow the
// box the front end sizes.
func TestChartWidthSpec(t *testing.T) {
	rows := `rows = {"x": [1, 2], "y": [3, 4]}` + "\n"
	tests := []struct {
		name, src, kind string
		want            any // the spec's width; nil: none
	}{
		{"line_chart default", rows + `st.line_chart(rows)`, "line_chart", "container"},
		{"line_chart content", rows + `st.line_chart(rows, use_container_width=False)`, "line_chart", nil},
		{"line_chart pixels", rows + `st.line_chart(rows, width=300, use_container_width=False)`, "line_chart", "container"},
		{"vega_lite_chart default", `st.vega_lite_chart({"mark": "point"})`, "vega_lite_chart", "container"},
		{"vega_lite_chart own width", `st.vega_lite_chart({"mark": "point", "width": 250})`, "vega_lite_chart", 250.0},
		{"vega_lite_chart content", `st.vega_lite_chart({"mark": "point"}, use_container_width=False)`, "vega_lite_chart", nil},
		{"vega_lite_chart content keeps its width", `st.vega_lite_chart({"mark": "point", "width": 250}, use_container_width=False)`, "vega_lite_chart", 250.0},
		{"vega_lite_chart stretch", `st.vega_lite_chart({"mark": "point", "width": 250}, use_container_width=True)`, "vega_lite_chart", "container"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := session(t, tt.src, pages, host.Limits{}).Run()
			mustComplete(t, res)
			p := asJSON(t, props(only(t, res, tt.kind))).(map[string]any)
			spec := p["spec"].(map[string]any)
			if got := spec["width"]; got != tt.want {
				t.Errorf("spec width = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestWidthErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"width text", `st.button("b", width="wide")`, `st.button: for parameter width: got "wide", want "stretch", "content" or a number of pixels`},
		{"width negative", `st.link_button("l", "https://example.com", width=-5)`, `st.link_button: for parameter width: got -5, want a number of pixels from 1 to 100000`},
		{"width float", `st.dataframe({"a": [1]}, width=1.5)`, `st.dataframe: for parameter width: got float, want "stretch", "content" or an int (pixels)`},
		{"use_container_width type", `st.line_chart({"a": [1]}, use_container_width="yes")`, `st.line_chart: for parameter use_container_width: got string, want bool or None`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustFail(t, session(t, tt.src, pages, host.Limits{}).Run(), tt.want)
		})
	}
}
