package main

// Browser tests of the parameters widgets share with Streamlit's.

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var widgetParamPages = map[string]string{
	"1_Labels.star": `
st.text_input("Seen", key="seen")
st.text_input("Hidden", key="hidden", label_visibility="hidden")
st.text_input("Gone", key="gone", label_visibility="collapsed")
st.selectbox("Pick", ["a", "b"], label_visibility="collapsed")
st.checkbox("Tick", label_visibility="hidden")
st.metric("Score", 7, label_visibility="collapsed")
st.markdown("ready")
`,
	"2_Options.star": `
plan = st.radio("Plan", ["free", "pro"], captions=["for **trying**", ""], format_func=lambda p: p.upper(), key="plan")
n = st.number_input("Count", value=None, placeholder="how many?")
st.markdown("plan is %s, count is %s" % (plan, n))
`,
	"3_Form.star": `
f = st.form("f", enter_to_submit=False, border=False)
name = f.text_input("Name")
sent = f.form_submit_button("Send")
st.markdown("sent: %s, name: [%s]" % (sent, name))
`,
}

func widgetParamServer(t *testing.T) *starkServer {
	t.Helper()
	return sharedAppServer(t, "wparams", widgetParamPages)
}

// TestBrowserLabelVisibility: a hidden label keeps its space, a collapsed one
// takes none, and both stay the input's accessible name.
func TestBrowserLabelVisibility(t *testing.T) {
	p := openPage(t, widgetParamServer, "/Labels")
	p.waitShows("markdown", "ready")
	// The offset of a widget's input from the top of the widget, the
	// label's rendered height, its visibility, and the input's aria-label.
	layout := func(label string) (offset, labelHeight float64, visibility, aria string) {
		p.t.Helper()
		id := p.inputID("text_input", label)
		expr := fmt.Sprintf(`(() => {
		  const inp = document.getElementById(%s);
		  const w = inp.closest('.stark-widget');
		  const row = w.querySelector('.stark-label-row');
		  const lab = row.querySelector('.stark-label');
		  return [inp.getBoundingClientRect().top - w.getBoundingClientRect().top,
		    row.getBoundingClientRect().height, getComputedStyle(lab).visibility,
		    inp.getAttribute('aria-label') || '', lab.textContent];
		})()`, js(id))
		v := eval[[]any](p, expr)
		if v[4] != label {
			p.fatalf("the label of %q holds %q", label, v[4])
		}
		return v[0].(float64), v[1].(float64), v[2].(string), v[3].(string)
	}
	seenOff, seenH, seenVis, seenAria := layout("Seen")
	if seenH <= 0 || seenOff <= 0 || seenVis != "visible" || seenAria != "" {
		p.fatalf("visible label: offset %v, label height %v, visibility %q, aria-label %q", seenOff, seenH, seenVis, seenAria)
	}
	hidOff, hidH, hidVis, hidAria := layout("Hidden")
	if hidOff != seenOff || hidH != seenH || hidVis != "hidden" || hidAria != "Hidden" {
		p.fatalf("hidden label: offset %v (visible: %v), label height %v (visible: %v), visibility %q, aria-label %q; want the visible layout, not shown, named Hidden",
			hidOff, seenOff, hidH, seenH, hidVis, hidAria)
	}
	goneOff, goneH, _, goneAria := layout("Gone")
	if goneOff != 0 || goneH != 0 || goneAria != "Gone" {
		p.fatalf("collapsed label: offset %v, label height %v, aria-label %q; want the input at the widget's top, no label space, named Gone", goneOff, goneH, goneAria)
	}
	// The other kinds: selectbox, checkbox and metric.
	if got := eval[string](p, `(__e2e.inputOf('selectbox', 'Pick') || {}).ariaLabel || ''`); got != "Pick" {
		p.fatalf("the collapsed selectbox's aria-label is %q, want Pick", got)
	}
	if got := eval[string](p, `(() => {
	  const t = [...document.querySelectorAll('.stark-check-text')].find((n) => n.textContent === 'Tick');
	  return t ? getComputedStyle(t).visibility + ' ' + t.closest('label').querySelector('input').getAttribute('aria-label') : 'none';
	})()`); got != "hidden Tick" {
		p.fatalf("the hidden checkbox label: %q, want \"hidden Tick\"", got)
	}
	if got := eval[string](p, `(() => {
	  const m = document.querySelector('.stark-metric');
	  return getComputedStyle(m.querySelector('.stark-metric-label')).display + ' ' + m.getAttribute('aria-label');
	})()`); got != "none Score" {
		p.fatalf("the collapsed metric label: %q, want \"none Score\"", got)
	}
}

