package host

import (
	"fmt"
	"testing"
)

// TestElementPathsAcrossChunks appends elements to main and to a container
// element until the paths span many of the tree's chunks of path bytes
// (Tree.childPath), then checks every path, read only at the end: a path
// taken from an earlier chunk must not have changed since.
func TestElementPathsAcrossChunks(t *testing.T) {
	tree := newTree(10000, nil, 0)
	main := tree.Root("main")
	type want struct {
		el   *Element
		path string
	}
	var all []want
	var box *Container
	for i := range 300 {
		el := &Element{Kind: "text"}
		isBox := i == 3
		sub, err := tree.Append(main, el, isBox, false)
		if err != nil {
			t.Fatal(err)
		}
		if isBox {
			box = sub
		}
		all = append(all, want{el, fmt.Sprintf("main.%d", i)})
		if box != nil && i%2 == 0 {
			el := &Element{Kind: "text"}
			if _, err := tree.Append(box, el, false, false); err != nil {
				t.Fatal(err)
			}
			all = append(all, want{el, fmt.Sprintf("main.3.%d", i/2-2)})
		}
	}
	side := &Element{Kind: "text"}
	if _, err := tree.Append(tree.Root("sidebar"), side, false, false); err != nil {
		t.Fatal(err)
	}
	all = append(all, want{side, "sidebar.0"})
	for _, w := range all {
		if w.el.Path != w.path {
			t.Errorf("path %q, want %q", w.el.Path, w.path)
		}
	}
}
