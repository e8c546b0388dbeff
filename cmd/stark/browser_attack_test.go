package main

// The browser half of the adversarial suite (issue 7): a page puts markup
// that would run script — <script>, <img onerror>, <svg onload>,
// <details ontoggle>, javascript: links — into every text a page can give
// (markdown, headings, st.write, widget labels and options, table and
// dataframe cells, metric labels, chart titles and tooltips, toasts, the page
// title, container labels, a page's file name, the URL's query), and the test
// checks, in a real browser, that none of it runs and that it shows as text.
//
// Script that ran calls xssRan(site). Since the shell's Content-Security-
// Policy would block most injected script even if the front end inserted the
// markup as HTML, the test does not rely on that alone: it also records every
// element or attribute that only markup could have made (a MutationObserver
// from the document's start) and every CSP violation. Any of the three fails
// the test, naming where.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// xssPayload is the markup put in each text; "@" is replaced by the name of
// the place, so what ran says where. Sites have no spaces, so that the
// markdown link is parsed as a link (and refused), not as text.
const xssPayload = `<script>xssRan("@")</script> <img src=x onerror=xssRan("@")> <svg onload=xssRan("@")> <details open ontoggle=xssRan("@")> [go](javascript:xssRan("@")) <a href="javascript:xssRan('@')">a</a>`

func xss(site string) string { return strings.ReplaceAll(xssPayload, "@", site) }

// starlarkString quotes s as a Starlark (and JSON) string literal, leaving
// <, > and & as they are.
func starlarkString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return strings.TrimSpace(b.String())
}

// xssPageFile is the file of the app's third page: its name is markup,
// which the nav shows as the page's label.
const xssPageFile = `3_<img src=x onerror=xssRan("file-name")>.star`

var xssPages = map[string]string{
	"1_Payloads.star": `P = ` + starlarkString(xssPayload) + `
def p(site):
    return P.replace("@", site)

st.set_page_config(title=p("page-title"), icon=p("page-icon"))
st.sidebar.markdown(p("sidebar"))
st.title(p("title"))
st.header(p("header"))
st.caption(p("caption"))
st.markdown(p("markdown"))
st.markdown(st.query_params.get("q", "no query"))
st.write(p("write"))
st.write({"k": p("write-json")})
st.write(table([{"col": p("write-table")}]))
st.text(p("text"))
st.code(p("code"), language=p("code-language"))
st.error(p("error"))
st.info(p("info"))
st.exception(p("exception"))
st.json({"k": p("json")})
st.metric(p("metric-label"), p("metric-value"), delta=p("metric-delta"), help=p("metric-help"))
st.table({p("table-column"): [p("table-cell")]})
st.dataframe({p("df-column"): [p("df-cell")]})
st.button(p("button"), help=p("button-help"))
st.checkbox(p("checkbox"))
st.text_input(p("text-input"), value=p("text-input-value"), placeholder=p("placeholder"))
st.text_area(p("text-area"), value=p("text-area-value"))
st.selectbox(p("selectbox"), [p("select-option"), "b"])
st.radio(p("radio"), [p("radio-option"), "b"])
st.multiselect(p("multiselect"), [p("multi-option"), "b"], default=[p("multi-option")])
st.slider(p("slider"), 0, 10)
st.number_input(p("number"))
st.select_slider(p("select-slider"), [p("ss-option"), "b"])
st.pills(p("pills"), [p("pill"), "b"])
st.date_input(p("date"), value="2025-06-01")
st.color_picker(p("color"))
st.download_button(p("download"), "data", file_name="<img src=x onerror=xssRan(\"file\")>.txt")
st.file_uploader(p("uploader"))
st.page_link("2_Link.star", label=p("page-link"))
ex = st.expander(p("expander"), expanded=True)
ex.markdown(p("in-expander"))
t1, t2 = st.tabs([p("tab-1"), p("tab-2")])
t2.markdown(p("in-tab"))
pop = st.popover(p("popover"))
pop.markdown(p("in-popover"))
box = st.status(p("status"))
box.markdown(p("in-status"))
f = st.form("f")
f.text_input(p("form-input"))
f.form_submit_button(p("submit"))
st.progress(50, text=p("progress"))
st.toast(p("toast"))
rows = [{"x": p("chart-x"), "y": 1}, {"x": "b", "y": 2}]
st.line_chart(rows, x="x", y="y", title=p("line-title"), x_label=p("x-label"), y_label=p("y-label"))
st.bar_chart(rows, x="x", y="y", title=p("bar-title"))
st.vega_lite_chart({
    "title": p("vl-title"),
    "description": p("vl-description"),
    "data": {"values": [{"k": p("vl-value"), "v": 1, "u": "javascript:xssRan('vl-href')"}]},
    "mark": {"type": "bar", "tooltip": True},
    "encoding": {
        "x": {"field": "k", "type": "nominal", "title": p("vl-axis")},
        "y": {"field": "v", "type": "quantitative"},
        "href": {"field": "u", "type": "nominal"},
    },
})
st.text("end of the payloads")
`,
	"2_Link.star": `st.text("before the link")
st.link_button("go", "javascript:xssRan('link-button')")
`,
	xssPageFile: `st.text("the page with markup in its name")` + "\n",
}

