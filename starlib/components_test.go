package starlib_test

// Tests of st.components.v1.html and st.components.v1.iframe.

import (
	"fmt"
	"testing"

	"github.com/stark-dev/stark/host"
)

func TestComponents(t *testing.T) {
	t.Run("html", func(t *testing.T) {
		s := session(t, `st.components.v1.html("<b>hi</b><script>1</script>", height=200, scrolling=True)`, nil, host.Limits{})
		res := s.Run()
		mustComplete(t, res)
		p := props(only(t, res, "iframe"), "kind", "path")
		f, ok := s.App.Media.Lookup(p["html"].(string))
		if !ok || !f.Inline || f.Mime != "text/html" || string(f.Data) != "<b>hi</b><script>1</script>" {
			t.Errorf("stored %+v (ok=%v)", f, ok)
		}
		if fmt.Sprint(p["height"]) != "200" || p["width"] != nil || p["scrolling"] != true {
			t.Errorf("props = %v", p)
		}
	})
	t.Run("iframe", func(t *testing.T) {
		res := runPage(t, `st.components.v1.iframe("https://example.com/x?a=1", width=300, height=100)`)
		mustComplete(t, res)
		sameJSON(t, only(t, res, "iframe"), `{"kind":"iframe","path":"main.0","url":"https://example.com/x?a=1","width":300,"height":100,"scrolling":false}`)
	})
	for _, tc := range []struct{ src, want string }{
		{`st.components.v1.iframe("javascript:alert(1)")`, `st.components.v1.iframe: for parameter src: "javascript:alert(1)" is not an http or https URL`},
		{`st.components.v1.iframe("data:text/html,<script>1</script>")`, `is not an http or https URL`},
		{`st.components.v1.iframe("/page")`, `is not an http or https URL`},
		{`st.components.v1.html("x", height=0)`, `st.components.v1.html: for parameter height: got 0, want a number of pixels from 1 to 100000 or None`},
		{`st.components.v1.html(3)`, `st.components.v1.html: for parameter html: got int, want string`},
	} {
		t.Run(tc.src, func(t *testing.T) {
			mustFailWith(t, runPage(t, tc.src), tc.want)
		})
	}
	t.Run("media store bound", func(t *testing.T) {
		res := session(t, `st.components.v1.html("x" * 2000)`, nil, host.Limits{MediaBytes: 1024}).Run()
		mustFailWith(t, res, `st.components.v1.html: for parameter html: 2000 bytes is more than the media store of 1024 bytes`)
	})
}
