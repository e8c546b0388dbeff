package main

// Streamlit's markdown in a real browser: colours, backgrounds, badges,
// emoji shortcodes, Material Symbols icons (the font from stark's own static
// assets) and LaTeX (KaTeX, its stylesheet and fonts loaded only on a page
// with math); and unsafe_allow_html, whose HTML shows but never runs.

import (
	"fmt"
	"strings"
	"testing"
)

var markdownPages = map[string]string{
	"1_Markdown.star": `st.markdown(":red[Red text] :blue-background[Blue background] :green-badge[Green badge] :small[Small text]")
st.markdown("Party :tada: at :material/home:")
st.markdown("Euler: $e^{i\\pi} + 1 = 0$")
st.markdown("$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$")
st.checkbox(":violet[Violet] label :material/star:")
st.markdown('<b id="raw-html">raw HTML</b><script>window.__ran.push("script")</script><img id="bad-img" src="x" onerror="__ran.push(\'onerror\')"><a id="js-link" href="javascript:__ran.push(\'href\')">link</a><svg><a id="svg-link" xlink:href="javascript:__ran.push(\'svg\')"><text>s</text></a></svg>', unsafe_allow_html=True)
st.caption("<i id='caption-html'>caption HTML</i>", unsafe_allow_html=True)
st.write("<u id='write-html'>write HTML</u>", unsafe_allow_html=True)
st.markdown("<b id='not-html'>shown as text</b>")
st.text("end")
`,
	"2_Plain.star": `st.markdown("No math here, only :blue[colour].")
st.text("plain end")
`,
}

// markdownJS records script that ran (__ran) and CSP violations (__csp).
const markdownJS = `
window.__ran = [];
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => { __csp.push(e.violatedDirective + ' ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber); }, true);
`

func markdownServer(t *testing.T) *starkServer {
	t.Helper()
	return sharedAppServer(t, "markdown", markdownPages)
}