// TestBrowserOptionLabels: format_func's labels are shown and the option is
// returned; a caption is markdown under its option, its description; a
// number input of value None is empty, with its placeholder.
func TestBrowserOptionLabels(t *testing.T) {
	p := openPage(t, widgetParamServer, "/Options")
	p.waitShows("markdown", "plan is free, count is None")
	got := eval[[]string](p, `(() => {
	  const w = __e2e.widget('radio', 'Plan');
	  const cap = w.querySelector('.stark-opt-caption');
	  const r = w.querySelectorAll('input[type=radio]');
	  return [...w.querySelectorAll('.stark-opt')].map((o) => o.textContent).concat(
	    cap ? cap.innerHTML : 'no caption',
	    r[0].getAttribute('aria-describedby') === (cap && cap.id) ? 'described' : 'not described',
	    String(w.querySelectorAll('.stark-opt-caption').length));
	})()`)
	want := []string{"FREE", "PRO", "for <strong>trying</strong>", "described", "1"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		p.fatalf("the radio shows %q, want %q", got, want)
	}
	if got := eval[[]string](p, `(() => { const i = __e2e.inputOf('number_input', 'Count'); return [i.value, i.placeholder]; })()`); fmt.Sprint(got) != "[ how many?]" {
		p.fatalf("the number input holds %q, want empty with placeholder \"how many?\"", got)
	}
	p.do("choosing PRO", chromedp.Click(chromedp.CSS(`input[type=radio][value="1"]`)))
	p.waitShows("markdown", "plan is pro, count is None")

	// A number input of value None may be emptied again: None.
	id := p.inputID("number_input", "Count")
	p.do("typing 5 and Enter", chromedp.SendKeys(chromedp.ID(id), "5\r"))
	p.waitShows("markdown", "plan is pro, count is 5.0")
	p.waitIdle()
	// What deleting the text does: an input event on an empty input.
	eval[chromedp.Void](p, fmt.Sprintf(`(() => { const i = document.getElementById(%s); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true })); })()`, js(id)))
	p.do("pressing Enter in the emptied input", chromedp.SendKeys(chromedp.ID(id), "\r"))
	p.waitShows("markdown", "plan is pro, count is None")
}

// TestBrowserFormEnterToSubmit: with enter_to_submit=False, Enter in a field
// does not submit the form; its button does. border=False draws none.
func TestBrowserFormEnterToSubmit(t *testing.T) {
	p := openPage(t, widgetParamServer, "/Form")
	p.waitShows("markdown", "sent: False, name: []")
	if b := eval[string](p, `getComputedStyle(document.querySelector('.stark-form')).borderTopWidth`); b != "0px" {
		p.fatalf("the form of border=False has a border of %s", b)
	}
	id := p.inputID("text_input", "Name")
	p.do("typing a name and Enter", chromedp.SendKeys(chromedp.ID(id), "Ada\r"))
	// Longer than the text input's debounce (400 ms), which a form's field does not use.
	p.holds("Enter does not submit", `__e2e.shows('markdown', 'sent: False, name: []') && !__e2e.shows('markdown', 'Ada')`, 700*time.Millisecond)
	p.do("pressing Send", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-form_submit_button"] button`)))
	p.waitShows("markdown", "sent: True, name: [Ada]")
}