// xssJS records what markup could do, from the document's start:
// __xss.ran (sites whose script ran), __xss.nodes (elements and attributes
// only markup makes: script, iframe, img, event handlers, javascript: URLs,
// ...), __xss.csp (violations of the CSP) and __xss.toasts (the texts of the
// toasts shown, which leave after a few seconds).
const xssJS = `
window.__xss = { ran: [], nodes: [], csp: [], toasts: [] };
window.xssRan = (site) => { window.__xss.ran.push(String(site)); };
document.addEventListener('securitypolicyviolation', (e) => {
  __xss.csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') + (e.sample ? ': ' + e.sample : ''));
}, true);
(() => {
  const badTags = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'img', 'image', 'base', 'animate', 'set', 'foreignobject', 'portal']);
  const urlAttrs = new Set(['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'poster', 'background']);
  // The shell's own script (app.js?v=VERSION) is the only one a document has.
  const shellScript = (el) => { try { const u = new URL(el.src); return u.origin === location.origin && u.pathname === '/_stark/static/app.js'; } catch { return false; } };
  const scheme = (v) => {
    try { return new URL(v.replace(/[\u0000-\u0020]/g, ''), location.href).protocol; } catch { return ''; }
  };
  const where = (el) => {
    const t = el.closest && el.closest('[data-testid]');
    return t ? t.getAttribute('data-testid') : el.isConnected ? 'the document' : 'a detached node';
  };
  const check = (el) => {
    const tag = el.localName;
    const bad = [];
    if (badTags.has(tag) && !(tag === 'script' && shellScript(el))) bad.push('<' + tag + '>');
    if (tag === 'meta' && el.hasAttribute('http-equiv')) bad.push('<meta http-equiv>');
    for (const a of el.attributes || []) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on') || n === 'srcdoc') bad.push(tag + ' ' + n);
      else if (urlAttrs.has(n)) {
        const s = scheme(a.value);
        if (s === 'javascript:' || s === 'vbscript:' || (s === 'data:' && tag !== 'link')) bad.push(tag + ' ' + n + '=' + a.value);
      }
    }
    if (bad.length) __xss.nodes.push(bad.join(', ') + ' in ' + where(el) + ': ' + (el.outerHTML || '').slice(0, 300));
  };
  const visit = (n) => {
    if (n.nodeType !== 1) return;
    check(n);
    for (const e of n.querySelectorAll('*')) check(e);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') check(r.target);
      else r.addedNodes.forEach(visit);
    }
    for (const t of document.querySelectorAll('[data-testid="stark-toast-shown"]')) {
      if (!__xss.toasts.includes(t.textContent)) __xss.toasts.push(t.textContent);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
  // The texts of the elements of a kind, in the main area and the sidebar.
  __xss.text = (kind) => [...document.querySelectorAll('[data-testid="stark-' + kind + '"]')].map((e) => e.textContent).join('\n');
  __xss.values = (kind) => [...document.querySelectorAll('[data-testid="stark-' + kind + '"] input, [data-testid="stark-' + kind + '"] textarea')]
    .map((e) => e.value + '\n' + (e.placeholder || '')).join('\n');
  __xss.svgText = (kind) => [...document.querySelectorAll('[data-testid="stark-' + kind + '"] svg text')].map((e) => e.textContent).join('\n');
})();
`

// xssClean fails the test if a payload ran, left an element or attribute
// that only markup makes, or broke the CSP.
func xssClean(p *browserPage) {
	p.t.Helper()
	got := eval[struct {
		Ran   []string `json:"ran"`
		Nodes []string `json:"nodes"`
		CSP   []string `json:"csp"`
	}](p, `({ran: __xss.ran, nodes: __xss.nodes, csp: __xss.csp})`)
	if len(got.Ran)+len(got.Nodes)+len(got.CSP) != 0 {
		p.fatalf("the page's markup was taken as HTML:\nscript ran at: %q\nelements made from markup:\n  %s\nCSP violations:\n  %s",
			got.Ran, strings.Join(got.Nodes, "\n  "), strings.Join(got.CSP, "\n  "))
	}
}

