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
	"2_Choose.star": `fruit = st.multiselect("Fruit", ["apple", "banana", "cherry", "date", "elderberry"], default=["banana"])
st.markdown("fruit: [%s]" % ",".join(fruit))
city = st.selectbox("City", ["City " + str(i) for i in range(10, 25)], index=0)
st.markdown("city: " + city)
`,
	"3_When.star": `day = st.date_input("Day", value="2025-06-01", format="DD.MM.YYYY")
st.markdown("day: " + day)
plain = st.date_input("Plain", value="2025-06-01")
at = st.time_input("At", value="09:00")
st.markdown("at: " + at)
past = st.date_input("Past", value=None, max_value="2020-03-15")
`,
	"4_Code.star": `st.code("def greet(name):\n    return 'hi ' + name  # a <b>comment</b>\n", language="python")
st.code("plain text", language=None)
st.markdown("code shown")
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

// TestBrowserMultiselectChips: multiselect is a searchable dropdown with
// removable chips: typing filters the options, Enter picks the first match,
// Backspace in the empty input removes the last chip, a chip's × removes it.
func TestBrowserMultiselectChips(t *testing.T) {
	p := openPage(t, frontServer, "/Choose")
	p.waitShows("markdown", "fruit: [banana]")
	w := `__e2e.widget('multiselect', 'Fruit')`
	chips := `[...` + w + `.querySelectorAll('.stark-chip-text')].map((c) => c.textContent).join(',')`
	p.wait("the default as a chip", chips+` === 'banana'`)
	if boxes := eval[int](p, w+`.querySelectorAll('input[type=checkbox]').length`); boxes != 0 {
		p.fatalf("the multiselect still shows %d checkboxes", boxes)
	}
	if role := eval[string](p, w+`.querySelector('input').getAttribute('role')`); role != "combobox" {
		p.fatalf("the multiselect's input has role %q, want combobox", role)
	}
	p.do("focusing the input", chromedp.Evaluate[chromedp.Void](w+`.querySelector('input').focus()`))
	opts := `[...` + w + `.querySelectorAll('[role=listbox] [role=option]')].map((o) => o.textContent).join(',')`
	// The picked option is not offered again.
	p.wait("the list of the options not picked", opts+` === 'apple,cherry,date,elderberry'`)
	p.do("typing 'err'", chromedp.KeyEvent("err"))
	p.wait("the list filtered to cherry and elderberry", opts+` === 'cherry,elderberry'`)
	p.do("ArrowDown, then Enter", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	p.waitShows("markdown", "fruit: [banana,elderberry]")
	p.wait("the chips", chips+` === 'banana,elderberry'`)
	if v := eval[string](p, w+`.querySelector('input').value`); v != "" {
		p.fatalf("the search text %q stayed after the pick", v)
	}
	p.waitIdle()
	p.do("Backspace in the empty input", chromedp.KeyEvent(kb.Backspace))
	p.waitShows("markdown", "fruit: [banana]")
	p.wait("the last chip removed", chips+` === 'banana'`)
	p.waitIdle()
	p.do("Escape", chromedp.KeyEvent(kb.Escape))
	p.wait("the list closed", w+`.querySelector('[role=listbox]').hidden && `+w+`.querySelector('input').getAttribute('aria-expanded') === 'false'`)
	p.do("clicking the chip's ×", chromedp.Click(chromedp.CSS(`[data-testid="stark-multiselect"] .stark-chip-x`)))
	p.waitShows("markdown", "fruit: []")
	p.wait("no chips", chips+` === ''`)
}

// TestBrowserSearchableSelectbox: a selectbox with many options is a
// combobox: typing filters, Enter picks.
func TestBrowserSearchableSelectbox(t *testing.T) {
	p := openPage(t, frontServer, "/Choose")
	p.waitShows("markdown", "city: City 10")
	id := p.inputID("selectbox", "City")
	if role := eval[string](p, `document.getElementById(`+js(id)+`).getAttribute('role')`); role != "combobox" {
		p.fatalf("the selectbox of 15 options has role %q, want combobox", role)
	}
	p.do("clicking the selectbox", chromedp.Click(chromedp.ID(id)))
	opts := `[...__e2e.widget('selectbox', 'City').querySelectorAll('[role=option]')].map((o) => o.textContent)`
	p.wait("every option listed", opts+`.length === 15`)
	p.do("typing 12", chromedp.KeyEvent("12"))
	p.wait("one option left", opts+`.join() === 'City 12'`)
	p.do("Enter", chromedp.KeyEvent(kb.Enter))
	p.waitShows("markdown", "city: City 12")
	if v := eval[string](p, `document.getElementById(`+js(id)+`).value`); v != "City 12" {
		p.fatalf("the selectbox shows %q after the pick, want City 12", v)
	}
}

// TestBrowserDatePickerFormat: the date field shows the date in the page's
// format (YYYY/MM/DD by default, as Streamlit), not the browser's locale; the
// calendar picks a day, the keyboard moves in it, and a date typed in the
// format is taken.
func TestBrowserDatePickerFormat(t *testing.T) {
	p := openPage(t, frontServer, "/When")
	p.waitShows("markdown", "day: 2025-06-01")
	day := p.inputID("date_input", "Day")
	val := func(id string) string { return eval[string](p, `document.getElementById(`+js(id)+`).value`) }
	if v := val(day); v != "01.06.2025" {
		p.fatalf("the field of format DD.MM.YYYY shows %q, want 01.06.2025", v)
	}
	if v := val(p.inputID("date_input", "Plain")); v != "2025/06/01" {
		p.fatalf("the field of the default format shows %q, want 2025/06/01", v)
	}
	p.do("clicking the field", chromedp.Click(chromedp.ID(day)))
	cal := `document.querySelector('[data-testid="stark-date_input"] .stark-cal')`
	p.wait("the calendar to open at June 2025", cal+` && !`+cal+`.hidden && `+cal+`.querySelector('.stark-cal-title').textContent === 'June 2025'`)
	if sel := eval[string](p, cal+`.querySelector('[aria-selected=true]').dataset.date`); sel != "2025-06-01" {
		p.fatalf("the calendar marks %q as picked, want 2025-06-01", sel)
	}
	p.do("clicking 12 June", chromedp.Click(chromedp.CSS(`[data-testid="stark-date_input"] .stark-cal-day[data-date="2025-06-12"]`)))
	p.waitShows("markdown", "day: 2025-06-12")
	p.wait("the field in the format", `document.getElementById(`+js(day)+`).value === '12.06.2025'`)
	p.wait("the calendar closed", cal+`.hidden`)
	p.waitIdle()
	// The keyboard: ArrowDown opens the calendar on the day, arrows move, Enter picks.
	p.do("ArrowDown, ArrowRight, ArrowDown, Enter", chromedp.Focus(chromedp.ID(day)), chromedp.KeyEvent(kb.ArrowDown),
		chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	p.waitShows("markdown", "day: 2025-06-20")
	p.waitIdle()
	// A date typed in the format.
	p.do("typing 03.07.2025", chromedp.Focus(chromedp.ID(day)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById(`+js(day)+`).select()`),
		chromedp.KeyEvent("03.07.2025"), chromedp.KeyEvent(kb.Enter))
	p.waitShows("markdown", "day: 2025-07-03")
	p.waitIdle()

	// Nothing picked: the calendar opens at today's month, within the bounds.
	p.do("clicking the field of no date", chromedp.Click(chromedp.ID(p.inputID("date_input", "Past"))))
	p.wait("the calendar at the bound's month", `(() => { const c = __e2e.widget('date_input', 'Past').querySelector('.stark-cal'); return !c.hidden && c.querySelector('.stark-cal-title').textContent === 'March 2020' && c.querySelector('[data-date="2020-03-16"]').disabled; })()`)
	if v := val(p.inputID("date_input", "Past")); v != "" {
		p.fatalf("the field of no date shows %q", v)
	}

	// time_input: a list of times every 15 minutes.
	at := p.inputID("time_input", "At")
	p.do("clicking the time field", chromedp.Click(chromedp.ID(at)))
	times := `[...__e2e.widget('time_input', 'At').querySelectorAll('[role=option]')].map((o) => o.textContent)`
	p.wait("96 times listed", times+`.length === 96`)
	p.do("typing 14:3 and Enter", chromedp.KeyEvent("14:3"))
	p.wait("the list filtered", times+`.join() === '14:30'`)
	p.do("Enter", chromedp.KeyEvent(kb.Enter))
	p.waitShows("markdown", "at: 14:30")
}

