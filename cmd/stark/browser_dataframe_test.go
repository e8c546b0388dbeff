package main

// st.dataframe's selection in a real browser: row checkboxes and a column
// toggle, a row picked after sorting (so its position comes from a sorted
// page the server sent), and what the page receives.

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// selectPages: 150 rows (more than the 100 an element carries, so sorted
// rows come from the server); n is a permutation of 0..149 whose 0 is at
// position 21.
var selectPages = map[string]string{
	"1_Select.star": `t = table({"i": list(range(150)), "n": [(7 * i + 3) % 150 for i in range(150)], "name": ["r%d" % i for i in range(150)]})
ev = st.dataframe(t, key="picked", on_select="rerun", selection_mode=["multi-row", "single-column"],
    column_config={"i": st.column_config.NumberColumn("Index", format="#%d")})
st.text("rows %s columns %s" % (ev.selection.rows, ev["selection"]["columns"]))
st.text("state %s" % st.session_state.picked.selection.rows)
`,
}

func TestBrowserDataframeSelection(t *testing.T) {
	p := openPage(t, func(t *testing.T) *starkServer { return sharedAppServer(t, "dfselect", selectPages) }, "/", "")
	p.waitShows("text", "rows [] columns []")
	grid := `[data-testid="stark-main"] [data-testid="stark-dataframe"] `
	p.wait("the grid's rows", `!!document.querySelector('`+grid+`.stark-df-row[data-row="2"] .stark-df-select')`)
	if f := eval[string](p, `document.querySelector('`+grid+`.stark-df-row[data-row="2"] .stark-df-td:nth-child(2)').textContent`); f != "#2" {
		p.fatalf("the Index column's format: got %q, want #2", f)
	}

	p.do("ticking row 2", chromedp.Click(chromedp.CSS(grid+`.stark-df-row[data-row="2"] .stark-df-select`)))
	p.waitShows("text", "rows [2] columns []")
	p.waitShows("text", "state [2]")

	// Sort by n (ascending): the first row shown is position 21.
	p.do("sorting by n", chromedp.Click(chromedp.CSS(grid+`.stark-df-th:nth-child(3) .stark-df-sort`)))
	p.wait("the sorted first row", `(() => { const r = document.querySelector('`+grid+`.stark-df-row[data-row="0"]'); return r && !r.classList.contains('loading') && r.querySelector('.stark-df-td:nth-child(3)').textContent === '0'; })()`)
	// Position 2 (n = 17) is shown 18th, still ticked.
	p.wait("row 2 still ticked after sorting", `(() => { const b = document.querySelector('`+grid+`.stark-df-row[data-row="17"] .stark-df-select'); return b && b.checked && b.dataset.pos === '2'; })()`)
	p.do("ticking the first sorted row", chromedp.Click(chromedp.CSS(grid+`.stark-df-row[data-row="0"] .stark-df-select`)))
	p.waitShows("text", "rows [2, 21] columns []")

	p.do("selecting the column name", chromedp.Click(chromedp.CSS(grid+`.stark-df-colselect[aria-label="Select column name"]`)))
	p.waitShows("text", `rows [2, 21] columns ["name"]`)
	p.waitShows("text", "state [2, 21]")
	// The selection drawn after the rerun: two rows, one column.
	p.wait("the selection drawn", `document.querySelectorAll('`+grid+`.stark-df-select:checked').length === 2 && document.querySelectorAll('`+grid+`.stark-df-colselect:checked').length === 1`)
}

