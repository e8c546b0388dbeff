package main

// st.data_editor in a real browser: two cells edited (a text by its input,
// a checkbox by a double-click), a row added and filled, a row deleted, and
// what the page then has in st.session_state and as the edited data. On a
// table of 100,000 rows the test also measures (and logs, asserting no
// time) the scroll to row 90,000 and an edit's round trip.

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var editorPages = map[string]string{
	"1_Edit.star": `rows = [{"name": n, "ok": i % 2 == 0, "n": i} for i, n in enumerate(["ann", "bob", "cy", "dee"])]
got = st.data_editor(rows, key="ed", num_rows="dynamic", disabled=["n"],
    column_config={"name": st.column_config.TextColumn(max_chars=8)})
st.text("state %s" % (st.session_state.ed,))
st.text("got %s" % ([(r["name"], r["ok"], r["n"]) for r in got],))
`,
	"2_Big.star": `t = table({"i": list(range(100000)), "name": ["r%d" % i for i in range(100000)]})
got = st.data_editor(t, key="big", disabled=["i"])
st.text("big %s" % (st.session_state.big["edited_rows"],))
`,
}

func TestBrowserDataEditor(t *testing.T) {
	p := openPage(t, func(t *testing.T) *starkServer { return sharedAppServer(t, "editor", editorPages) }, "/", "")
	grid := `[data-testid="stark-main"] [data-testid="stark-data_editor"] `
	// Cells: 1 the row checkbox, 2 name, 3 ok, 4 n.
	cell := func(row, col int) string {
		return fmt.Sprintf(`%s.stark-df-row[data-row="%d"] .stark-df-td:nth-child(%d)`, grid, row, col)
	}
	p.wait("the grid's rows", `!!document.querySelector('`+cell(3, 2)+`')`)
	p.waitShows("text", `state {"edited_rows": {}, "added_rows": [], "deleted_rows": []}`)

	p.do("editing row 0's name", chromedp.DoubleClick(chromedp.CSS(cell(0, 2))))
	p.wait("the text input", `!!document.querySelector('`+grid+`input.stark-df-input[type="text"]')`)
	p.do("typing a name", chromedp.SetValue(chromedp.CSS(grid+`input.stark-df-input`), "zed"), chromedp.SendKeys(chromedp.CSS(grid+`input.stark-df-input`), kb.Enter))
	p.waitShows("text", `state {"edited_rows": {0: {"name": "zed"}}, "added_rows": [], "deleted_rows": []}`)

	p.do("ticking row 1's checkbox cell", chromedp.DoubleClick(chromedp.CSS(cell(1, 3))))
	p.waitShows("text", `state {"edited_rows": {0: {"name": "zed"}, 1: {"ok": True}}, "added_rows": [], "deleted_rows": []}`)

	// The disabled column opens no input.
	p.do("double-clicking a disabled cell", chromedp.DoubleClick(chromedp.CSS(cell(2, 4))))
	if eval[bool](p, `!!document.querySelector('`+grid+`input.stark-df-input')`) {
		p.fatalf("a disabled column's cell opened an input")
	}

	p.do("adding a row", chromedp.Click(chromedp.CSS(grid+`.stark-df-add`)))
	p.waitShows("text", `state {"edited_rows": {0: {"name": "zed"}, 1: {"ok": True}}, "added_rows": [{}], "deleted_rows": []}`)
	p.wait("the row added", `!!document.querySelector('`+cell(4, 2)+`')`)
	p.do("naming the row added", chromedp.DoubleClick(chromedp.CSS(cell(4, 2))))
	p.wait("the text input", `!!document.querySelector('`+grid+`input.stark-df-input[type="text"]')`)
	p.do("typing its name", chromedp.SetValue(chromedp.CSS(grid+`input.stark-df-input`), "eve"), chromedp.SendKeys(chromedp.CSS(grid+`input.stark-df-input`), kb.Enter))
	p.waitShows("text", `state {"edited_rows": {0: {"name": "zed"}, 1: {"ok": True}}, "added_rows": [{"name": "eve"}], "deleted_rows": []}`)

	p.do("selecting row 2", chromedp.Click(chromedp.CSS(grid+`.stark-df-row[data-row="2"] .stark-df-select`)))
	p.do("deleting it", chromedp.Click(chromedp.CSS(grid+`.stark-df-delete`)))
	p.waitShows("text", `state {"edited_rows": {0: {"name": "zed"}, 1: {"ok": True}}, "added_rows": [{"name": "eve"}], "deleted_rows": [2]}`)
	p.waitShows("text", `got [("zed", True, 0), ("bob", True, 1), ("dee", False, 3), ("eve", None, None)]`)
	// The grid as drawn after the rerun: row 2 is dee, row 3 the row added.
	p.wait("the rows drawn", `document.querySelector('`+cell(2, 2)+`').textContent === 'dee' && document.querySelector('`+cell(3, 2)+`').textContent === 'eve'`)
}

// TestBrowserDataEditorLarge measures, on 100,000 rows, the scroll to row
// 90,000 (until its cells are drawn from a page the server sent) and an
// edit there (from Enter to the rerun's text showing it); it logs the times.
func TestBrowserDataEditorLarge(t *testing.T) {
	p := openPage(t, func(t *testing.T) *starkServer { return sharedAppServer(t, "editor", editorPages) }, "/Big", "")
	grid := `[data-testid="stark-main"] [data-testid="stark-data_editor"] `
	p.waitShows("text", "big {}")
	p.wait("the grid's rows", `!!document.querySelector('`+grid+`.stark-df-row[data-row="3"]')`)
	eval[bool](p, `(() => {
	  window.__m = null;
	  const s = document.querySelector('`+grid+`.stark-df-scroll');
	  const t0 = performance.now();
	  s.scrollTop = 90000 * 30;
	  const check = () => {
	    const r = document.querySelector('`+grid+`.stark-df-row[data-row="90000"]');
	    if (r && !r.classList.contains('loading')) window.__m = performance.now() - t0;
	    else requestAnimationFrame(check);
	  };
	  check();
	  return true;
	})()`)
	p.wait("row 90,000 drawn", `window.__m !== null`)
	scroll := eval[float64](p, `window.__m`)
	if got := eval[string](p, `document.querySelector('`+grid+`.stark-df-row[data-row="90000"] .stark-df-td:nth-child(2)').textContent`); got != "r90000" {
		p.fatalf("row 90,000's name: got %q", got)
	}
	p.do("editing row 90,000", chromedp.DoubleClick(chromedp.CSS(grid+`.stark-df-row[data-row="90000"] .stark-df-td:nth-child(2)`)))
	p.wait("the text input", `!!document.querySelector('`+grid+`input.stark-df-input')`)
	eval[bool](p, `(() => {
	  window.__m = null;
	  const inp = document.querySelector('`+grid+`input.stark-df-input');
	  inp.value = 'edited';
	  const t0 = performance.now();
	  inp.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
	  const check = () => {
	    if (__e2e.shows('text', 'big {90000: {"name": "edited"}}')) window.__m = performance.now() - t0;
	    else setTimeout(check, 2);
	  };
	  check();
	  return true;
	})()`)
	p.wait("the edit applied", `window.__m !== null`)
	edit := eval[float64](p, `window.__m`)
	t.Logf("100,000 rows: scroll to row 90,000 drawn in %.0f ms; an edit applied (Enter to the rerun's text) in %.0f ms", scroll, edit)
}
