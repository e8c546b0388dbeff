package main

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const devicePage = `
photo = st.camera_input("Take a picture", key="cam")
if photo:
    st.text("photo %s %s %d %s" % (photo["name"], photo["type"], photo["size"], photo["data"][:3] == b"\xff\xd8\xff"))
voice = st.audio_input("Record", key="mic")
if voice:
    st.text("voice %s %s %s" % (voice["name"], voice["type"], voice["data"][:4] == b"RIFF" and voice["data"][8:12] == b"WAVE" and voice["size"] > 44))
`

// deviceBrowser opens the page in a browser of its own whose camera and
// microphone are Chromium's fake devices, allowed without asking.
func deviceBrowser(t *testing.T, srv *starkServer, path string) *browserPage {
	t.Helper()
	browser(t) // skip as the other browser tests do
	chromium, _ := chromiumPath()
	tmp, err := e2eTemp()
	if err != nil {
		t.Fatal(err)
	}
	profile, err := os.MkdirTemp(tmp, "chromium-media-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("use-fake-device-for-media-stream", true), chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("starting chromium with fake devices: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, browserTestTimeout)
	t.Cleanup(cancel)
	p := &browserPage{t: t, srv: srv, tab: tab, ctx: ctx}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: e2eJS}); err != nil {
		t.Fatal(err)
	}
	p.do("opening "+srv.url+path, chromedp.Navigate(srv.url+path))
	p.waitIdle()
	return p
}

// A photo from the fake camera and a recording from the fake microphone
// reach the page as a JPEG and a WAV file.
func TestBrowserDeviceInputs(t *testing.T) {
	dir := newAppDir(t, map[string]string{"home.star": devicePage})
	p := deviceBrowser(t, serverFor(t, dir), "/")
	w := `[data-testid="stark-camera_input"] `
	p.do("starting the camera", chromedp.Click(chromedp.CSS(w+`button`)))
	p.wait("the camera's picture", `(() => { const v = document.querySelector('.stark-camera-video'); return v && !v.hidden && v.videoWidth > 0; })()`)
	p.do("taking a photo", chromedp.Click(chromedp.CSS(w+`.stark-camera-take`)))
	p.waitShows("text", "photo photo.jpg image/jpeg")
	if !eval[bool](p, `__e2e.shows('text', ' True')`) {
		p.fatalf("the photo is not a JPEG")
	}

	a := `[data-testid="stark-audio_input"] `
	p.do("recording", chromedp.Click(chromedp.CSS(a+`.stark-audio-record`)))
	p.wait("some sound recorded", `!document.querySelector('.stark-audio-stop').hidden`)
	p.holds("recording", `!document.querySelector('.stark-audio-stop').hidden`, 500*time.Millisecond)
	p.do("stopping", chromedp.Click(chromedp.CSS(a+`.stark-audio-stop`)))
	p.waitShows("text", "voice recording.wav audio/wav True")
}
