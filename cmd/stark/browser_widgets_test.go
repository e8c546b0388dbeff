package main

// Browser tests of the parameters widgets share with Streamlit's.

import (
	"fmt"
	"testing"
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
