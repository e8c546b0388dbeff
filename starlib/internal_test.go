package starlib

import (
	"testing"

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
