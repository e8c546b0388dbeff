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
