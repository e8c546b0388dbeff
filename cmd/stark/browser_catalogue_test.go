package main

// Browser tests of the page catalogue: forms, fragments, status elements,
// downloads, uploads, tabs and writable query parameters, each on a small
// page of an app written for these tests (catalogueServer).

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// cataloguePages is the app of catalogueServer, file name to source.
var cataloguePages = map[string]string{
	"1_Home.star": `st.title("Catalogue")` + "\n",

	"2_Form.star": `
st.session_state["runs"] = st.session_state.get("runs", 0) + 1
st.markdown("Runs: %d" % st.session_state["runs"])
form = st.form("order")
name = form.text_input("Name", key="fname")
qty = form.number_input("Quantity", min_value=1, max_value=10, value=1, key="fqty")
color = form.selectbox("Colour", ["red", "green", "blue"], key="fcolor")
if form.form_submit_button("Order"):
    st.success("Ordered %d %s for %s" % (qty, color, name))
`,

	"3_Clock.star": `
st.title("Clock")
st.markdown("Outside the fragment")
def clock():
    st.session_state["ticks"] = st.session_state.get("ticks", 0) + 1
    st.markdown("Tick %d" % st.session_state["ticks"])
st.fragment(clock, run_every="1s")()
st.caption("After the fragment")
`,

	"4_Fragment.star": `
st.session_state["outer"] = st.session_state.get("outer", 0) + 1
st.markdown("Outer runs: %d" % st.session_state["outer"])
def part():
    n = st.slider("Level", 0, 10, 3, key="level")
    sleep(0.4) # long enough for the browser to dim what the run is redoing
    st.markdown("Level is %d" % n)
st.fragment(part)()
st.caption("Below the fragment")
`,

	"5_Progress.star": `
st.title("Progress")
status = st.status("Working", state="running", expanded=True)
status.write("Crunching")
bar = st.progress(0, text="Starting")
for i in range(1, 6):
    sleep(0.2)
    bar.progress(i * 20, text="Step %d of 5" % i)
status.update(label="Done working", state="complete")
st.markdown("All done")
`,

	"6_Download.star": `
csv = "fruit,qty\napple,3\npear,5\n"
if st.download_button("Download CSV", csv, file_name="fruit.csv", mime="text/csv", key="dl"):
    st.caption("Download clicked")
`,

	"7_Upload.star": `
f = st.file_uploader("Data file", type=["csv", "txt"], key="up")
if f:
    st.markdown("Got %s, %d bytes" % (f["name"], f["size"]))
    st.text("".join([chr(b) for b in f["data"].elems()]))
else:
    st.caption("No file yet")
`,

	"8_Tabs.star": `
st.session_state["runs"] = st.session_state.get("runs", 0) + 1
st.markdown("Runs: %d" % st.session_state["runs"])
a, b = st.tabs(["A", "B"])
a.markdown("Content of A")
b.markdown("Content of B")
`,

	"9_Query.star": `
if st.button("Set x"):
    st.query_params["x"] = "1"
st.markdown("x is %s" % st.query_params.get("x", "unset"))
`,
}

func catalogueServer(t *testing.T) *starkServer {
	t.Helper()
	return sharedAppServer(t, "catalogue", cataloguePages)
}

