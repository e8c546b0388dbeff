package main

// Browser tests of st.dialog, st.feedback and st.map.

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var dialogPages = map[string]string{
	"1_Dialog.star": `
st.session_state.runs = st.session_state.get("runs", 0) + 1

def ask(who):
    agree = st.checkbox("Agree")
    st.markdown("dialog for %s: agree=%s, page runs=%d" % (who, agree, st.session_state.runs))

d = st.dialog("Question", width="medium", on_dismiss="rerun")(ask)
if st.checkbox("Show the dialog"):
    d("ann")
st.markdown("page ran %d times" % st.session_state.runs)
`,
	"3_Dismiss.star": `
st.session_state.runs = st.session_state.get("runs", 0) + 1
def note():
    st.session_state.noted = st.session_state.get("noted", 0) + 1
def body():
    st.markdown("inside the dialog")
def locked():
    st.markdown("inside the locked dialog")
    if st.button("Done"):
        st.session_state.done = True
        st.rerun()
which = st.query_params.get("which")
if which == "quiet":
    st.dialog("Quiet")(body)()
elif which == "locked" and not st.session_state.get("done"):
    st.dialog("Locked", dismissible=False)(locked)()
elif which == "callback":
    st.dialog("Callback", on_dismiss=note)(body)()
st.markdown("runs %d, noted %d" % (st.session_state.runs, st.session_state.get("noted", 0)))
`,
	"2_Small.star": `
f = st.feedback("thumbs", key="fb")
st.markdown("feedback: %s" % f)
st.map([{"lat": 52.52, "lon": 13.40}, {"latitude": None, "lat": 48.86, "lon": 2.35}, {"lat": 51.51, "lon": -0.13}], size=20000, color="#0044ff")
`,
}

func dialogServer(t *testing.T) *starkServer {
	t.Helper()
	return sharedAppServer(t, "dialog", dialogPages)
}

// TestBrowserDialog: a dialog opened by the page is a modal; a widget inside
// it re-runs only the dialog (the page's run counter, read inside, stays);
// its close button closes it, and the page's next runs, which still call
// the dialog function, leave it closed.
func TestBrowserDialog(t *testing.T) {
	p := openPage(t, dialogServer, "/Dialog")
	p.waitShows("markdown", "page ran 1 times")
	if eval[bool](p, `__e2e.els('dialog').length > 0`) {
		p.fatalf("a dialog shows before the page opened one")
	}
	p.do("ticking Show the dialog", chromedp.Click(chromedp.CSS(`[data-testid="stark-checkbox"] input`)))
	p.waitShows("markdown", "dialog for ann: agree=False, page runs=2")
	p.wait("the dialog to be open as a modal", `(() => { const d = __e2e.els('dialog')[0]; return d && d.open && d.matches(':modal') &&
	  d.querySelector('.stark-dialog-title').textContent === 'Question' && d.dataset.width === 'medium'; })()`)

	// The checkbox inside: a run of the dialog alone.
	p.do("ticking Agree", chromedp.Click(chromedp.CSS(`dialog [data-testid="stark-checkbox"] input`)))
	p.waitShows("markdown", "dialog for ann: agree=True, page runs=2")
	p.waitIdle()
	if !eval[bool](p, `__e2e.shows('markdown', 'page ran 2 times')`) {
		p.fatalf("the page ran again when a widget of the dialog changed: %q", eval[[]string](p, `__e2e.texts('markdown')`))
	}

	// The close button: the page runs again and the dialog stays closed,
	// though the page still calls its function.
	p.do("closing the dialog", chromedp.Click(chromedp.CSS(`[data-testid="stark-dialog-close"]`)))
	p.waitShows("markdown", "page ran 3 times")
	p.waitIdle()
	if eval[bool](p, `__e2e.els('dialog').length > 0`) {
		p.fatalf("the dialog shows again after it was closed")
	}
	p.do("clicking Rerun", chromedp.Click(chromedp.CSS(`[data-testid="stark-rerun"]`)))
	p.waitShows("markdown", "page ran 4 times")
	p.waitIdle()
	if eval[bool](p, `__e2e.els('dialog').length > 0`) {
		p.fatalf("the dialog reopened on the next run")
	}
	// Untick and tick: the page opens it again.
	p.do("unticking Show the dialog", chromedp.Click(chromedp.CSS(`[data-testid="stark-checkbox"] input`)))
	p.waitShows("markdown", "page ran 5 times")
	p.do("ticking Show the dialog", chromedp.Click(chromedp.CSS(`[data-testid="stark-checkbox"] input`)))
	p.waitShows("markdown", "dialog for ann: agree=False, page runs=6")
	p.wait("the dialog to be open again", `__e2e.els('dialog')[0]?.open === true`)
}

