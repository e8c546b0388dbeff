package main

// Browser tests of data and charts: the demo dashboard (pages/7_Dashboard.star:
// SQLite, sidebar filters, metrics, a line and a bar chart, a dataframe), a
// dataframe of 100,000 rows that the grid pages in from the server and sorts
// there, and a dashboard session free of CSP violations and console errors.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// dataJS is added to the documents of these tests: helpers to read charts,
// the sidebar's widgets and the dataframe grid, and a record of CSP
// violations (window.__e2eCSP).
const dataJS = `
window.__e2eCSP = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__e2eCSP.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + (e.sourceFile || '?') + ':' + e.lineNumber);
});
window.__e2eData = (() => {
  const chart = (kind) => document.querySelector('[data-testid="stark-main"] [data-testid="stark-' + kind + '"]');
  const svg = (kind) => { const c = chart(kind); return c ? c.querySelector('svg.marks') : null; };
  // The chart's marks: the items of its mark groups (a line's path, a bar's
  // path, a point's symbol), not the axes.
  const marks = (kind, type) => { const s = svg(kind); return s ? [...s.querySelectorAll('g.role-mark' + (type ? '.mark-' + type : '') + ' > *')] : []; };
  const sidebar = () => document.querySelector('[data-testid="stark-sidebar"]');
  const sideWidget = (kind, label) => [...sidebar().querySelectorAll('[data-testid="stark-' + kind + '"]')]
    .find((e) => { const l = e.querySelector('.stark-label'); return l && l.textContent === label; }) || null;
  const grid = () => document.querySelector('[data-testid="stark-main"] [data-testid="stark-dataframe"]');
  const scroller = () => grid().querySelector('.stark-df-scroll');
  return {
    svg,
    marks,
    // What the marks show: their descriptions, which Vega writes from their
    // data (a point's day and revenue, a bar's product and revenue); unlike
    // their geometry, these do not change when the chart is only resized.
    fingerprint: (kind, type) => marks(kind, type).map((m) => m.getAttribute('aria-label') || '').join('\n'),
    // Whether the chart shows: an SVG of nonzero size with marks of nonzero size.
    drawn: (kind, type, min) => {
      const s = svg(kind);
      if (!s) return false;
      const r = s.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) return false;
      const ms = marks(kind, type).filter((m) => { const b = m.getBoundingClientRect(); return b.width > 0 && b.height > 0; });
      return ms.length >= (min || 1);
    },
    // Whether the chart's first mark of type spans its SVG (but for the
    // axes' room), and the SVG is at least 300 px wide.
    spans: (kind, type) => {
      const s = svg(kind);
      const m = marks(kind, type)[0];
      if (!s || !m) return false;
      const w = s.getBoundingClientRect().width;
      return w >= 300 && m.getBoundingClientRect().width >= w - 150;
    },
    sideWidget,
    selectSide: (label, option) => {
      const s = sideWidget('selectbox', label).querySelector('select');
      const o = [...s.options].find((o) => o.textContent === option);
      s.value = o.value;
      s.dispatchEvent(new Event('change', { bubbles: true }));
      return s.selectedOptions[0].textContent;
    },
    sliderSide: (label, v) => {
      const inp = sideWidget('slider', label).querySelector('input[type=range]');
      inp.value = String(v);
      inp.dispatchEvent(new Event('input', { bubbles: true }));
      inp.dispatchEvent(new Event('change', { bubbles: true }));
      return inp.value;
    },
    tab: (label) => [...document.querySelectorAll('[data-testid="stark-main"] [role="tab"]')].find((b) => b.textContent === label) || null,
    grid,
    scroller,
    // The texts of the cells of the grid's row i, or null when it is not
    // drawn or still loading.
    row: (i) => {
      const r = grid() && grid().querySelector('.stark-df-row[data-row="' + i + '"]');
      if (!r || r.classList.contains('loading')) return null;
      return [...r.children].map((c) => c.textContent);
    },
    // Whether row i is where the user sees it: inside the scroller's
    // viewport, below the header, and the topmost element at its middle.
    rowVisible: (i) => {
      const r = grid().querySelector('.stark-df-row[data-row="' + i + '"]');
      if (!r) return false;
      const b = r.getBoundingClientRect();
      const v = scroller().getBoundingClientRect();
      const head = grid().querySelector('.stark-df-head').getBoundingClientRect();
      if (b.height <= 0 || b.top < head.bottom - 1 || b.bottom > v.bottom + 1) return false;
      const hit = document.elementFromPoint(b.left + Math.min(20, b.width / 2), b.top + b.height / 2);
      return !!hit && r.contains(hit);
    },
    // The index of the first row under the header.
    firstVisible: () => {
      const head = grid().querySelector('.stark-df-head').getBoundingClientRect();
      const rows = [...grid().querySelectorAll('.stark-df-row')].filter((r) => r.getBoundingClientRect().top >= head.bottom - 1);
      rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      return rows.length ? Number(rows[0].dataset.row) : -1;
    },
    header: (name) => [...grid().querySelectorAll('.stark-df-th')].find((th) => { const l = th.querySelector('.stark-df-label'); return l && l.textContent === name; }) || null,
  };
})();
`

