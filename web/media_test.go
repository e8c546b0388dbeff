package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stark-dev/stark/web"
)

// TestDownloadIsNeverCode: data of a download_button that a browser could
// run as code of the app's origin is served as bytes, and a download
// fetched as a script, style sheet or frame is refused.
func TestDownloadIsNeverCode(t *testing.T) {
	page := `
st.download_button("js", "window.__pwned = 1", file_name="x.js", mime="text/javascript", key="js")
st.download_button("css", "body{}", file_name="x.css", mime="text/css; charset=utf-8", key="css")
st.download_button("csv", "a,b", file_name="x.csv", mime="text/csv", key="csv")
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	c := dial(t, ts, "", "")
	untilRunEnd(t, c)
	urls := map[string]string{}
	for _, e := range c.Snapshot() {
		if e["kind"] == "download_button" {
			if hash, _ := e["media"].(string); hash != "" {
				urls[e["label"].(string)] = "/_stark/media/" + hash
			}
		}
	}
	for _, tt := range []struct {
		label, dest string
		code        int
		ctype       string
	}{
		{"js", "", 200, "application/octet-stream"},
		{"js", "document", 200, "application/octet-stream"},
		{"js", "script", 403, ""},
		{"css", "", 200, "application/octet-stream"},
		{"css", "style", 403, ""},
		{"csv", "", 200, "text/csv"},
		{"csv", "iframe", 403, ""},
	} {
		req, _ := http.NewRequest("GET", ts.URL+urls[tt.label], nil)
		if tt.dest != "" {
			req.Header.Set("Sec-Fetch-Dest", tt.dest)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.code || (tt.code == 200 && resp.Header.Get("Content-Type") != tt.ctype) {
			t.Errorf("%s as %q: %d %q, want %d %q", tt.label, tt.dest, resp.StatusCode, resp.Header.Get("Content-Type"), tt.code, tt.ctype)
		}
	}
}

// mediaURLs runs page and returns the media URL of each element that shows
// a file of the media store, by kind, in order.
func mediaURLs(t *testing.T, ts *httptest.Server) map[string][]string {
	t.Helper()
	c := dial(t, ts, "", "")
	for _, m := range untilRunEnd(t, c) {
		if m.RunEnd != nil && m.RunEnd.Status != "completed" {
			t.Fatalf("run: %s", m.Raw)
		}
	}
	urls := map[string][]string{}
	for _, e := range c.Snapshot() {
		kind := e["kind"].(string)
		var srcs []any
		switch kind {
		case "image":
			srcs = e["images"].([]any)
		case "audio", "video":
			srcs = []any{e["src"]}
		case "pdf":
			srcs = []any{map[string]any{"media": e["media"]}}
		}
		for _, s := range srcs {
			if hash, _ := s.(map[string]any)["media"].(string); hash != "" {
				urls[kind] = append(urls[kind], ts.URL+"/_stark/media/"+hash)
			}
		}
	}
	return urls
}

func getMedia(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestMediaRange: a video of the media store is served inline with its
// type, and a Range request gets 206 with Content-Range and the bytes
// asked for (what lets a browser seek); a request with the ETag gets 304.
func TestMediaRange(t *testing.T) {
	video := strings.Repeat("0123456789", 100)
	ts := serve(t, map[string]string{
		"p.star":    `st.video("clip.webm")`,
		"clip.webm": video,
	}, web.Options{})
	u := mediaURLs(t, ts)["video"]
	if len(u) != 1 {
		t.Fatalf("video URLs = %v, want one", u)
	}
	resp, body := getMedia(t, u[0], "Range", "bytes=100-109")
	if resp.StatusCode != http.StatusPartialContent || body != video[100:110] {
		t.Fatalf("Range bytes=100-109: %d %q, want 206 %q", resp.StatusCode, body, video[100:110])
	}
	if got, want := resp.Header.Get("Content-Range"), "bytes 100-109/1000"; got != want {
		t.Errorf("Content-Range = %q, want %q", got, want)
	}
	for k, want := range map[string]string{"Content-Type": "video/webm", "X-Content-Type-Options": "nosniff", "Accept-Ranges": "bytes"} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	resp, body = getMedia(t, u[0], "Range", "bytes=990-")
	if resp.StatusCode != http.StatusPartialContent || body != video[990:] || resp.Header.Get("Content-Range") != "bytes 990-999/1000" {
		t.Errorf("Range bytes=990-: %d %q %q", resp.StatusCode, body, resp.Header.Get("Content-Range"))
	}
	resp, _ = getMedia(t, u[0], "Range", "bytes=5000-")
	if resp.StatusCode != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("Range past the end: %d, want 416", resp.StatusCode)
	}
	resp, body = getMedia(t, u[0])
	if resp.StatusCode != 200 || body != video {
		t.Errorf("whole file: %d, %d bytes", resp.StatusCode, len(body))
	}
	resp, _ = getMedia(t, u[0], "If-None-Match", resp.Header.Get("ETag"))
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
	}
}

// TestMediaInlineIsNeverCode: files the page shows are served with the
// type starlib checked, never sniffed, with a policy that keeps an SVG's
// scripts dead; none may be loaded as a script or style sheet, and only a
// PDF may be framed.
func TestMediaInlineIsNeverCode(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`
	ts := serve(t, map[string]string{
		"p.star": `
st.image(["a.svg", "b.png"])
st.pdf("d.pdf")
`,
		"a.svg": svg,
		"b.png": "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 40),
		"d.pdf": "%PDF-1.4\n%%EOF\n",
	}, web.Options{})
	urls := mediaURLs(t, ts)
	if len(urls["image"]) != 2 || len(urls["pdf"]) != 1 {
		t.Fatalf("media URLs = %v", urls)
	}
	for _, tt := range []struct {
		url, dest string
		code      int
		ctype     string
		csp       string // a part of the policy
	}{
		{urls["image"][0], "image", 200, "image/svg+xml", "sandbox"},
		{urls["image"][0], "document", 200, "image/svg+xml", "default-src 'none'"},
		{urls["image"][0], "script", 403, "", ""},
		{urls["image"][0], "iframe", 403, "", ""},
		{urls["image"][1], "image", 200, "image/png", "sandbox"},
		{urls["image"][1], "style", 403, "", ""},
		{urls["pdf"][0], "iframe", 200, "application/pdf", "frame-ancestors 'self'"},
		{urls["pdf"][0], "script", 403, "", ""},
	} {
		resp, _ := getMedia(t, tt.url, "Sec-Fetch-Dest", tt.dest)
		if resp.StatusCode != tt.code {
			t.Errorf("%s as %s: %d, want %d", tt.ctype, tt.dest, resp.StatusCode, tt.code)
			continue
		}
		if tt.code != 200 {
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != tt.ctype {
			t.Errorf("%s as %s: Content-Type %q", tt.ctype, tt.dest, got)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), tt.csp) {
			t.Errorf("%s as %s: nosniff %q, CSP %q, want %q in it", tt.ctype, tt.dest, resp.Header.Get("X-Content-Type-Options"), resp.Header.Get("Content-Security-Policy"), tt.csp)
		}
	}
}

