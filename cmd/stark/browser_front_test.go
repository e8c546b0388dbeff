package main

// Browser tests of the widgets at Streamlit's finish (issue 16): the range
// slider on one track, multiselect's chips and search, the date picker's
// format, st.code's highlighting.

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var frontPages = map[string]string{
	"1_Range.star": `lo, hi = st.slider("Span", 0, 100, (20, 80), format="%d%%")
st.markdown("span: %d..%d" % (lo, hi))
size = st.select_slider("Size", ["S", "M", "L", "XL"], value="M")
st.markdown("size: " + size)
`,
}

func frontServer(t *testing.T) *starkServer {
	t.Helper()
	return sharedAppServer(t, "front", frontPages)
}

// TestBrowserRangeSliderOneTrack: a range slider is one track with two
// handles; each handle moves with the keyboard, and the values are shown in
// the slider's format.
func TestBrowserRangeSliderOneTrack(t *testing.T) {
	p := openPage(t, frontServer, "/Range")
	p.waitShows("markdown", "span: 20..80")
	w := `__e2e.widget('slider', 'Span')`
	if n := eval[[]int](p, `[`+w+`.querySelectorAll('.stark-track').length, `+w+`.querySelectorAll('input[type=range]').length]`); n[0] != 1 || n[1] != 2 {
		p.fatalf("the range slider has %d tracks and %d handles, want one track and two handles", n[0], n[1])
	}
	// Both handles lie on the track: the same vertical position.
	if same := eval[bool](p, `(() => { const [a, b] = `+w+`.querySelectorAll('input[type=range]'); return a.getBoundingClientRect().top === b.getBoundingClientRect().top; })()`); !same {
		p.fatalf("the two handles are not on one track")
	}
	out := w + `.querySelector('output').textContent`
	p.wait("the value shown with its format", out+` === '20% – 80%'`)
	if ends := eval[string](p, w+`.querySelector('.stark-slider-ends').textContent`); ends != "0%100%" {
		p.fatalf("the slider's ends show %q, want 0%% and 100%%", ends)
	}
	low := p.inputID("slider", "Span")
	p.do("the right arrow on the low handle", chromedp.SendKeys(chromedp.ID(low), kb.ArrowRight))
	p.waitShows("markdown", "span: 21..80")
	p.waitIdle()
	p.do("focusing the high handle", chromedp.Evaluate[chromedp.Void](w+`.querySelectorAll('input[type=range]')[1].focus()`))
	p.do("the left arrow on the high handle", chromedp.KeyEvent(kb.ArrowLeft))
	p.waitShows("markdown", "span: 21..79")
	p.wait("the value shown after the keys", out+` === '21% – 79%'`)
	// The filled part of the track runs between the handles.
	if fill := eval[[]string](p, `(() => { const f = `+w+`.querySelector('.stark-track-fill'); return [f.style.left, f.style.width]; })()`); fill[0] != "21%" || fill[1] != "58%" {
		p.fatalf("the track's fill is at %q, %q; want 21%% and 58%% wide", fill[0], fill[1])
	}

	// select_slider: a mark for each option.
	if n := eval[int](p, `__e2e.widget('select_slider', 'Size').querySelectorAll('.stark-tick').length`); n != 4 {
		p.fatalf("the select_slider shows %d marks, want one for each of its 4 options", n)
	}
}
