package main

// Streamlit's width and use_container_width, and set_page_config's
// initial_sidebar_state, in a real browser: what the elements measure.

import (
	"fmt"
	"testing"
)

var widthPages = map[string]string{
	"1_Width.star": `st.set_page_config(page_title="Widths", initial_sidebar_state="collapsed")
st.sidebar.text("in the sidebar")
rows = {"day": [1, 2, 3], "sales": [120, 95, 130]}
st.button("Stretch", use_container_width=True)
st.button("Own", use_container_width=False)
st.button("Pixels", width=200)
st.link_button("Docs", "https://example.com", use_container_width=True)
st.line_chart(rows, x="day", y="sales", width=300, use_container_width=False, height=150)
st.line_chart(rows, x="day", y="sales", height=150)
st.dataframe(rows, width=250)
st.text("end")
`,
}

func TestBrowserWidth(t *testing.T) {
	p := openPage(t, func(t *testing.T) *starkServer { return sharedAppServer(t, "width", widthPages) }, "/", "")
	p.waitShows("text", "end")
	p.wait("the charts to draw", `document.querySelectorAll('[data-testid="stark-line_chart"] svg, [data-testid="stark-line_chart"] canvas').length >= 2`)
	column := eval[float64](p, `document.querySelector('[data-testid="stark-main-root"]').getBoundingClientRect().width`)
	width := func(sel string, i int) float64 {
		return eval[float64](p, fmt.Sprintf(`(() => { const n = document.querySelectorAll(%s)[%d]; return n ? n.getBoundingClientRect().width : -1; })()`, js(sel), i))
	}
	buttons := `[data-testid="stark-button"] button`
	if w := width(buttons, 0); w < column-2 {
		p.fatalf("the use_container_width button is %.0f px wide, the column %.0f", w, column)
	}
	if w := width(buttons, 1); w <= 0 || w > 150 {
		p.fatalf("the content-width button is %.0f px wide, want its label's width", w)
	}
	if w := width(buttons, 2); w < 199 || w > 201 {
		p.fatalf("the width=200 button is %.0f px wide", w)
	}
	if w := width(`[data-testid="stark-link_button"] a`, 0); w < column-2 {
		p.fatalf("the use_container_width link button is %.0f px wide, the column %.0f", w, column)
	}
	charts := `[data-testid="stark-line_chart"]`
	if w := width(charts, 0); w < 299 || w > 301 {
		p.fatalf("the width=300 chart is %.0f px wide", w)
	}
	if w := width(charts, 1); w < column-2 {
		p.fatalf("the default chart is %.0f px wide, the column %.0f", w, column)
	}
	if w := width(`[data-testid="stark-dataframe"]`, 0); w < 249 || w > 251 {
		p.fatalf("the width=250 dataframe is %.0f px wide", w)
	}
	// initial_sidebar_state="collapsed" closes the sidebar on a wide screen.
	if d := eval[string](p, `getComputedStyle(document.querySelector('[data-testid="stark-sidebar"]')).display`); d != "none" {
		p.fatalf("the sidebar's display is %q with initial_sidebar_state=\"collapsed\", want none", d)
	}
	if e := eval[string](p, `document.querySelector('[data-testid="stark-menu"]').getAttribute('aria-expanded')`); e != "false" {
		p.fatalf("the menu button's aria-expanded is %q, want false", e)
	}
}
