package starlib

import (
	"testing"
	"unsafe"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// TestSpinnerText checks the text of the spinner a cached function shows
// while a miss computes: Streamlit's, naming the function, or the one given.
func TestSpinnerText(t *testing.T) {
	fn := starlark.NewBuiltin("rows", nil)
	for _, tt := range []struct {
		v    starlark.Value
		want string
	}{
		{starlark.True, "Running rows(...)."},
		{starlark.False, ""},
		{starlark.String("Loading rows"), "Loading rows"},
	} {
		got, err := spinnerText("cache_data", fn, tt.v)
		if err != nil || got != tt.want {
			t.Errorf("spinnerText(%s) = %q, %v; want %q", tt.v, got, err, tt.want)
		}
	}
}

// TestInlineCode checks how st.write shows a value's string form: inline
// code fenced past its backticks, a block when it has several lines.
func TestInlineCode(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"42", "`42`"},
		{"a`b", "``a`b``"},
		{"`x", "`` `x ``"},
		{"a\nb", "```\na\nb\n```"},
		{"a\n````", "`````\na\n````\n`````"},
	} {
		if got := inlineCode(tt.in); got != tt.want {
			t.Errorf("inlineCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestHandleSize: an element written by a builtin costs one allocation of
// its handle with the element inside (call.newElement), sized to a class of
// Go's allocator with no slack (160 bytes on 64-bit machines): a field added
// to host.Element or the handle shows here, as bytes every element of every
// run pays.
func TestHandleSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit machines")
	}
	if got := unsafe.Sizeof(handle{}); got != 160 {
		t.Errorf("handle is %d bytes, want 160 (host.Element %d)", got, unsafe.Sizeof(host.Element{}))
	}
}