func TestBrowserForm(t *testing.T) {
	p := openPage(t, catalogueServer, "/Form", wsJS)
	p.waitShows("markdown", "Runs: 1")
	p.waitIdle()
	sent := eval[int](p, `__e2eWS.sent.length`)
	starts := eval[int](p, `__e2eWS.count('run_start')`)

	nameID := p.inputID("text_input", "Name")
	qtyID := p.inputID("number_input", "Quantity")
	p.do("typing the name", chromedp.SendKeys(chromedp.ID(nameID), "Bob"))
	// Replace the quantity as a user does: select what is there, type.
	eval[chromedp.Void](p, fmt.Sprintf(`(() => { const e = document.getElementById(%s); e.focus(); e.select(); })()`, js(qtyID)))
	p.do("typing the quantity", chromedp.SendKeys(chromedp.ID(qtyID), "7"))
	// What choosing an option in the list does.
	eval[chromedp.Void](p, `(() => { const s = __e2e.inputOf('selectbox', 'Colour'); s.value = '2'; s.dispatchEvent(new Event('change', { bubbles: true })); })()`)
	// And leaving the fields: still nothing is sent.
	eval[chromedp.Void](p, `document.activeElement && document.activeElement.blur()`)
	quiet := fmt.Sprintf(`__e2eWS.sent.length === %d && __e2eWS.count('run_start') === %d && __e2e.shows('markdown', 'Runs: 1')`, sent, starts)
	// Longer than the text input's debounce (400 ms), which a field of a
	// form must not use.
	p.holds("nothing sent while filling in the form", quiet, 700*time.Millisecond)
	if v := eval[[]string](p, `[__e2e.inputOf('text_input', 'Name').value, __e2e.inputOf('number_input', 'Quantity').value, __e2e.inputOf('selectbox', 'Colour').value]`); !slices.Equal(v, []string{"Bob", "7", "2"}) {
		p.fatalf("the form's fields hold %q, want Bob, 7 and 2 (blue)", v)
	}

	p.do("pressing the submit button", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-form_submit_button"] button`)))
	p.waitShows("success", "Ordered 7 blue for Bob")
	p.waitShows("markdown", "Runs: 2")
	p.waitIdle()
	msgs := eval[[]map[string]any](p, fmt.Sprintf(`__e2eWS.sent.slice(%d)`, sent))
	if len(msgs) != 1 || msgs[0]["type"] != "form" {
		p.fatalf("the submit sent %v, want one form message", msgs)
	}
	if vals, _ := msgs[0]["values"].(map[string]any); len(vals) != 3 {
		p.fatalf("the form message carries the values %v, want the three fields'", msgs[0]["values"])
	}
	if n := eval[int](p, `__e2eWS.count('run_start')`); n != starts+1 {
		p.fatalf("the submit started %d runs, want 1", n-starts)
	}
	// The fields keep the submitted values.
	if v := eval[[]string](p, `[__e2e.inputOf('text_input', 'Name').value, __e2e.inputOf('number_input', 'Quantity').value, __e2e.inputOf('selectbox', 'Colour').value]`); !slices.Equal(v, []string{"Bob", "7", "2"}) {
		p.fatalf("after the submit the form's fields hold %q, want Bob, 7 and 2 (blue)", v)
	}
}

func TestBrowserFragmentRunEvery(t *testing.T) {
	p := openPage(t, catalogueServer, "/Clock")
	p.waitShows("markdown", "Tick")
	// Mark the nodes outside the fragment, and record each value the
	// fragment shows.
	eval[chromedp.Void](p, `(() => {
	  window.__outside = [__e2e.els('title')[0], __e2e.els('markdown').find((e) => e.textContent.includes('Outside')), __e2e.els('caption')[0]];
	  window.__outside.forEach((e) => { e.__e2eMark = true; });
	  const frag = () => __e2e.els('fragment')[0];
	  window.__ticks = [];
	  window.__tickTimer = setInterval(() => {
	    const f = frag();
	    const t = f ? f.textContent.trim() : '';
	    if (window.__ticks[window.__ticks.length - 1] !== t) window.__ticks.push(t);
	  }, 20);
	})()`)
	if n := eval[int](p, `window.__outside.filter((e) => e).length`); n != 3 {
		p.fatalf("found %d of the 3 elements outside the fragment", n)
	}
	start := time.Now()
	// Four changes: five values.
	p.wait("the fragment to change four times", `window.__ticks.length >= 5`)
	took := time.Since(start)
	eval[chromedp.Void](p, `clearInterval(window.__tickTimer)`)
	ticks := eval[[]string](p, `window.__ticks`)
	for i, s := range ticks {
		if !strings.HasPrefix(s, "Tick ") {
			p.fatalf("the fragment showed %q (value %d of %q)", s, i, ticks)
		}
	}
	if took > 7*time.Second {
		p.fatalf("the fragment changed 4 times in %v, want about 4 s (run_every is 1 s)", took)
	}
	same := eval[bool](p, `(() => {
	  const now = [__e2e.els('title')[0], __e2e.els('markdown').find((e) => e.textContent.includes('Outside')), __e2e.els('caption')[0]];
	  return now.every((e, i) => e === window.__outside[i] && e.__e2eMark === true && e.isConnected);
	})()`)
	if !same {
		p.fatalf("the fragment's runs replaced elements outside it (the fragment showed %q)", ticks)
	}
	if got := eval[[]string](p, `[...document.querySelector('[data-testid="stark-main-root"]').children].map((e) => e.dataset.testid)`); !slices.Equal(got, []string{"stark-title", "stark-markdown", "stark-fragment", "stark-caption"}) {
		p.fatalf("the page's elements are %q after the fragment's runs", got)
	}
}

func TestBrowserFragmentWidget(t *testing.T) {
	p := openPage(t, catalogueServer, "/Fragment", wsJS)
	p.waitShows("markdown", "Outer runs: 1")
	p.waitShows("markdown", "Level is 3")
	p.waitIdle()
	eval[chromedp.Void](p, `__e2e.els('markdown').find((e) => e.textContent.includes('Outer runs')).__e2eMark = true; __e2e.els('caption')[0].__e2eMark = true`)
	starts := eval[int](p, `__e2eWS.count('run_start')`)
	// A fragment run dims only what is inside the fragment: record any
	// element outside it that is dimmed.
	eval[chromedp.Void](p, `(() => {
	  window.__dimmedOutside = [];
	  const frag = __e2e.els('fragment')[0];
	  new MutationObserver((ms) => {
	    for (const m of ms) if (m.target.classList.contains('stark-stale') && !frag.contains(m.target)) window.__dimmedOutside.push(m.target.dataset.path || m.target.tagName);
	  }).observe(document.querySelector('[data-testid="stark-main-root"]'), { attributes: true, attributeFilter: ['class'], subtree: true });
	})()`)

	p.setSlider("Level", 7)
	p.waitShows("markdown", "Level is 7")
	p.waitIdle()
	p.setSlider("Level", 9)
	p.waitShows("markdown", "Level is 9")
	p.waitIdle()
	if !eval[bool](p, `__e2e.shows('markdown', 'Outer runs: 1')`) {
		p.fatalf("the page outside the fragment ran again")
	}
	if !eval[bool](p, `__e2e.els('markdown').find((e) => e.textContent.includes('Outer runs')).__e2eMark === true && __e2e.els('caption')[0].__e2eMark === true`) {
		p.fatalf("the fragment's runs replaced elements outside it")
	}
	if n := eval[int](p, `__e2eWS.count('run_start')`); n != starts+2 {
		p.fatalf("two slider changes started %d runs, want 2", n-starts)
	}
	if dimmed := eval[[]string](p, `window.__dimmedOutside`); len(dimmed) != 0 {
		p.fatalf("the fragment's runs dimmed elements outside it: %q", dimmed)
	}
}

func TestBrowserProgressAndStatus(t *testing.T) {
	// Record, from the start of the document, the values the progress bar
	// and the states the status element show.
	const recordJS = `
window.__progress = [];
window.__statusStates = [];
setInterval(() => {
  const bar = document.querySelector('[data-testid="stark-main"] [data-testid="stark-progress"] [role="progressbar"]');
  if (bar) { const v = bar.getAttribute('aria-valuenow'); if (!window.__progress.includes(v)) window.__progress.push(v); }
  const st = document.querySelector('[data-testid="stark-main"] [data-testid="stark-status"]');
  if (st) { const s = st.dataset.state; if (window.__statusStates[window.__statusStates.length - 1] !== s) window.__statusStates.push(s); }
}, 10);
`
	p := openPage(t, catalogueServer, "/Progress", recordJS)
	p.waitShows("markdown", "All done")
	p.waitIdle()
	progress := eval[[]string](p, `window.__progress`)
	var between []string
	for _, v := range progress {
		if v != "0" && v != "100" {
			between = append(between, v)
		}
	}
	if len(between) < 3 {
		p.fatalf("the progress bar showed %q: fewer than 3 values between 0 and 100", progress)
	}
	if v := eval[string](p, `__e2e.els('progress')[0].querySelector('[role="progressbar"]').getAttribute('aria-valuenow')`); v != "100" {
		p.fatalf("after the run the progress bar shows %s, want 100", v)
	}
	p.waitShows("progress", "Step 5 of 5")

	st := eval[struct {
		State string `json:"state"`
		Label string `json:"label"`
		Body  string `json:"body"`
	}](p, `(() => { const s = __e2e.els('status')[0]; return { state: s.dataset.state, label: s.querySelector('.stark-status-label').textContent, body: s.querySelector('.stark-status-body').textContent }; })()`)
	if st.State != "complete" || st.Label != "Done working" || !strings.Contains(st.Body, "Crunching") {
		p.fatalf("after the run the status is %+v, want complete, labelled Done working, holding Crunching", st)
	}
	if states := eval[[]string](p, `window.__statusStates`); !slices.Contains(states, "running") {
		p.fatalf("the status showed the states %q during the run, never running", states)
	}
}

func TestBrowserDownload(t *testing.T) {
	p := openPage(t, catalogueServer, "/Download")
	p.wait("the download button", `__e2e.els('download_button').length === 1`)
	dir := t.TempDir()
	began := chromedp.Events(p.ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.Events(p.ctx, cdpbrowser.DownloadProgress)
	if _, err := chromedp.Call(p.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior:      cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName,
		DownloadPath:  dir,
		EventsEnabled: new(true),
	}); err != nil {
		p.fatalf("setting the download directory: %v", err)
	}
	t.Cleanup(func() {
		chromedp.Call(p.tab, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorDefault})
	})

	p.do("clicking the download button", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-download_button"] button`)))
	var name string
	for ev, err := range began {
		if err != nil {
			p.fatalf("waiting for the download to begin: %v", err)
		}
		name = ev.SuggestedFilename
		break
	}
	var file string
	for ev, err := range progress {
		if err != nil {
			p.fatalf("waiting for the download to complete: %v", err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			p.fatalf("the download was cancelled")
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
	}
	if name != "fruit.csv" {
		p.fatalf("the download is named %q, want fruit.csv", name)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		p.fatalf("reading the downloaded file: %v", err)
	}
	if want := "fruit,qty\napple,3\npear,5\n"; string(data) != want {
		p.fatalf("the downloaded file holds %q, want %q", data, want)
	}
	// The click is also the button's value: the page sees it.
	p.waitShows("caption", "Download clicked")
}

func TestBrowserUpload(t *testing.T) {
	p := openPage(t, catalogueServer, "/Upload")
	p.waitShows("caption", "No file yet")
	file := filepath.Join(t.TempDir(), "prices.csv")
	const content = "item,price\ntea,3\n"
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	p.do("choosing the file", chromedp.SetUploadFiles(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-file_uploader"] input[type=file]`), []string{file}))
	p.waitShows("markdown", fmt.Sprintf("Got prices.csv, %d bytes", len(content)))
	p.waitShows("text", "tea,3")
	p.waitIdle()
	// The widget lists the file too.
	if got := eval[string](p, `__e2e.els('file_uploader')[0].querySelector('.stark-file-name')?.textContent || ''`); got != "prices.csv" {
		p.fatalf("the uploader lists %q, want prices.csv", got)
	}
	if eval[bool](p, `__e2e.els('file_uploader')[0].querySelector('.stark-file-msg').hidden === false`) {
		p.fatalf("the uploader shows a message: %s", eval[string](p, `__e2e.els('file_uploader')[0].querySelector('.stark-file-msg').textContent`))
	}
}

func TestBrowserTabs(t *testing.T) {
	p := openPage(t, catalogueServer, "/Tabs", wsJS)
	p.waitShows("markdown", "Content of B") // in the DOM, hidden
	p.waitIdle()
	visible := func(text string) string {
		return fmt.Sprintf(`__e2e.els('markdown').find((e) => e.textContent.includes(%s)).checkVisibility()`, js(text))
	}
	if !eval[bool](p, visible("Content of A")) || eval[bool](p, visible("Content of B")) {
		p.fatalf("at first the tabs do not show A's content alone")
	}
	sent := eval[int](p, `__e2eWS.sent.length`)
	starts := eval[int](p, `__e2eWS.count('run_start')`)

	p.do("clicking tab B", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-tabs"] [role="tab"]:nth-child(2)`)))
	p.wait("B's content to show and A's to hide", visible("Content of B")+` && !`+visible("Content of A"))
	if sel := eval[string](p, `__e2e.els('tabs')[0].querySelector('[role="tab"][aria-selected="true"]').textContent`); sel != "B" {
		p.fatalf("the selected tab is %q, want B", sel)
	}
	p.holds("no message sent and no run for a tab switch",
		fmt.Sprintf(`__e2eWS.sent.length === %d && __e2eWS.count('run_start') === %d && __e2e.shows('markdown', 'Runs: 1')`, sent, starts),
		300*time.Millisecond)

	p.do("clicking tab A", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-tabs"] [role="tab"]:nth-child(1)`)))
	p.wait("A's content to show and B's to hide", visible("Content of A")+` && !`+visible("Content of B"))
}

func TestBrowserQueryParamsWritable(t *testing.T) {
	p := openPage(t, catalogueServer, "/Query")
	p.waitShows("markdown", "x is unset")
	p.waitIdle()
	if s := eval[string](p, `location.search`); s != "" {
		p.fatalf("at first location.search is %q, want none", s)
	}
	eval[chromedp.Void](p, `window.__mark = 1`)
	p.do("clicking Set x", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-button"] button`)))
	p.wait("location.search to become ?x=1", `location.search === '?x=1'`)
	p.waitShows("markdown", "x is 1")
	p.waitIdle()
	if !eval[bool](p, `window.__mark === 1`) {
		p.fatalf("writing the query loaded a new document")
	}
	if path := eval[string](p, `location.pathname`); path != "/Query" {
		p.fatalf("the URL's path is %q after writing the query, want /Query", path)
	}
}
