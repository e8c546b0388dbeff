package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// componentProbe is a component's HTML that reports to its parent what its
// script could reach: the parent's document, cookies, storage, the app's
// server by fetch and by WebSocket.
const componentProbe = `<p id="x">before</p>
<script>
document.getElementById("x").textContent = "ran";
const r = {from: "html"};
try { r.parent = String(parent.document.title); } catch (e) { r.parent = "blocked"; }
try { r.cookie = String(document.cookie); } catch (e) { r.cookie = "blocked"; }
try { localStorage.setItem("k", "v"); r.storage = "open"; } catch (e) { r.storage = "blocked"; }
r.origin = String(self.origin);
const ws = new Promise((done) => {
  try {
    const s = new WebSocket("ws://" + location.host + "/_stark/ws");
    s.onopen = () => done("open");
    s.onerror = () => done("blocked");
  } catch (e) { done("blocked"); }
});
Promise.all([fetch("/healthz").then(() => "open", () => "blocked"), ws]).then(([f, w]) => { r.fetch = f; r.ws = w; parent.postMessage(r, "*"); });
</script>`

// messagesJS collects, in the top document, the messages its frames post.
const messagesJS = `
window.__msgs = [];
if (window === window.top) addEventListener("message", (e) => __msgs.push(JSON.stringify(e.data)));
`

// TestBrowserComponents: st.components.v1.html runs its script in a frame
// sandboxed into an opaque origin: it draws, and can reach neither the
// page, nor cookies or storage, nor the app's server; st.components.v1.iframe
// frames an http URL (the shell's frame-src allows it), also sandboxed.
// The page itself sees no CSP violation.
func TestBrowserComponents(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<script>parent.postMessage({from: "site", origin: String(self.origin)}, "*")</script>`)
	}))
	t.Cleanup(site.Close)
	dir := newAppDir(t, map[string]string{"app.star": "st.components.v1.html(" + strconv.Quote(componentProbe) + ", height=100)\n" +
		"st.components.v1.iframe(" + strconv.Quote(site.URL+"/embed") + ", width=300, height=80)\n" +
		"st.text(\"end\")\n"})
	p := openPage(t, appAt(dir), "/", markdownJS, messagesJS)
	p.waitShows("text", "end")
	p.wait("both frames to report", `__msgs.length >= 2`)
	byFrom := map[string]map[string]string{}
	for _, m := range eval[[]string](p, `__msgs`) {
		var v map[string]string
		if err := json.Unmarshal([]byte(m), &v); err != nil {
			p.fatalf("message %q: %v", m, err)
		}
		byFrom[v["from"]] = v
	}
	h := byFrom["html"]
	want := map[string]string{"parent": "blocked", "cookie": "blocked", "storage": "blocked", "origin": "null", "ws": "blocked", "fetch": "blocked"}
	for k, v := range want {
		if h[k] != v {
			p.fatalf("the component's %s is %q, want %q (all: %v)", k, h[k], v, h)
		}
	}
	if s := byFrom["site"]; s == nil || s["origin"] != "null" {
		p.fatalf("the framed site reported %v, want an opaque origin", s)
	}
	frames := eval[[]string](p, `[...document.querySelectorAll('iframe.stark-iframe')].map((f) => f.getAttribute('sandbox') + ' ' + f.style.height)`)
	if len(frames) != 2 || frames[0] != "allow-scripts 100px" || frames[1] != "allow-scripts 80px" {
		p.fatalf("frames = %q, want two sandboxed allow-scripts, 100px and 80px high", frames)
	}
	if v := eval[[]string](p, `__csp`); len(v) > 0 {
		p.fatalf("CSP violations in the page: %q", v)
	}
}
