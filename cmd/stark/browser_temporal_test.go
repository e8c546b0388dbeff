package main

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// temporalPages are the pages of the temporal widgets' browser tests.
var temporalPages = map[string]string{
	"slider.star": `start, end = st.slider("Week", value=("2024-03-04", "2024-03-10"), format="MMM D")
st.markdown("Week: %s..%s" % (start, end))
`,
	"range.star": `trip = st.date_input("Trip", value=(), min_value="2024-01-01")
st.markdown("Trip: %r" % (trip,))
`,
}

func temporalServer(t *testing.T) *starkServer {
	t.Helper()
	return sharedAppServer(t, "temporal", temporalPages)
}

// TestBrowserDateRangeSlider moves a handle of a slider over dates with the
// keyboard: the page gets the new range as date strings, and the slider
// shows it in its format.
func TestBrowserDateRangeSlider(t *testing.T) {
	p := openPage(t, temporalServer, "/Slider")
	p.waitShows("markdown", "Week: 2024-03-04..2024-03-10")
	out := `__e2e.widget('slider', 'Week').querySelector('output').textContent`
	p.wait("the slider to show its range formatted", out+` === 'Mar 4 – Mar 10'`)
	id := p.inputID("slider", "Week") // the low handle
	p.do("pressing the right arrow on the low handle", chromedp.SendKeys(chromedp.ID(id), kb.ArrowRight))
	p.waitShows("markdown", "Week: 2024-03-05..2024-03-10")
	p.wait("the slider to show the new range", out+` === 'Mar 5 – Mar 10'`)
	if v := eval[string](p, `__e2e.widget('slider', 'Week').querySelectorAll('input')[0].getAttribute('aria-valuetext')`); v != "Mar 5" {
		p.fatalf("the low handle's aria-valuetext is %q, want \"Mar 5\"", v)
	}
}

// TestBrowserHalfPickedDateRange picks a date range's start, then its end:
// the page sees (start,) in between, as in Streamlit.
func TestBrowserHalfPickedDateRange(t *testing.T) {
	p := openPage(t, temporalServer, "/Range")
	p.waitShows("markdown", "Trip: ()")
	// Days picked in the calendar, which opens under the field.
	id := p.inputID("date_input", "Trip")
	pick := func(day string) {
		p.do("clicking the field", chromedp.Click(chromedp.ID(id)))
		sel := `[data-testid="stark-date_input"] .stark-cal-day[data-date="` + day + `"]`
		for k := 0; k < 60 && !eval[bool](p, `!!document.querySelector(`+js(sel)+`)`); k++ {
			way := eval[string](p, `document.querySelector('[data-testid="stark-date_input"] .stark-cal-day:not(.other)').dataset.date < `+js(day)+` ? 'Next month' : 'Previous month'`)
			p.do(way, chromedp.Click(chromedp.CSS(`[data-testid="stark-date_input"] .stark-cal-nav[aria-label="`+way+`"]`)))
		}
		p.do("clicking "+day, chromedp.Click(chromedp.CSS(sel)))
	}
	pick("2024-06-10")
	p.waitShows("markdown", `Trip: ("2024-06-10",)`)
	p.waitIdle()
	pick("2024-06-03") // an end before the start: the range is put in order
	p.waitShows("markdown", `Trip: ("2024-06-03", "2024-06-10")`)
}