// TestBrowserCodeHighlight: st.code in a language is highlighted (its
// tokens in spans of highlight.js, loaded on demand), its text unchanged;
// code without a language is not; the copy button copies the code.
func TestBrowserCodeHighlight(t *testing.T) {
	p := openPage(t, frontServer, "/Code")
	p.waitShows("markdown", "code shown")
	first := `__e2e.els('code')[0]`
	p.wait("the python code highlighted", first+`.querySelector('code .hljs-keyword') !== null`)
	got := eval[[]string](p, `[`+first+`.querySelector('.hljs-keyword').textContent, `+first+`.querySelector('.hljs-string').textContent,
	  `+first+`.querySelector('.hljs-comment').textContent, `+first+`.querySelector('pre').textContent,
	  String(`+first+`.querySelectorAll('b').length)]`)
	want := []string{"def", "'hi '", "# a <b>comment</b>", "def greet(name):\n    return 'hi ' + name  # a <b>comment</b>\n", "0"}
	for i := range want {
		if got[i] != want[i] {
			p.fatalf("the highlighted code: got %q, want %q", got, want)
		}
	}
	if n := eval[int](p, `__e2e.els('code')[1].querySelectorAll('[class^=hljs-]').length`); n != 0 {
		p.fatalf("code without a language has %d highlighted tokens", n)
	}
	// The copy button (the clipboard of a headless browser is not read
	// back: the copy is caught as the page does it).
	p.do("catching the copy", chromedp.Evaluate[chromedp.Void](`(() => {
	  window.__copied = null;
	  document.addEventListener('copy', () => { window.__copied = document.getSelection().toString(); });
	  if (navigator.clipboard) navigator.clipboard.writeText = async (t) => { window.__copied = t; };
	})()`))
	p.do("clicking Copy", chromedp.Click(chromedp.CSS(`[data-testid="stark-code"] .stark-code-copy`)))
	p.wait("the code copied", `window.__copied === `+js("def greet(name):\n    return 'hi ' + name  # a <b>comment</b>\n"))
	p.wait("the button to say Copied", first+`.querySelector('.stark-code-copy').textContent === 'Copied'`)
}

// TestBrowserTopBarTitle: the top bar shows the app's [app] title, and a
// page's set_page_config(page_title=...) over it, not the directory's name.
func TestBrowserTopBarTitle(t *testing.T) {
	dir := newAppDir(t, map[string]string{
		"1_Home.star":  "st.markdown(\"home\")\n",
		"2_Other.star": "st.set_page_config(page_title=\"Other page\")\nst.markdown(\"other\")\n",
		"stark.toml":   "[app]\ntitle = \"Sales dashboard\"\n",
	})
	p := openPage(t, appAt(dir), "/")
	p.waitShows("markdown", "home")
	top := `document.querySelector('[data-testid="stark-app"]').textContent`
	p.wait("the top bar to show the app's title", top+` === 'Sales dashboard'`)
	p.clickNav("Other")
	p.waitShows("markdown", "other")
	p.wait("the top bar to show the page's title", top+` === 'Other page'`)
	p.clickNav("Home")
	p.waitShows("markdown", "home")
	p.wait("the top bar to show the app's title again", top+` === 'Sales dashboard'`)
}
