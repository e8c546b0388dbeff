package main

// Browser tests of hot reload (docs/hot-reload.md): a page saved while the
// browser shows it. Each test serves an app of its own, in a directory of its
// own, since it edits the app's pages.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// savePage saves src as the page file name of the app in dir as editors do:
// a temporary file (not a .star file, so not watched) renamed over the page.
func savePage(t *testing.T, dir, name, src string) {
	t.Helper()
	path := filepath.Join(dir, name)
	tmp := path + ".saving"
	if err := os.WriteFile(tmp, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// updatedJS records whether the "Updated" mark was shown since it ran: it
// shows for a moment only.
const updatedJS = `(() => {
  const u = document.querySelector('[data-testid="stark-updated"]');
  window.__sawUpdated = !u.hidden;
  new MutationObserver(() => { if (!u.hidden) window.__sawUpdated = true; }).observe(u, { attributes: true });
})()`

func TestBrowserHotReloadKeepsWidgets(t *testing.T) {
	const v1 = `st.title("Reload")
st.markdown("Version one")
name = st.text_input("Name", key="name")
st.markdown("Hello, %s!" % name)
`
	const v2 = `st.title("Reload")
st.markdown("Version two")
name = st.text_input("Name", key="name")
st.markdown("Greetings, %s!" % name)
`
	dir := newAppDir(t, map[string]string{"1_Reload.star": v1})
	p := openPage(t, appAt(dir), "/")
	p.waitShows("markdown", "Version one")
	p.waitShows("markdown", "Hello, !")

	id := p.inputID("text_input", "Name")
	p.do("typing into the text input", chromedp.SendKeys(chromedp.ID(id), "Ada"))
	p.waitShows("markdown", "Hello, Ada!")
	p.waitIdle()
	// The same document and the same input node after the save: marked now.
	eval[chromedp.Void](p, `window.__e2eSameDocument = true; __e2e.inputOf('text_input', 'Name').__e2eMark = true`)
	eval[chromedp.Void](p, updatedJS)

	// The user is still in the input (it has the focus) when the editor saves.
	savePage(t, dir, "1_Reload.star", v2)
	p.waitShows("markdown", "Version two")
	p.waitShows("markdown", "Greetings, Ada!")
	p.wait("the Updated mark to show", `window.__sawUpdated === true`)
	p.waitIdle()
	if eval[bool](p, `__e2e.shows('markdown', 'Version one') || __e2e.shows('markdown', 'Hello, ')`) {
		p.fatalf("the old version's text is still shown after the save")
	}
	if v := eval[string](p, `__e2e.inputOf('text_input', 'Name').value`); v != "Ada" {
		p.fatalf("after the save the text input holds %q, want Ada", v)
	}
	if !eval[bool](p, `__e2e.inputOf('text_input', 'Name').__e2eMark === true`) {
		p.fatalf("the text input was re-created by the reload (what the user was typing in is gone)")
	}
	// Leaving the input keeps the value: the server has it too.
	eval[chromedp.Void](p, `document.activeElement && document.activeElement.blur()`)
	p.holds("the text input keeps Ada after it loses the focus", `__e2e.inputOf('text_input', 'Name').value === 'Ada'`, 300*time.Millisecond)
	if !eval[bool](p, `window.__e2eSameDocument === true`) {
		p.fatalf("the save loaded a new document")
	}
	if !eval[bool](p, `document.querySelector('[data-testid="stark-reload-error"]').hidden`) {
		p.fatalf("the reload-error banner shows after a good save")
	}
}

func TestBrowserHotReloadSyntaxError(t *testing.T) {
	const good = `st.title("Broken")
st.markdown("Good version")
st.text("still here")
`
	const bad = `st.title("Broken")
st.markdown("Good version")
st.markdown("oops" +)
st.text("still here")
`
	const fixed = `st.title("Broken")
st.markdown("Fixed version")
st.text("still here")
`
	dir := newAppDir(t, map[string]string{"1_Broken.star": good})
	p := openPage(t, appAt(dir), "/")
	p.waitShows("markdown", "Good version")
	p.waitIdle()
	eval[chromedp.Void](p, `window.__e2eSameDocument = true`)
	const banner = `document.querySelector('[data-testid="stark-reload-error"]')`

	// A good save shows "Updated" for a moment; a broken save right after
	// hides it with the banner: never both.
	savePage(t, dir, "1_Broken.star", good+"st.text(\"one more\")\n")
	p.wait("the Updated mark", `!document.querySelector('[data-testid="stark-updated"]').hidden`)
	savePage(t, dir, "1_Broken.star", bad)
	p.wait("the reload-error banner", `!`+banner+`.hidden`)
	if eval[bool](p, `!document.querySelector('[data-testid="stark-updated"]').hidden`) {
		p.fatalf("the Updated mark shows with the reload-error banner")
	}
	p.do("the banner to be visible", chromedp.WaitVisible(chromedp.CSS(`[data-testid="stark-reload-error"]`)))
	text := eval[string](p, banner+`.textContent`)
	for _, want := range []string{"1_Broken.star:3:", `st.markdown("oops" +)`} {
		if !strings.Contains(text, want) {
			p.fatalf("the reload-error banner says %q; it does not show %q", text, want)
		}
	}
	// The last good render stays below the banner.
	if !eval[bool](p, `__e2e.shows('markdown', 'Good version') && __e2e.shows('text', 'still here')`) {
		p.fatalf("the last good render is not shown under the reload-error banner")
	}
	if !eval[bool](p, `!!(`+banner+`.compareDocumentPosition(document.querySelector('[data-testid="stark-main-root"]')) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
		p.fatalf("the reload-error banner is not above the page")
	}

	savePage(t, dir, "1_Broken.star", fixed)
	p.wait("the reload-error banner to go", banner+`.hidden`)
	p.waitShows("markdown", "Fixed version")
	p.waitShows("text", "still here")
	p.waitIdle()
	if eval[bool](p, `__e2e.shows('markdown', 'Good version')`) {
		p.fatalf("the old text still shows after the fix")
	}
	if !eval[bool](p, `window.__e2eSameDocument === true`) {
		p.fatalf("the saves loaded a new document")
	}
}
