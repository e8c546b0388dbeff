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

// TestHandleChunkSizes checks the sizes of a run's chunks of handles: the
// first as many as the page's last run took, between 16 and 256; then
// doubling up to 256; the run's size is what it took.
func TestHandleChunkSizes(t *testing.T) {
	for _, tt := range []struct{ hint, take, chunks, size int }{
		{0, 10, 1, 16},
		{0, 53, 3, 16},
		{53, 53, 1, 53},
		{54, 53, 1, 54},
		{53, 54, 2, 53},
		{5000, 600, 3, 256},
	} {
		hs := newHandles(tt.hint).(*handles)
		chunks := 0
		seen := map[*handle]bool{}
		for range tt.take {
			if len(hs.chunk) == 0 {
				chunks++
				if chunks == 1 && hs.next != tt.size {
					t.Errorf("hint %d: first chunk of %d, want %d", tt.hint, hs.next, tt.size)
				}
			}
			h := hs.take()
			if seen[h] || h.n != 0 || h.used {
				t.Fatalf("hint %d: handle taken twice or not zero", tt.hint)
			}
			seen[h] = true
		}
		if chunks != tt.chunks || hs.LocalSize() != tt.take {
			t.Errorf("hint %d, %d handles: %d chunks and size %d, want %d and %d", tt.hint, tt.take, chunks, hs.LocalSize(), tt.chunks, tt.take)
		}
	}
}
