package host_test

import (
	"testing"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// TestUnpackArgs checks that an argument of the wrong value is named the
// same way by position and by keyword, and that the other mistakes are
// starlark's own.
func TestUnpackArgs(t *testing.T) {
	s, i := starlark.String("x"), starlark.MakeInt(1)
	kw := func(k string, v starlark.Value) starlark.Tuple { return starlark.Tuple{starlark.String(k), v} }
	for _, tt := range []struct {
		name   string
		args   starlark.Tuple
		kwargs []starlark.Tuple
		want   string
	}{
		{"ok", starlark.Tuple{s, i}, nil, ""},
		{"positional", starlark.Tuple{i}, nil, "f: for parameter label: got int, want string"},
		{"keyword", nil, []starlark.Tuple{kw("label", i)}, "f: for parameter label: got int, want string"},
		{"optional keyword", starlark.Tuple{s}, []starlark.Tuple{kw("n", s)}, "f: for parameter n: got string, want int"},
		{"none skipped", starlark.Tuple{s, i, starlark.None}, nil, ""},
		{"none of a typed", starlark.Tuple{s, starlark.None}, nil, "f: for parameter n: got NoneType, want int"},
		{"first mistake wins", starlark.Tuple{s, s}, []starlark.Tuple{kw("max", s)}, "f: for parameter n: got string, want int"},
		{"too many", starlark.Tuple{s, i, i, i}, nil, "f: got 4 arguments, want at most 3"},
		{"twice", starlark.Tuple{s}, []starlark.Tuple{kw("label", i)}, `f: got multiple values for keyword argument "label"`},
		{"twice before a bad value", starlark.Tuple{s}, []starlark.Tuple{kw("label", s), kw("n", s)}, `f: got multiple values for keyword argument "label"`},
		{"missing", nil, nil, "f: missing argument for label"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var label string
			var n, max int
			err := host.UnpackArgs("f", tt.args, tt.kwargs, "label", &label, "n?", &n, "max??", &max)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("error %q, want %q", got, tt.want)
			}
		})
	}
}
