package main

// Media and the small elements in a real browser: an image from the app's
// media store shown, a video (a 4-second WebM made by ffmpeg: see
// testdata/media/README) that seeks to 2 s through Range requests, LaTeX
// typeset by KaTeX, st.html's HTML shown with its scripts and handlers
// gone, and no Content-Security-Policy violation on the way.

import (
	"os"
	"strings"
	"testing"
)

func mediaPages(t *testing.T) map[string]string {
	t.Helper()
	pages := map[string]string{
		"media.star": `st.image("dot.png", caption="a dot", width=40)
st.video("clip.webm", subtitles={"English": "1\n00:00:00,000 --> 00:00:03,000\nHello"})
st.latex(r"\int_0^1 x\,dx = \frac{1}{2}")
st.badge("New", icon=":material/star:", color="green")
st.html('<b id="html-ok">bold</b><script>window.__ran.push("script")</script><img id="html-img" src="x" onerror="__ran.push(\'onerror\')">')
st.balloons()
st.text("end")
`,
	}
	for _, f := range []string{"dot.png", "clip.webm"} {
		b, err := os.ReadFile("testdata/media/" + f)
		if err != nil {
			t.Fatal(err)
		}
		pages[f] = string(b)
	}
	return pages
}

func TestBrowserMedia(t *testing.T) {
	pages := mediaPages(t)
	p := openPage(t, func(t *testing.T) *starkServer { return sharedAppServer(t, "media", pages) }, "/", markdownJS)
	p.waitShows("text", "end")

	p.wait("the image to load", `(() => { const i = document.querySelector('[data-testid="stark-image"] img'); return !!i && i.complete && i.naturalWidth === 2 && i.getBoundingClientRect().width === 40; })()`)
	if got := eval[string](p, `document.querySelector('[data-testid="stark-image"] figcaption').textContent`); got != "a dot" {
		p.fatalf("the caption is %q", got)
	}

	p.wait("the video's metadata", `(() => { const v = document.querySelector('[data-testid="stark-video"] video'); return !!v && v.readyState >= 1 && Math.round(v.duration) === 4; })()`)
	eval[bool](p, `(() => { const v = document.querySelector('[data-testid="stark-video"] video'); window.__seeked = false; v.addEventListener('seeked', () => { window.__seeked = true; }, { once: true }); v.currentTime = 2; return true; })()`)
	p.wait("the video to seek to 2 s", `(() => { const v = document.querySelector('[data-testid="stark-video"] video'); return window.__seeked && Math.abs(v.currentTime - 2) < 0.01 && v.readyState >= 2; })()`)
	if n := eval[int](p, `document.querySelector('[data-testid="stark-video"] video').textTracks.length`); n != 1 {
		p.fatalf("the video has %d text tracks, want the subtitles", n)
	}

	p.wait("the formula to be typeset", `!!document.querySelector('[data-testid="stark-latex"] .katex-display .katex-html')`)
	p.wait("the badge", `(() => { const b = document.querySelector('[data-testid="stark-badge"] .stark-badge'); return !!b && b.textContent.includes('New') && getComputedStyle(b).backgroundColor !== 'rgba(0, 0, 0, 0)'; })()`)

	p.wait("st.html's HTML", `!!document.querySelector('[data-testid="stark-html"] b#html-ok')`)
	left := eval[[]string](p, `(() => {
	  const out = [];
	  for (const e of document.querySelectorAll('[data-testid="stark-html"] *')) {
	    if (e.localName === 'script') out.push('<script>');
	    for (const a of e.attributes) if (a.name.startsWith('on')) out.push(e.localName + ' ' + a.name);
	  }
	  return out.concat(window.__ran);
	})()`)
	if len(left) > 0 {
		p.fatalf("st.html left or ran %q", left)
	}
	// Chromium reports script-src-attr when DOMPurify parses a handler
	// attribute in its inert document (as in TestBrowserMarkdown); any other
	// violation is a medium or markup the policy refused.
	for _, v := range eval[[]string](p, `window.__csp`) {
		if !strings.HasPrefix(v, "script-src-attr inline") {
			p.fatalf("Content-Security-Policy violation: %s", v)
		}
	}
}

// TestBrowserGalleryMedia: the demo's Gallery shows its media: the SVG
// images load, the video's metadata arrives, the PDF's frame is not
// refused by a policy.
func TestBrowserGalleryMedia(t *testing.T) {
	p := openPage(t, demoServer, "/Gallery", markdownJS)
	// The images load lazily: in view. The third is the pixel array
	// (32 × 16 rows of [r, g, b]), encoded to a PNG by the server.
	p.wait("the Gallery's images to load", `(() => { const i = [...document.querySelectorAll('[data-testid="stark-image"] img')]; if (i.length) i[0].scrollIntoView(); return i.length === 3 && i.every((x) => x.complete && x.naturalWidth > 0) && i[2].naturalWidth === 32 && i[2].naturalHeight === 16; })()`)
	p.wait("the logo to load", `(() => { const i = document.querySelector('[data-testid="stark-logo"] img'); return !!i && i.complete && i.naturalWidth > 0; })()`)
	p.wait("the video's metadata", `(() => { const v = document.querySelector('[data-testid="stark-video"] video'); return !!v && v.readyState >= 1; })()`)
	p.wait("the PDF's frame", `!!document.querySelector('[data-testid="stark-pdf"] iframe[src*="/_stark/media/"]')`)
	p.wait("the formula", `!!document.querySelector('[data-testid="stark-latex"] .katex-display')`)
	for _, v := range eval[[]string](p, `window.__csp`) {
		if !strings.HasPrefix(v, "script-src-attr inline") {
			p.fatalf("Content-Security-Policy violation: %s", v)
		}
	}
}