// ---- the dashboard -------------------------------------------------------------

var numberRE = regexp.MustCompile(`^\d{1,3}(,\d{3})*(\.\d+)?$`)

// dashboardMetrics waits for the three metrics to show numbers and returns
// them.
func dashboardMetrics(p *browserPage) []string {
	p.t.Helper()
	labels := []string{"Revenue", "Orders", "Average order"}
	p.wait("the dashboard's metrics", `['Revenue', 'Orders', 'Average order'].every((l) => __e2e.metric(l))`)
	var got []string
	for _, l := range labels {
		v := eval[string](p, fmt.Sprintf(`__e2e.metric(%s)`, js(l)))
		if !numberRE.MatchString(v) || strings.Trim(v, "0.,") == "" {
			p.fatalf("the metric %q shows %q, want a nonzero number", l, v)
		}
		got = append(got, v)
	}
	return got
}

// openTab clicks the tab of the dashboard labelled label.
func openTab(p *browserPage, label string) {
	p.t.Helper()
	p.wait("the tab "+label, fmt.Sprintf(`__e2eData.tab(%s) !== null`, js(label)))
	id := eval[string](p, fmt.Sprintf(`__e2eData.tab(%s).id`, js(label)))
	p.do("clicking the tab "+label, chromedp.Click(chromedp.ID(id)))
	p.wait("the tab "+label+" to be selected", fmt.Sprintf(`__e2eData.tab(%s).getAttribute('aria-selected') === 'true'`, js(label)))
}

func TestBrowserDashboard(t *testing.T) {
	p := openPage(t, demoServer, "/Dashboard", dataJS)
	p.waitShows("title", "Sales dashboard")
	p.waitIdle()
	dashboardMetrics(p)
	// The default filter: 90 days of every region, a row a day.
	p.waitShows("caption", "90 days of every region (90 rows)")

	// Trend: a line through 90 points, drawn in an SVG the width of the column.
	p.wait("the line chart to be drawn", `__e2eData.drawn('line_chart', 'line')`)
	if n := eval[int](p, `__e2eData.marks('line_chart', 'symbol').length`); n != 90 {
		p.fatalf("the line chart has %d points, want 90 (a day each)", n)
	}
	if !eval[bool](p, `__e2eData.spans('line_chart', 'line')`) {
		p.fatalf("the line chart is %.0f px wide, its line %.0f px: want the line across the page's column",
			eval[float64](p, `__e2eData.svg('line_chart').getBoundingClientRect().width`),
			eval[float64](p, `__e2eData.marks('line_chart', 'line')[0].getBoundingClientRect().width`))
	}
	if segs := eval[int](p, `(__e2eData.marks('line_chart', 'line')[0].getAttribute('d').match(/L/g) || []).length`); segs != 89 {
		p.fatalf("the line has %d segments, want 89", segs)
	}

	// Products: one bar a product, each of a visible width once the tab
	// shows (the chart was drawn while its tab was hidden).
	openTab(p, "Products")
	p.wait("the bar chart to be drawn with three bars of some width", `__e2eData.drawn('bar_chart', 'rect', 3) &&
	  __e2eData.marks('bar_chart', 'rect').every((m) => m.getBoundingClientRect().width >= 20)`)
	bars := eval[[]string](p, `__e2eData.marks('bar_chart', 'rect').map((m) => (m.getAttribute('aria-label') || '').replace(/;.*/, ''))`)
	slices.Sort(bars)
	if want := []string{"product: gadgets", "product: gizmos", "product: widgets"}; !slices.Equal(bars, want) {
		p.fatalf("the bars are %q, want %q", bars, want)
	}

	// Rows: the grid shows the days, newest first.
	openTab(p, "Rows")
	p.wait("the grid's first rows", `__e2eData.row(0) !== null && __e2eData.row(1) !== null && __e2eData.rowVisible(0)`)
	heads := eval[[]string](p, `[...__e2eData.grid().querySelectorAll('.stark-df-label')].map((e) => e.textContent)`)
	if want := []string{"day", "revenue", "orders"}; !slices.Equal(heads, want) {
		p.fatalf("the grid's columns are %q, want %q", heads, want)
	}
	r0, r1 := eval[[]string](p, `__e2eData.row(0)`), eval[[]string](p, `__e2eData.row(1)`)
	if len(r0) != 3 || r0[0] != "2025-12-31" || r1[0] != "2025-12-30" {
		p.fatalf("the grid's first rows are %q and %q, want the days 2025-12-31 and 2025-12-30", r0, r1)
	}
	if !regexp.MustCompile(`^\d{1,3}(,\d{3})*(\.\d+)?$`).MatchString(r0[1]) || !regexp.MustCompile(`^\d{1,3}(,\d{3})*$`).MatchString(r0[2]) {
		p.fatalf("the grid's first row is %q, want a revenue and a number of orders", r0)
	}
	if foot := eval[string](p, `__e2eData.grid().querySelector('.stark-df-foot').textContent`); foot != "90 rows" {
		p.fatalf("the grid's footer says %q, want 90 rows", foot)
	}
}