// TestBrowserFeedbackAndMap: a click on thumbs up returns 1 and another takes
// it back; a map draws one circle per point with a position.
func TestBrowserFeedbackAndMap(t *testing.T) {
	p := openPage(t, dialogServer, "/Small")
	p.waitShows("markdown", "feedback: None")
	p.do("clicking thumbs up", chromedp.Click(chromedp.CSS(`[data-testid="stark-feedback"] button[aria-label="thumbs up"]`)))
	p.waitShows("markdown", "feedback: 1")
	if v := eval[string](p, `document.querySelector('[data-testid="stark-feedback"] button[aria-label="thumbs up"]').getAttribute('aria-pressed')`); v != "true" {
		p.fatalf("thumbs up is not shown pressed after the run (aria-pressed %q)", v)
	}
	p.do("clicking thumbs up again", chromedp.Click(chromedp.CSS(`[data-testid="stark-feedback"] button[aria-label="thumbs up"]`)))
	p.waitShows("markdown", "feedback: None")

	pts := eval[[]any](p, `[...document.querySelectorAll('[data-testid="stark-map"] circle.stark-map-point')].map((c) => [+c.getAttribute('cx'), +c.getAttribute('cy'), c.style.fill])`)
	if len(pts) != 3 {
		p.fatalf("the map draws %d points, want 3: %v", len(pts), pts)
	}
	first := pts[0].([]any)
	if first[0].(float64) != 13.4 || first[1].(float64) != -52.52 {
		p.fatalf("the first point is at %v, want x 13.4 (longitude), y -52.52 (latitude up)", first)
	}
	// Each point is inside the drawn area.
	if !eval[bool](p, `(() => { const m = document.querySelector('[data-testid="stark-map"]').getBoundingClientRect();
	  return m.height > 100 && [...document.querySelectorAll('circle.stark-map-point')].every((c) => { const r = c.getBoundingClientRect();
	    return r.width > 0 && r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom; }); })()`) {
		p.fatalf("a point of the map lies outside it, or the map has no height")
	}
}

// TestBrowserDialogDismiss: st.dialog's dismissible and on_dismiss. The
// default on_dismiss="ignore" closes the dialog with no run (and the next
// run leaves it closed); a dialog with dismissible=False has no close
// button and stays open on Escape and a click outside, until the page
// closes it; a function as on_dismiss is called, then the page runs.
func TestBrowserDialogDismiss(t *testing.T) {
	open := `(() => { const d = __e2e.els('dialog')[0]; return !!d && d.open; })()`

	p := openPage(t, dialogServer, "/Dismiss?which=quiet")
	p.waitShows("markdown", "runs 1, noted 0")
	p.wait("the dialog to open", open)
	p.do("closing the dialog", chromedp.Click(chromedp.CSS(`[data-testid="stark-dialog-close"]`)))
	p.wait("the dialog to close", `!`+open)
	p.waitIdle()
	if !eval[bool](p, `__e2e.shows('markdown', 'runs 1, noted 0')`) {
		p.fatalf("on_dismiss=\"ignore\" ran the page: %q", eval[[]string](p, `__e2e.texts('markdown')`))
	}
	p.do("clicking Rerun", chromedp.Click(chromedp.CSS(`[data-testid="stark-rerun"]`)))
	p.waitShows("markdown", "runs 2, noted 0")
	p.waitIdle()
	if eval[bool](p, open) {
		p.fatalf("the dismissed dialog opened again on the next run")
	}

	q := openPage(t, dialogServer, "/Dismiss?which=locked")
	q.waitShows("markdown", "inside the locked dialog")
	q.wait("the dialog to open", open)
	if eval[bool](q, `(() => { const b = document.querySelector('[data-testid="stark-dialog-close"]'); return !!b && b.offsetParent !== null; })()`) {
		q.fatalf("a dialog that is not dismissible shows a close button")
	}
	for i := 0; i < 2; i++ {
		q.do("pressing Escape", chromedp.KeyEvent(kb.Escape))
	}
	eval[bool](q, `(__e2e.els('dialog')[0].dispatchEvent(new MouseEvent('click', { bubbles: true })), true)`)
	q.waitIdle()
	if !eval[bool](q, open) || !eval[bool](q, `document.querySelector('[data-testid="stark-main"]').textContent.includes('runs 1, noted 0')`) {
		q.fatalf("a dialog that is not dismissible closed (open %v) or the page ran; %q", eval[bool](q, open), eval[string](q, `__e2e.els('dialog').length + ' dialogs, ' + document.querySelectorAll('dialog').length + ' in the document'`))
	}
	q.do("clicking Done", chromedp.Click(chromedp.CSS(`dialog [data-testid="stark-button"] button`)))
	q.waitShows("markdown", "runs 2, noted 0") // the click re-ran the dialog alone; st.rerun() the page
	q.waitIdle()
	if eval[bool](q, open) {
		q.fatalf("st.rerun() in the dialog did not close it")
	}

	r := openPage(t, dialogServer, "/Dismiss?which=callback")
	r.wait("the dialog to open", open)
	r.do("closing the dialog", chromedp.Click(chromedp.CSS(`[data-testid="stark-dialog-close"]`)))
	r.waitShows("markdown", "runs 2, noted 1")
	r.waitIdle()
	if eval[bool](r, open) {
		r.fatalf("the dismissed dialog opened again")
	}
}