func xssServer(t *testing.T) *starkServer {
	t.Helper()
	return sharedAppServer(t, "xss", xssPages)
}

func TestBrowserAttackMarkup(t *testing.T) {
	p := openPage(t, xssServer, "/?q="+url.QueryEscape(xss("query")), xssJS)
	p.waitShows("text", "end of the payloads")
	p.waitIdle()

	// The charts are drawn (Vega loads on first use): their titles are SVG
	// text. Axis titles and labels may be cut short by Vega, so the charts
	// are checked by the start of each payload.
	for _, c := range []struct{ kind, site string }{
		{"line_chart", "line-title"}, {"line_chart", "x-label"}, {"line_chart", "y-label"}, {"line_chart", "chart-x"},
		{"bar_chart", "bar-title"},
		{"vega_lite_chart", "vl-title"}, {"vega_lite_chart", "vl-axis"}, {"vega_lite_chart", "vl-value"},
	} {
		start := xss(c.site)[:len(`<script>xssRan("`)+len(c.site)]
		p.wait(fmt.Sprintf("the %s to show %q as text", c.kind, start), fmt.Sprintf(`__xss.svgText(%s).includes(%s)`, js(c.kind), js(start)))
	}

	// The Vega-Lite bar: its tooltip shows the row's values as text, and a
	// click on it follows its href only if Vega finds the URL safe (a
	// javascript: URL is not).
	p.do("scrolling the Vega-Lite chart into view", chromedp.ScrollIntoView(chromedp.CSS(`[data-testid="stark-vega_lite_chart"] svg`)))
	bar := eval[[]float64](p, `(() => {
	  const m = document.querySelector('[data-testid="stark-vega_lite_chart"] svg g.role-mark.mark-rect > *');
	  const r = m.getBoundingClientRect();
	  return [r.left + r.width / 2, r.top + r.height / 2];
	})()`)
	p.do("moving the pointer over the bar",
		chromedp.MouseEvent(chromedp.MouseMoved, bar[0]-2, bar[1]),
		chromedp.MouseEvent(chromedp.MouseMoved, bar[0], bar[1]))
	p.wait("the bar's tooltip to show the payload as text", fmt.Sprintf(
		`(() => { const t = document.querySelector('[data-testid="stark-chart-tooltip"]'); return !!t && !t.hidden && t.textContent.includes(%s); })()`,
		js(xss("vl-value"))))
	if !eval[bool](p, fmt.Sprintf(`!!document.elementFromPoint(%f, %f)?.closest('[data-testid="stark-vega_lite_chart"] g.role-mark')`, bar[0], bar[1])) {
		p.fatalf("the bar is not under the pointer at (%.0f, %.0f)", bar[0], bar[1])
	}
	p.do("clicking the bar", chromedp.MouseClickXY(bar[0], bar[1]))

	// Nothing ran or was made from markup; then every other place shows
	// its payload as text.
	xssClean(p)
	for _, c := range []struct{ kind, site string }{
		{"sidebar", "sidebar"},
		{"title", "title"}, {"header", "header"}, {"caption", "caption"},
		{"markdown", "markdown"}, {"markdown", "query"}, {"markdown", "write"},
		{"dataframe", "write-table"},
		{"text", "text"}, {"code", "code"},
		{"error", "error"}, {"info", "info"}, {"exception", "exception"},
		{"metric", "metric-label"}, {"metric", "metric-value"}, {"metric", "metric-delta"},
		{"table", "table-column"}, {"table", "table-cell"},
		{"dataframe", "df-column"}, {"dataframe", "df-cell"},
		{"button", "button"}, {"checkbox", "checkbox"},
		{"text_input", "text-input"}, {"text_area", "text-area"},
		{"selectbox", "selectbox"}, {"selectbox", "select-option"},
		{"radio", "radio"}, {"radio", "radio-option"},
		{"multiselect", "multiselect"}, {"multiselect", "multi-option"},
		{"slider", "slider"}, {"number_input", "number"},
		{"select_slider", "select-slider"}, {"select_slider", "ss-option"},
		{"pills", "pills"}, {"pills", "pill"},
		{"date_input", "date"}, {"color_picker", "color"},
		{"download_button", "download"}, {"file_uploader", "uploader"},
		{"page_link", "page-link"},
		{"expander", "expander"}, {"expander", "in-expander"},
		{"tabs", "tab-1"}, {"tabs", "tab-2"}, {"tabs", "in-tab"},
		{"popover", "popover"}, {"popover", "in-popover"},
		{"form", "form-input"}, {"form", "submit"},
		{"progress", "progress"},
	} {
		if !eval[bool](p, fmt.Sprintf(`__xss.text(%s).includes(%s)`, js(c.kind), js(xss(c.site)))) {
			p.fatalf("no %s shows the payload of %q as text; they show:\n%s", c.kind, c.site, eval[string](p, fmt.Sprintf(`__xss.text(%s)`, js(c.kind))))
		}
	}
	// Values, JSON and the places that are not elements' text.
	jsonText := strings.Trim(starlarkString(xss("json")), `"`)
	checks := []struct{ what, expr string }{
		{"st.status's label", fmt.Sprintf(`[...document.querySelectorAll('[data-testid="stark-main"] .stark-status-label')].some((e) => e.textContent === %s)`, js(xss("status")))},
		{"st.status's content", fmt.Sprintf(`[...document.querySelectorAll('[data-testid="stark-main"] .stark-status-box')].some((e) => e.textContent.includes(%s))`, js(xss("in-status")))},
		{"a text input's value", fmt.Sprintf(`__xss.values('text_input').includes(%s)`, js(xss("text-input-value")))},
		{"a text input's placeholder", fmt.Sprintf(`__xss.values('text_input').includes(%s)`, js(xss("placeholder")))},
		{"a text area's value", fmt.Sprintf(`__xss.values('text_area').includes(%s)`, js(xss("text-area-value")))},
		{"st.json", fmt.Sprintf(`__xss.text('json').includes(%s)`, js(jsonText))},
		{"st.write of a dict", fmt.Sprintf(`__xss.text('json').includes(%s)`, js(strings.Trim(starlarkString(xss("write-json")), `"`)))},
		{"the toast", fmt.Sprintf(`__xss.toasts.some((t) => t.includes(%s))`, js(xss("toast")))},
		{"the page title", fmt.Sprintf(`document.title === %s && document.querySelector('title').children.length === 0`, js(xss("page-title")))},
		{"the nav link of the page with markup in its file name", `[...document.querySelectorAll('[data-testid="stark-nav-link"]')].some((a) => a.textContent === '<img src=x onerror=xssRan("file-name")>')`},
	}
	for _, c := range checks {
		p.wait(c.what+" to show the payload as text", c.expr)
	}
	xssClean(p)

	// The page whose file name is markup opens like any other, at the URL
	// of its nav link. (The browser percent-encodes the link's path, so a
	// click loads a new document rather than navigating over the socket.)
	href := eval[string](p, `document.querySelector('[data-testid="stark-nav"] li:last-child > a').href`)
	p.do("opening the page with markup in its name", chromedp.Navigate(href))
	p.waitShows("text", "the page with markup in its name")
	p.waitIdle()
	xssClean(p)
}

