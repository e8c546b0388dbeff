package session

import (
	"strings"
	"testing"
)

// What a hello says of the browser is bounded and checked.
func TestDecodeHelloVisitor(t *testing.T) {
	for _, c := range []struct{ frame, want string }{
		{`{"v":1,"type":"hello","locale":"de-DE","timezone":"Europe/Berlin","timezone_offset":-60,"theme":"light","url":"http://x/"}`, ""},
		{`{"v":1,"type":"hello","theme":"purple"}`, `hello: theme "purple": want "light" or "dark"`},
		{`{"v":1,"type":"hello","locale":"` + strings.Repeat("a", 65) + `"}`, "hello: locale longer than 64 bytes"},
		{`{"v":1,"type":"hello","timezone":"` + strings.Repeat("a", 65) + `"}`, "hello: timezone longer than 64 bytes"},
		{`{"v":1,"type":"hello","url":"` + strings.Repeat("a", 4097) + `"}`, "hello: url longer than 4096 bytes"},
		{`{"v":1,"type":"hello","timezone_offset":99999}`, "hello: timezone_offset 99999: want minutes within a day"},
	} {
		_, err := Decode([]byte(c.frame))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%.60s: %v", c.frame, err)
		case c.want != "" && (err == nil || err.Error() != c.want):
			t.Errorf("%.60s: error %v, want %q", c.frame, err, c.want)
		}
	}
}
