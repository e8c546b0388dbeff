package host

import (
	"testing"

	"go.starlark.net/starlark"
)

// BenchmarkToJSONCells converts the 50 cells of the reference page's table
// (ints, most above the 256 that box without allocating) one by one, as
// st.table does.
func BenchmarkToJSONCells(b *testing.B) {
	var cells []starlark.Value
	for r := range 10 {
		for c := range 5 {
			cells = append(cells, starlark.MakeInt((r+1)*(c+1)*500))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range cells {
			if ToJSON(v) == nil {
				b.Fatal("nil")
			}
		}
	}
}