func TestBrowserDashboardFilters(t *testing.T) {
	p := openPage(t, demoServer, "/Dashboard", dataJS)
	p.waitShows("caption", "90 days of every region (90 rows)")
	p.waitIdle()
	before := dashboardMetrics(p)
	p.wait("the line chart to be drawn", `__e2eData.drawn('line_chart', 'line')`)
	line := eval[string](p, `__e2eData.fingerprint('line_chart')`)

	// Region: north. The line and the revenue change; still 90 days.
	if got := eval[string](p, `__e2eData.selectSide('Region', 'north')`); got != "north" {
		p.fatalf("the region selectbox took %q, want north", got)
	}
	p.waitShows("caption", "90 days of north (90 rows)")
	p.wait("the revenue to change", fmt.Sprintf(`__e2e.metric('Revenue') !== %s`, js(before[0])))
	p.wait("the line chart to change", fmt.Sprintf(`__e2eData.drawn('line_chart', 'line') && __e2eData.fingerprint('line_chart') !== %s`, js(line)))
	p.waitIdle()
	north := dashboardMetrics(p)
	if north[0] == before[0] || north[1] == before[1] {
		p.fatalf("the metrics of north are %q, those of every region %q: want others", north, before)
	}
	if n := eval[int](p, `__e2eData.marks('line_chart', 'symbol').length`); n != 90 {
		p.fatalf("the line chart of north has %d points, want 90", n)
	}

	// Days: 30, with the products' bars in view.
	openTab(p, "Products")
	p.wait("the bar chart to be drawn", `__e2eData.drawn('bar_chart', 'rect', 3)`)
	bars := eval[string](p, `__e2eData.fingerprint('bar_chart')`)
	if got := eval[string](p, `__e2eData.sliderSide('Days', 30)`); got != "30" {
		p.fatalf("the days slider took %q, want 30", got)
	}
	p.waitShows("caption", "30 days of north (30 rows)")
	p.wait("the orders to change", fmt.Sprintf(`__e2e.metric('Orders') !== %s`, js(north[1])))
	p.wait("the bar chart to change", fmt.Sprintf(`__e2eData.drawn('bar_chart', 'rect', 3) && __e2eData.fingerprint('bar_chart') !== %s`, js(bars)))
	p.wait("the line chart to have 30 points", `__e2eData.marks('line_chart', 'symbol').length === 30`)
	p.waitIdle()
	dashboardMetrics(p)

	// Back on Trend, the line redrawn while its tab was hidden spans the
	// column.
	openTab(p, "Trend")
	p.wait("the line chart to span the column", `__e2eData.spans('line_chart', 'line')`)
}