// TestComponentHTML: the HTML of st.components.v1.html is served at its own
// URL as text/html under a policy that sandboxes it with scripts and
// without the app's origin, connects nowhere and is framed by the app's
// pages only; it is never loaded as a script, and the media URL of the
// same hash serves it as inert bytes.
func TestComponentHTML(t *testing.T) {
	doc := `<p id="x">hi</p><script>document.getElementById("x").textContent = "ran"</script>`
	ts := serve(t, map[string]string{"p.star": "st.components.v1.html(" + strconv.Quote(doc) + ", height=120)"}, web.Options{})
	c := dial(t, ts, "", "")
	untilRunEnd(t, c)
	var hash string
	for _, e := range c.Snapshot() {
		if e["kind"] == "iframe" {
			hash, _ = e["html"].(string)
		}
	}
	if hash == "" {
		t.Fatalf("no iframe element with html: %v", c.Snapshot())
	}
	resp, body := getMedia(t, ts.URL+"/_stark/component/"+hash, "Sec-Fetch-Dest", "iframe")
	csp := resp.Header.Get("Content-Security-Policy")
	if resp.StatusCode != 200 || body != doc || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("component: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	for _, part := range []string{"sandbox allow-scripts;", "connect-src 'none'", "frame-ancestors 'self'", "form-action 'none'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("CSP %q lacks %q", csp, part)
		}
	}
	if strings.Contains(csp, "allow-same-origin") || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("CSP %q, nosniff %q", csp, resp.Header.Get("X-Content-Type-Options"))
	}
	if resp, _ := getMedia(t, ts.URL+"/_stark/component/"+hash, "Sec-Fetch-Dest", "script"); resp.StatusCode != 403 {
		t.Errorf("as a script: %d, want 403", resp.StatusCode)
	}
	if resp, _ := getMedia(t, ts.URL+"/_stark/media/"+hash); resp.Header.Get("Content-Type") != "application/octet-stream" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("as media: %q %q", resp.Header.Get("Content-Type"), resp.Header.Get("Content-Security-Policy"))
	}
	// Only HTML put by a component is served here: an image's hash is not.
	ts2 := serve(t, map[string]string{"p.star": `st.image("a.png")`, "a.png": "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 40)}, web.Options{})
	for _, u := range mediaURLs(t, ts2)["image"] {
		h := u[strings.LastIndexByte(u, '/')+1:]
		if resp, _ := getMedia(t, ts2.URL+"/_stark/component/"+h); resp.StatusCode != 404 {
			t.Errorf("an image as a component: %d, want 404", resp.StatusCode)
		}
	}
}
