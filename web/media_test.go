package web_test

import (
	"net/http"
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
