package host_test

import (
	"testing"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// sized is a value that reports its own size.
type sized struct{ starlark.Value }

func (sized) Size() int { return 12345 }

func TestSizeOf(t *testing.T) {
	list := starlark.NewList([]starlark.Value{starlark.String("abcd"), starlark.MakeInt(1)})
	cyclic := starlark.NewList(nil)
	cyclic.Append(cyclic)
	dict := starlark.NewDict(1)
	dict.SetKey(starlark.String("k"), list)
	tests := []struct {
		name string
		v    starlark.Value
		want int64
	}{
		{"none", starlark.None, 0},
		{"int", starlark.MakeInt(7), 8},
		{"string", starlark.String("hello"), 24 + 5},
		{"bytes", starlark.Bytes("hi"), 24 + 2},
		{"list", list, 24 + 2*16 + (24 + 4) + 8},
		{"tuple", starlark.Tuple{starlark.String("abcd")}, 24 + 16 + 28},
		{"dict", dict, 24 + 64 + 25 + (24 + 2*16 + 28 + 8)},
		{"shared twice, counted once", starlark.Tuple{list, list}, 24 + 2*16 + (24 + 2*16 + 28 + 8)},
		{"cycle", cyclic, 24 + 16},
		{"sizer", sized{starlark.None}, 12345},
		{"unknown", starlark.NewBuiltin("f", nil), 64},
	}
	for _, tt := range tests {
		if got := host.SizeOf(tt.v); got != tt.want {
			t.Errorf("%s: SizeOf = %d, want %d", tt.name, got, tt.want)
		}
	}
}