// st.link_button refuses a javascript: URL: the page shows the error, as
// text, and no link.
func TestBrowserAttackLinkButton(t *testing.T) {
	p := openPage(t, xssServer, "/Link", xssJS)
	p.waitShows("text", "before the link")
	p.waitShows("exception", `is not an http, https or mailto URL`)
	p.waitShows("exception", `"javascript:xssRan('link-button')"`)
	p.waitIdle()
	if n := eval[int](p, `document.querySelectorAll('[data-testid="stark-link_button"]').length`); n != 0 {
		p.fatalf("%d link buttons shown, want none", n)
	}
	xssClean(p)
}

// The shell is served with a Content-Security-Policy that allows only the
// server's own scripts: no inline script, no eval, no plugins, no <base>.
func TestBrowserAttackShellHeaders(t *testing.T) {
	browser(t) // skip with the other browser tests
	srv := xssServer(t)
	for _, path := range []string{"/", "/Link", "/?q=" + url.QueryEscape(xss("query"))} {
		resp, err := http.Get(srv.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		directives := map[string]string{}
		for _, d := range strings.Split(csp, ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			directives[name] = value
		}
		script, ok := directives["script-src"]
		if !ok {
			script, ok = directives["default-src"]
		}
		if !ok || script != "'self'" {
			t.Errorf("GET %s: Content-Security-Policy %q: want script-src 'self' alone (no inline script, no eval)", path, csp)
		}
		for name, want := range map[string]string{"object-src": "'none'", "base-uri": "'none'", "frame-ancestors": "'self'"} {
			if got := directives[name]; got != want {
				t.Errorf("GET %s: %s is %q, want %q (Content-Security-Policy %q)", path, name, got, want, csp)
			}
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", path, got)
		}
	}
}