func TestBrowserMarkdown(t *testing.T) {
	p := openPage(t, markdownServer, "/", markdownJS)
	p.waitShows("text", "end")

	// Colours, background and badge: computed styles, not class names.
	style := func(text, prop string) string {
		return eval[string](p, fmt.Sprintf(`(() => {
		  const s = [...document.querySelectorAll('[data-testid="stark-markdown"] span')].find((e) => e.textContent === %s);
		  return s ? getComputedStyle(s)[%s] : 'missing';
		})()`, js(text), js(prop)))
	}
	var r, g, b int
	if _, err := fmt.Sscanf(style("Red text", "color"), "rgb(%d, %d, %d)", &r, &g, &b); err != nil || r < 150 || g > 100 || b > 100 {
		p.fatalf(":red[...] has colour %q, want a red", style("Red text", "color"))
	}
	// Coloured text is only coloured: no box (class names must not meet
	// other elements' styles).
	if bg, bd := style("Red text", "backgroundColor"), style("Red text", "borderTopWidth"); bg != "rgba(0, 0, 0, 0)" || bd != "0px" {
		p.fatalf(":red[...] has background %q and border %q, want none", bg, bd)
	}
	for _, s := range []string{"Blue background", "Green badge"} {
		if bg := style(s, "backgroundColor"); bg == "rgba(0, 0, 0, 0)" || bg == "missing" {
			p.fatalf("%q has background %q, want a colour", s, bg)
		}
	}
	if d := style("Green badge", "display"); d != "inline-block" {
		p.fatalf("the badge's display is %q, want inline-block", d)
	}
	if small, body := style("Small text", "fontSize"), eval[string](p, `getComputedStyle(document.querySelector('[data-testid="stark-markdown"] p')).fontSize`); small >= body {
		p.fatalf(":small[...] is %s, the paragraph %s", small, body)
	}

	// The emoji shortcode is the emoji.
	p.waitShows("markdown", "Party 🎉 at")

	// The icon is the font's ligature: the font comes from stark's static
	// assets and is loaded, and the glyph is one icon wide, not the word.
	p.wait("the Material Symbols font to load", `[...document.fonts].some((f) => f.family.includes('Material Symbols Rounded') && f.status === 'loaded')`)
	fontURL := eval[string](p, `(performance.getEntriesByType('resource').find((e) => e.name.includes('material-symbols-rounded.woff2')) || {}).name || ''`)
	if want := p.srv.url + "/_stark/static/fonts/material-symbols-rounded.woff2"; fontURL != want {
		p.fatalf("the icon font was loaded from %q, want %q", fontURL, want)
	}
	icon := eval[struct {
		Text   string  `json:"text"`
		Family string  `json:"family"`
		Width  float64 `json:"width"`
		Size   float64 `json:"size"`
	}](p, `(() => {
	  const i = document.querySelector('[data-testid="stark-markdown"] .stark-icon');
	  const s = getComputedStyle(i);
	  return { text: i.textContent, family: s.fontFamily, width: i.getBoundingClientRect().width, size: parseFloat(s.fontSize) };
	})()`)
	if icon.Text != "home" || icon.Family != `"Material Symbols Rounded"` || icon.Width > 1.2*icon.Size {
		p.fatalf("the icon: %+v, want the ligature of home in Material Symbols Rounded, one glyph wide", icon)
	}
	// In a widget's label too.
	p.wait("the checkbox label's colour and icon", `(() => {
	  const l = document.querySelector('[data-testid="stark-checkbox"]');
	  return !!l && !!l.querySelector('.stark-md-color-violet') && l.querySelector('.stark-icon')?.textContent === 'star';
	})()`)

	// LaTeX: typeset by KaTeX, with its stylesheet and fonts from the server.
	p.wait("inline and display math to be typeset", `document.querySelectorAll('.stark-math .katex').length === 2 && !!document.querySelector('.stark-math-display .katex-display')`)
	p.wait("KaTeX's fonts to load", `[...document.fonts].some((f) => f.family.replace(/"/g, '') === 'KaTeX_Main' && f.status === 'loaded')`)
	if n := eval[int](p, `performance.getEntriesByType('resource').filter((e) => e.name.startsWith(location.origin + '/_stark/static/katex/')).length`); n < 2 {
		p.fatalf("KaTeX's stylesheet and fonts: %d requests to /_stark/static/katex/, want the stylesheet and a font at least", n)
	}

	// unsafe_allow_html: the HTML shows; no script ran, no handler or
	// javascript: URL is left; without it the HTML is text.
	p.wait("the allowed HTML", `!!document.querySelector('[data-testid="stark-markdown"] b#raw-html') && !!document.querySelector('[data-testid="stark-caption"] i#caption-html') && !!document.querySelector('[data-testid="stark-markdown"] u#write-html')`)
	left := eval[[]string](p, `(() => {
	  const out = [];
	  for (const e of document.querySelectorAll('[data-testid="stark-main"] *')) {
	    if (e.localName === 'script') out.push('<script>');
	    for (const a of e.attributes) {
	      if (a.name.startsWith('on')) out.push(e.localName + ' ' + a.name);
	      if (/^\s*javascript:/i.test(a.value)) out.push(e.localName + ' ' + a.name + '=' + a.value);
	    }
	  }
	  return out;
	})()`)
	if len(left) > 0 {
		p.fatalf("unsafe_allow_html left %q", left)
	}
	if !eval[bool](p, `!!document.querySelector('img#bad-img') && !!document.querySelector('a#js-link')`) {
		p.fatalf("the allowed HTML lost its harmless elements")
	}
	// Clicked: their javascript: URLs are gone, so nothing runs.
	eval[bool](p, `(() => {
	  document.querySelector('a#js-link').click();
	  const s = document.querySelector('#svg-link');
	  if (s) s.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
	  return true;
	})()`)
	if ran := eval[[]string](p, `__ran`); len(ran) > 0 {
		p.fatalf("script in unsafe_allow_html ran: %q", ran)
	}
	// Chromium reports script-src-attr when it parses a handler attribute,
	// even in the inert document DOMPurify parses into; any other violation
	// is markup that tried to act.
	for _, v := range eval[[]string](p, `__csp`) {
		if !strings.HasPrefix(v, "script-src-attr inline") {
			p.fatalf("CSP violation: %s", v)
		}
	}
	if eval[bool](p, `!!document.querySelector('#not-html')`) {
		p.fatalf("markdown without unsafe_allow_html made HTML")
	}
	p.waitShows("markdown", "<b id='not-html'>shown as text</b>")

	// A page without math loads neither KaTeX's chunk styles nor its fonts.
	q := openPage(t, markdownServer, "/Plain", markdownJS)
	q.waitShows("text", "plain end")
	if n := eval[int](q, `performance.getEntriesByType('resource').filter((e) => e.name.includes('/katex/')).length + document.querySelectorAll('link[href*="katex"]').length`); n != 0 {
		q.fatalf("a page without math loaded KaTeX (%d stylesheets or requests)", n)
	}
}