// TestBrowserDashboardClean uses the dashboard as a user does — every tab,
// a tooltip, a filter — and checks that the page broke no rule of the
// server's Content-Security-Policy and wrote no error to the console.
func TestBrowserDashboardClean(t *testing.T) {
	p := openPage(t, demoServer, "/Dashboard", dataJS)
	p.waitIdle()
	p.wait("the line chart to be drawn", `__e2eData.drawn('line_chart', 'line')`)

	// Hover the middle of the line chart: the nearest point's tooltip
	// (Vega's expressions run by its interpreter, not eval).
	p.do("scrolling the line chart into view", chromedp.ScrollIntoView(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-line_chart"] svg`)))
	box := eval[[]float64](p, `(() => { const r = __e2eData.svg('line_chart').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	p.do("moving the pointer over the line chart",
		chromedp.MouseEvent(chromedp.MouseMoved, box[0]-10, box[1]),
		chromedp.MouseEvent(chromedp.MouseMoved, box[0], box[1]))
	p.wait("the chart's tooltip", `(() => { const t = document.querySelector('[data-testid="stark-chart-tooltip"]'); return !!t && !t.hidden && t.textContent.includes('revenue'); })()`)

	openTab(p, "Products")
	p.wait("the bar chart to be drawn", `__e2eData.drawn('bar_chart', 'rect', 3)`)
	openTab(p, "Rows")
	p.wait("the grid's first row", `__e2eData.row(0) !== null`)
	p.do("sorting the grid by revenue", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-dataframe"] .stark-df-th:nth-child(2) button`)))
	p.wait("the grid sorted by revenue", `__e2eData.header('revenue').getAttribute('aria-sort') === 'ascending'`)
	eval[string](p, `__e2eData.selectSide('Region', 'east')`)
	p.waitShows("caption", "90 days of east")
	p.waitIdle()
	openTab(p, "Trend")
	p.wait("the line chart, redrawn in its hidden tab, to span the column", `__e2eData.drawn('line_chart', 'line') && __e2eData.spans('line_chart', 'line')`)

	// Every console message written so far has reached the test once this
	// marker has.
	const marker = "e2e: end of the dashboard session"
	eval[chromedp.Void](p, fmt.Sprintf(`console.log(%s)`, js(marker)))
	deadline := time.Now().Add(browserWaitTimeout)
	for {
		p.mu.Lock()
		seen := slices.ContainsFunc(p.console, func(m chromedp.ConsoleMessage) bool { return m.Text == marker })
		p.mu.Unlock()
		if seen {
			break
		}
		if time.Now().After(deadline) {
			p.fatalf("the console marker did not arrive")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if v := eval[[]string](p, `window.__e2eCSP`); len(v) != 0 {
		p.fatalf("the page broke the Content-Security-Policy:\n%s", strings.Join(v, "\n"))
	}
	var bad []string
	p.mu.Lock()
	for _, m := range p.console {
		switch m.Type {
		case chromedp.ConsoleError, chromedp.ConsoleException:
			bad = append(bad, m.String())
		case chromedp.ConsoleWarning:
			t.Logf("console warning: %s", m.String())
		}
	}
	p.mu.Unlock()
	if len(bad) != 0 {
		p.fatalf("the console has errors:\n%s", strings.Join(bad, "\n"))
	}
}

// ---- a dataframe of 100,000 rows ----------------------------------------------

const bigRows = 100_000

// bigValue is the "v" of row i of the big table.
func bigValue(i int) int { return (i * 7919) % 100003 }

// dataPages is the app of dataServer, file name to source.
var dataPages = map[string]string{
	"1_Big.star": fmt.Sprintf(`
def make():
    return table({"i": list(range(%d)), "v": [(i * 7919) %% 100003 for i in range(%d)]})
big = cache_data(make)()
st.dataframe(big, height=400)
`, bigRows, bigRows),
}

func dataServer(t *testing.T) *starkServer {
	t.Helper()
	return sharedAppServer(t, "data", dataPages)
}

func TestBrowserDataframeLarge(t *testing.T) {
	// The rows sorted by v, ascending (the values are distinct: 7919 and
	// the prime 100003 are coprime).
	byV := make([]int, bigRows)
	for i := range byV {
		byV[i] = i
	}
	slices.SortFunc(byV, func(a, b int) int { return bigValue(a) - bigValue(b) })
	// Numbers as the grid shows them: with thousands separators.
	cells := func(i int) []string { return []string{grouped(i), grouped(bigValue(i))} }

	p := openPage(t, dataServer, "/", dataJS, wsJS)
	p.wait("the grid's first row", `__e2eData.grid() !== null && __e2eData.row(0) !== null`)
	if foot := eval[string](p, `__e2eData.grid().querySelector('.stark-df-foot').textContent`); foot != "100,000 rows" {
		p.fatalf("the grid's footer says %q, want 100,000 rows", foot)
	}
	if got := eval[[]string](p, `__e2eData.row(0)`); !slices.Equal(got, cells(0)) {
		p.fatalf("the grid's row 0 shows %q, want %q", got, cells(0))
	}
	if h := eval[float64](p, `__e2eData.scroller().getBoundingClientRect().height`); h < 399 || h > 401 {
		p.fatalf("the grid is %.0f px high, want the page's 400", h)
	}
	rowH := eval[float64](p, `__e2eData.grid().querySelector('.stark-df-row[data-row="0"]').getBoundingClientRect().height`)
	if rowH <= 0 {
		p.fatalf("the grid's rows are %v px high", rowH)
	}

	// Scroll to row 90,000: the grid asks the server for its page of rows.
	const target = 90_000
	scrollTo := func(row int) {
		p.t.Helper()
		eval[chromedp.Void](p, fmt.Sprintf(`__e2eData.scroller().scrollTop = %d * %v`, row, rowH))
	}
	scrollTo(target)
	p.wait("row 90,000 to show, under the header", fmt.Sprintf(`__e2eData.row(%d) !== null && __e2eData.rowVisible(%d)`, target, target))
	if got := eval[[]string](p, fmt.Sprintf(`__e2eData.row(%d)`, target)); !slices.Equal(got, cells(target)) {
		p.fatalf("the grid's row 90,000 shows %q, want %q", got, cells(target))
	}
	if first := eval[int](p, `__e2eData.firstVisible()`); first != target {
		p.fatalf("the first row under the header is %d, want %d", first, target)
	}
	asked := fmt.Sprintf(`__e2eWS.sent.some((m) => m.type === 'rows' && m.start <= %d && %d < m.start + m.count && m.sort === '' && !m.desc)`, target, target)
	if !eval[bool](p, asked) {
		p.fatalf("no rows message asked for row 90,000; sent: %v", eval[[]map[string]any](p, `__e2eWS.sent.filter((m) => m.type === 'rows')`))
	}
	if eval[int](p, `__e2eWS.count('rows')`) == 0 {
		p.fatalf("no rows message was received")
	}

	// Click "v": ascending, sorted by the server; the rows in view are the
	// sorted table's.
	p.do(`clicking the header "v"`, chromedp.Click(chromedp.CSS(`[data-testid="stark-dataframe"] .stark-df-th:nth-child(2) button`)))
	p.wait("the header v to say ascending", `__e2eData.header('v').getAttribute('aria-sort') === 'ascending'`)
	p.wait("row 90,000 of the sorted table", fmt.Sprintf(`JSON.stringify(__e2eData.row(%d)) === %s`, target, js(jsonOf(cells(byV[target])))))
	scrollTo(0)
	for k := range 5 {
		p.wait(fmt.Sprintf("row %d sorted by v, ascending", k), fmt.Sprintf(`JSON.stringify(__e2eData.row(%d)) === %s`, k, js(jsonOf(cells(byV[k])))))
	}
	if first := eval[int](p, `__e2eData.firstVisible()`); first != 0 {
		p.fatalf("after scrolling back to the top, the first row under the header is %d, want 0", first)
	}
	if !eval[bool](p, `__e2eWS.sent.some((m) => m.type === 'rows' && m.sort === 'v' && !m.desc)`) {
		p.fatalf("no rows message asked for the rows sorted by v")
	}

	// Again: descending, the largest v first.
	p.do(`clicking the header "v" again`, chromedp.Click(chromedp.CSS(`[data-testid="stark-dataframe"] .stark-df-th:nth-child(2) button`)))
	p.wait("the header v to say descending", `__e2eData.header('v').getAttribute('aria-sort') === 'descending'`)
	for k := range 5 {
		p.wait(fmt.Sprintf("row %d sorted by v, descending", k), fmt.Sprintf(`JSON.stringify(__e2eData.row(%d)) === %s`, k, js(jsonOf(cells(byV[bigRows-1-k])))))
	}
	if top := byV[bigRows-1]; eval[string](p, `__e2eData.row(0)[1]`) != grouped(bigValue(top)) || !eval[bool](p, `__e2eData.rowVisible(0)`) {
		p.fatalf("the first row does not show the largest v, %d", bigValue(top))
	}
	if !eval[bool](p, `__e2eWS.sent.some((m) => m.type === 'rows' && m.sort === 'v' && m.desc === true)`) {
		p.fatalf("no rows message asked for the rows sorted by v, descending")
	}

	// A third time: the table's own order.
	p.do(`clicking the header "v" a third time`, chromedp.Click(chromedp.CSS(`[data-testid="stark-dataframe"] .stark-df-th:nth-child(2) button`)))
	p.wait("the header v to say unsorted", `__e2eData.header('v').getAttribute('aria-sort') === 'none'`)
	for k := range 3 {
		p.wait(fmt.Sprintf("row %d in the table's order", k), fmt.Sprintf(`JSON.stringify(__e2eData.row(%d)) === %s`, k, js(jsonOf(cells(k)))))
	}
	if n := eval[int](p, `__e2eWS.count('error')`); n != 0 {
		p.fatalf("the server answered %d messages with an error", n)
	}
}

// jsonOf is v as JSON, as JSON.stringify writes it.
func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// grouped writes n with a comma between thousands, as the grid shows ints.
func grouped(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