// TestBrowserDataframeSelectionInForm: a selectable dataframe in a form
// (clear_on_submit): rows and a column ticked reach the page only with the
// submission, and the grid is cleared after it.
func TestBrowserDataframeSelectionInForm(t *testing.T) {
	pages := map[string]string{"1_Form.star": `t = table({"a": [1, 2, 3], "b": [4, 5, 6]})
st.session_state.runs = st.session_state.get("runs", 0) + 1
f = st.form("f", clear_on_submit=True)
ev = f.dataframe(t, key="sel", on_select="rerun", selection_mode=["multi-row", "multi-column"])
sent = f.form_submit_button("Submit")
st.text("rows %s columns %s sent %s" % (ev.selection.rows, ev.selection.columns, sent))
st.text("runs %d" % st.session_state.runs)
`}
	p := openPage(t, func(t *testing.T) *starkServer { return sharedAppServer(t, "dfform", pages) }, "/", "")
	p.waitShows("text", "rows [] columns [] sent False")
	p.waitShows("text", "runs 1")
	grid := `[data-testid="stark-main"] [data-testid="stark-dataframe"] `
	p.wait("the grid's rows", `!!document.querySelector('`+grid+`.stark-df-row[data-row="2"] .stark-df-select')`)
	p.do("ticking row 2", chromedp.Click(chromedp.CSS(grid+`.stark-df-row[data-row="2"] .stark-df-select`)))
	p.do("ticking row 0", chromedp.Click(chromedp.CSS(grid+`.stark-df-row[data-row="0"] .stark-df-select`)))
	p.do("selecting the column b", chromedp.Click(chromedp.CSS(grid+`.stark-df-colselect[aria-label="Select column b"]`)))
	p.wait("two rows and a column ticked", `document.querySelectorAll('`+grid+`.stark-df-select:checked').length === 2 && document.querySelectorAll('`+grid+`.stark-df-colselect:checked').length === 1`)
	p.do("pressing Submit", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-form_submit_button"] button`)))
	p.waitShows("text", `rows [0, 2] columns ["b"] sent True`)
	// The ticks made no run of their own: the submission's is the second.
	p.waitShows("text", "runs 2")
	p.wait("the grid cleared", `document.querySelectorAll('`+grid+`.stark-df-select:checked').length === 0 && document.querySelectorAll('`+grid+`.stark-df-colselect:checked').length === 0`)
}

// TestBrowserDataframeColumnTypes: the gallery's st.column_config columns as
// drawn, and a row ticked there.
func TestBrowserDataframeColumnTypes(t *testing.T) {
	p := openPage(t, demoServer, "/Gallery", "")
	p.waitShows("markdown", "Selected rows: none")
	grid := `[data-testid="stark-main"] [data-testid="stark-dataframe"] `
	p.wait("the grid's first row", `!!document.querySelector('`+grid+`.stark-df-row[data-row="0"] .stark-df-progress')`)
	cell := func(col int) string {
		return `document.querySelector('` + grid + `.stark-df-row[data-row="0"] .stark-df-td:nth-child(` + strconv.Itoa(col) + `)')`
	}
	// Cells: 1 the checkbox, 2 product, 3 price, 4 sold, 5 in stock, 6 site, 7 tags, 8 week.
	checks := []struct{ what, expr string }{
		{"the price's format", cell(3) + `.textContent === '$4.50'`},
		{"the progress bar", cell(4) + `.querySelector('[role=progressbar]').getAttribute('aria-valuenow') === '0.82'`},
		{"the check mark", cell(5) + `.textContent === '✓'`},
		{"the link and its text", `(` + cell(6) + `.querySelector('a[href="https://example.com/widgets"]') || {}).textContent === 'widgets'`},
		{"the chips", cell(7) + `.querySelectorAll('.stark-df-chip').length === 2`},
		{"the bar sparkline", cell(8) + `.querySelectorAll('svg rect').length === 5`},
	}
	for _, c := range checks {
		p.wait(c.what, c.expr)
	}
	p.do("ticking the first row", chromedp.Click(chromedp.CSS(grid+`.stark-df-row[data-row="0"] .stark-df-select`)))
	p.waitShows("markdown", "Selected rows: widgets")
}

// TestBrowserDataframeIndexConfig: column_config's "_index" shows the
// column of row positions with its label, help and width, in st.dataframe
// and st.data_editor; "_index": None shows none.
func TestBrowserDataframeIndexConfig(t *testing.T) {
	dir := newAppDir(t, map[string]string{"app.star": `rows = [{"a": 1}, {"a": 2}]
st.dataframe(rows, column_config={"_index": st.column_config.Column("Row no.", help="the position", width="large")})
st.data_editor(rows, column_config={"_index": "Pos"})
st.dataframe(rows, hide_index=False, column_config={"_index": None})
st.text("end")
`})
	p := openPage(t, appAt(dir), "/")
	p.waitShows("text", "end")
	p.wait("the grids' rows", `document.querySelectorAll('[data-testid="stark-main"] .stark-df-row[data-row="1"]').length === 3`)
	got := eval[[]string](p, `[...document.querySelectorAll('[data-testid="stark-main"] [data-testid="stark-dataframe"], [data-testid="stark-main"] [data-testid="stark-data_editor"]')].map((g) => {
	  const th = g.querySelector('.stark-df-th.stark-df-index');
	  const cell = g.querySelector('.stark-df-row[data-row="1"] .stark-df-index');
	  return th ? th.textContent + '|' + th.title + '|' + Math.round(th.getBoundingClientRect().width) + '|' + (cell ? cell.textContent : '') : 'none';
	})`)
	if len(got) != 3 || got[0] != "Row no.|the position|320|1" || got[1][:4] != "Pos|" || got[2] != "none" {
		p.fatalf("index columns = %q, want the configured label, help and width (320px), the editor's label, and none", got)
	}
}
