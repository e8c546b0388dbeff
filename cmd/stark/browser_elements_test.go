package main

// Streamlit's element parameters in a real browser: headings' anchors and
// dividers, icons on alerts, buttons and expanders (emoji and Material
// Symbols), st.code's line numbers and wrapping, st.json open to a depth,
// columns aligned at the bottom and a keyed container.

import (
	"fmt"
	"testing"
)

var elementPages = map[string]string{
	"1_Elements.star": `st.title("Report", anchor=False)
st.header("Quarter one", anchor="q1", divider="blue")
st.subheader("Rainbow", divider="rainbow")
st.error("Failed", icon=":material/error:")
st.info("Tip", icon="💡")
st.button("Launch", icon=":material/rocket_launch:")
ex = st.expander("Details", icon="📋")
ex.text("inside")
st.code("a = 1\nb = 2\n" + "c = '" + "x" * 400 + "'", line_numbers=True, wrap_lines=True)
st.json({"a": {"b": {"c": 1}}, "d": [1, 2]}, expanded=1)
left, right = st.columns(2, vertical_alignment="bottom")
left.text("one")
left.text("two")
left.text("three")
right.text("bottom")
box = st.container(key="totals")
box.text("in totals")
st.text("end")
`,
}

func TestBrowserElementParams(t *testing.T) {
	p := openPage(t, func(t *testing.T) *starkServer { return sharedAppServer(t, "elements", elementPages) }, "/", "")
	p.waitShows("text", "end")

	// Anchors: the given id with a link to it; anchor=False, none.
	p.wait("the header's anchor and link", `(() => {
	  const h = document.querySelector('h2#q1');
	  return !!h && h.querySelector('a.stark-anchor')?.getAttribute('href') === '#q1';
	})()`)
	if eval[bool](p, `(() => { const h = document.querySelector('h1.stark-heading'); return h.id !== '' || !!h.querySelector('a'); })()`) {
		p.fatalf("the title with anchor=False has an id or a link")
	}
	// Dividers: a coloured line under the heading.
	line := func(sel, prop string) string {
		return eval[string](p, fmt.Sprintf(`getComputedStyle(document.querySelector(%s), '::after')[%s]`, js(sel), js(prop)))
	}
	var r, g, b int
	if _, err := fmt.Sscanf(line("h2#q1", "backgroundColor"), "rgb(%d, %d, %d)", &r, &g, &b); err != nil || b < 150 || r > 100 {
		p.fatalf("the blue divider's colour is %q", line("h2#q1", "backgroundColor"))
	}
	if h := line("h2#q1", "height"); h != "2px" {
		p.fatalf("the divider is %s high, want 2px", h)
	}
	if img := line("h3.stark-heading", "backgroundImage"); img == "none" {
		p.fatalf("the rainbow divider has no gradient")
	}

	// Icons: a Material Symbol is one glyph of the font; an emoji is text.
	icon := func(sel string) string {
		return eval[string](p, fmt.Sprintf(`(() => {
		  const i = document.querySelector(%s);
		  if (!i) return 'missing';
		  const s = getComputedStyle(i);
		  return i.textContent + '|' + s.fontFamily + '|' + (i.getBoundingClientRect().width <= 1.2 * parseFloat(s.fontSize));
		})()`, js(sel)))
	}
	p.wait("the Material Symbols font to load", `[...document.fonts].some((f) => f.family.includes('Material Symbols Rounded') && f.status === 'loaded')`)
	for sel, want := range map[string]string{
		`[data-testid="stark-error"] .stark-icon`:  `error|"Material Symbols Rounded"|true`,
		`[data-testid="stark-button"] .stark-icon`: `rocket_launch|"Material Symbols Rounded"|true`,
	} {
		if got := icon(sel); got != want {
			p.fatalf("%s: %s, want %s", sel, got, want)
		}
	}
	if got := eval[string](p, `document.querySelector('[data-testid="stark-info"] .stark-emoji')?.textContent || ''`); got != "💡" {
		p.fatalf("the info's icon is %q", got)
	}
	if eval[bool](p, `!!document.querySelector('[data-testid="stark-error"] .stark-alert-icon')`) {
		p.fatalf("the error shows its own sign beside the page's icon")
	}
	if got := eval[string](p, `document.querySelector('[data-testid="stark-expander"] summary .stark-label-icon')?.textContent || ''`); got != "📋" {
		p.fatalf("the expander's icon is %q", got)
	}

	// st.code: numbered lines, the long one wrapped (no horizontal scroll).
	code := eval[struct {
		Lines  int    `json:"lines"`
		Before string `json:"before"`
		Scroll bool   `json:"scroll"`
		Text   string `json:"text"`
		OneRow bool   `json:"oneRow"`
	}](p, `(() => {
	  const pre = document.querySelector('[data-testid="stark-code"] pre') || document.querySelector('pre.stark-code');
	  const lines = pre.querySelectorAll('.stark-code-line');
	  return { lines: lines.length, before: getComputedStyle(lines[1], '::before').content, scroll: pre.scrollWidth > pre.clientWidth + 1, text: pre.textContent.slice(0, 13),
	    oneRow: lines[0].getBoundingClientRect().height < 1.5 * parseFloat(getComputedStyle(lines[0]).lineHeight) };
	})()`)
	if code.Lines != 3 || code.Before == "none" || code.Scroll || code.Text != "a = 1\nb = 2\nc" || !code.OneRow {
		p.fatalf("st.code: %+v, want 3 numbered lines of one row each (the long one wrapped), the text unchanged", code)
	}

	// st.json open to depth 1: the top level open, "a" closed.
	if got := eval[string](p, `[document.querySelector('.stark-json-tree'), ...document.querySelectorAll('.stark-json-tree details')].map((d) => d.open ? 'open' : 'closed').join(' ')`); got != "open closed closed closed" {
		p.fatalf("st.json(expanded=1): %s, want the root open and the rest closed", got)
	}

	// Columns aligned at the bottom: the short column ends where the long one does.
	p.wait("the columns' bottoms to line up", `(() => {
	  const cols = document.querySelectorAll('.stark-columns[data-align="bottom"] > .stark-col');
	  if (cols.length !== 2) return false;
	  const a = cols[0].getBoundingClientRect(), b = cols[1].getBoundingClientRect();
	  return Math.abs(a.bottom - b.bottom) < 1 && b.top > a.top + 10;
	})()`)

	// The keyed container is named by its class.
	p.wait("the keyed container", `document.querySelector('.stark-key-totals')?.textContent.includes('in totals')`)
}
