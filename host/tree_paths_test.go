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
	tree := newTree(10000, nil)
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

// TestRecordedElementsAreCopies checks that Tree.Since records copies of
// the elements, containers' children included: a cached function's
// elements must not keep alive the storage a run's builtins allocate its
// elements in (starlib's chunks of handles).
func TestRecordedElementsAreCopies(t *testing.T) {
	tree := newTree(100, nil)
	main := tree.Root("main")
	a := &Element{Kind: "text", Text: "a", TextBody: true}
	if _, err := tree.Append(main, a, false, false); err != nil {
		t.Fatal(err)
	}
	start := tree.Mark(main)
	b := &Element{Kind: "text", Text: "b", TextBody: true}
	box := &Element{Kind: "container"}
	c := &Element{Kind: "text", Text: "c", TextBody: true}
	if _, err := tree.Append(main, b, false, false); err != nil {
		t.Fatal(err)
	}
	sub, err := tree.Append(main, box, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tree.Append(sub, c, false, false); err != nil {
		t.Fatal(err)
	}
	rs := tree.Since(main, start)
	if len(rs) != 2 || len(rs[1].Kids) != 1 {
		t.Fatalf("recorded %d elements, %v", len(rs), rs)
	}
	for _, p := range []struct{ got, orig *Element }{{rs[0].El, b}, {rs[1].El, box}, {rs[1].Kids[0].El, c}} {
		if p.got == p.orig {
			t.Errorf("recorded %s element %q is the tree's own, not a copy", p.orig.Kind, p.orig.Text)
		}
		if p.got.Kind != p.orig.Kind || p.got.Text != p.orig.Text || p.got.Path != p.orig.Path {
			t.Errorf("recorded %+v, want a copy of %+v", *p.got, *p.orig)
		}
	}
}
