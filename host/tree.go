package host

// This file defines the element tree a run builds.

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// An Element is one thing on the page: a kind (the builtin's name), its
// properties, and for containers the children. Properties hold only values
// that encode to JSON; they are the contract with the browser and are
// documented in docs/elements.md.
type Element struct {
	Kind  string
	Path  string         // container path + "." + index, e.g. "main.3" or "main.3.0"
	ID    string         // widget id, for widgets only
	Props map[string]any // never mutated once appended
	// Text, when TextBody is set, is the element's "body" property, kept out
	// of Props: text elements are most of a page, and a one-entry map costs
	// more than the rest of the element. Read properties with [Element.Prop].
	Text     string
	TextBody bool
	// Rows, for elements that show more rows than they carry (st.dataframe),
	// is where the session reads further pages of rows on the browser's
	// request. It is not part of the element's JSON.
	Rows RowSource
	// Children is filled in snapshots of containers only.
	Children []*Element
}

// A RowSource serves the rows of a large table page by page, sorted on
// request. Implementations are immutable (frozen tables) and safe for
// concurrent use.
type RowSource interface {
	// Len returns the number of rows.
	Len() int
	// Rows returns rows [start, start+count) (fewer at the end) as JSON
	// values, after sorting by the column named sortBy (descending when
	// desc), or in their own order when sortBy is "". An unknown column is
	// an error naming it.
	Rows(start, count int, sortBy string, desc bool) ([][]any, error)
	// Positions returns the positions, in the source's own order, of the
	// rows Rows returns for the same arguments.
	Positions(start, count int, sortBy string, desc bool) ([]int, error)
}

// Prop returns the property name of the element, or nil.
func (e *Element) Prop(name string) any {
	if e.TextBody && name == "body" {
		return e.Text
	}
	return e.Props[name]
}

// MarshalJSON writes the element as [Element.AppendJSON] does.
func (e *Element) MarshalJSON() ([]byte, error) { return e.AppendJSON(nil), nil }

// A Change is one element appended or replaced at its path, reported to the
// tree's listener in the order the writes happened.
type Change struct {
	Element *Element
	// Container is set when Element is a container (its children follow as
	// their own changes).
	Container bool
	// Parent is the path of the container Element is in, and Index its
	// place there: Element.Path is Parent + "." + Index.
	Parent string
	Index  int
}

// A Container is a place elements are appended to: main, sidebar, or a
// container element such as a placeholder from st.empty(). A Container is
// tied to one tree and so to one run; any thread holding the run's context
// may append to it.
type Container struct {
	tree *Tree
	path string
	// single containers hold at most one element: appending replaces it
	// (st.empty placeholders).
	single bool
	// slot, for element handles, is the place in the parent that writes
	// replace.
	slot *slot
	// at, for container elements, is the element's place in its parent
	// (for Update).
	at   slot
	kids []node // by value: one allocation fewer per element
}

type slot struct {
	parent *Container
	index  int
}

type node struct {
	el  *Element
	box *Container // for container elements
}

// Path returns the container's path ("main", "sidebar", "main.3").
func (c *Container) Path() string { return c.path }

// Tree is the element tree of one run. Appends are serialised by a mutex, so
// writes from several threads land in call order.
type Tree struct {
	mu       sync.Mutex
	roots    []*Container
	count    int
	limit    int
	listener func(Change)
	// bytes is the estimated encoded size of the elements appended so far
	// (see elementBytes); byteLimit bounds it when not zero.
	bytes     atomic.Int64
	byteLimit int64
	// paths is the chunk the elements' paths are taken from (childPath),
	// pathChunk its size.
	paths     []byte
	pathChunk int
}

// RootNames are the containers every tree has, in order.
var RootNames = []string{"main", "sidebar"}

// newTree makes a page's tree; room is how many elements main is made
// room for (at least 16), usually the last run's count.
func newTree(limit int, listener func(Change), room int) *Tree {
	return newTreeAt(limit, listener, RootNames, room)
}

// maxMainRoom bounds the room a tree's first root is made with from an
// earlier run's count: a page that wrote more grows its list as any.
const maxMainRoom = 4096

// newTreeAt makes a tree whose roots are at the given paths: main and
// sidebar for a page, the fragment's container for a fragment run.
func newTreeAt(limit int, listener func(Change), roots []string, room int) *Tree {
	t := &Tree{limit: limit, listener: listener}
	// The roots in one array; the first (main, or the fragment's
	// container), where most of a page goes, with room for 16 elements or
	// room, whichever is more.
	boxes := make([]Container, len(roots))
	t.roots = make([]*Container, len(roots))
	for i, name := range roots {
		boxes[i] = Container{tree: t, path: name}
		t.roots[i] = &boxes[i]
	}
	if len(boxes) > 0 {
		boxes[0].kids = make([]node, 0, min(max(room, 16), maxMainRoom))
	}
	return t
}

// Root returns the root container of the given name, or nil.
func (t *Tree) Root(name string) *Container {
	for _, c := range t.roots {
		if c.path == name {
			return c
		}
	}
	return nil
}

// errElementLimit is returned by Append when the run has emitted its limit.
type elementLimitError struct{}

func (elementLimitError) Error() string { return "element limit reached" }

// elementBytesError is returned by Append when the run's elements would
// exceed the element bytes limit.
type elementBytesError struct{}

func (elementBytesError) Error() string { return "element bytes limit reached" }

// chargeBytes counts the size of el toward the byte limit, or refuses it.
// Call it with t.mu held.
func (t *Tree) chargeBytes(el *Element) error {
	n := elementBytes(el)
	if t.byteLimit > 0 && t.bytes.Load()+n > t.byteLimit {
		return elementBytesError{}
	}
	t.bytes.Add(n)
	return nil
}

// Bytes returns the estimated encoded size of the elements appended so far.
func (t *Tree) Bytes() int64 { return t.bytes.Load() }

// elementBytes estimates the encoded size of an element without encoding
// it: its strings' lengths plus a little per value. It walks the JSON
// values of properties (maps, slices, strings, numbers); rows served on
// request (Rows) are not counted, as they do not travel with the element.
func elementBytes(el *Element) int64 {
	n := int64(32 + len(el.Kind) + len(el.Path) + len(el.ID) + len(el.Text))
	for k, v := range el.Props {
		n += int64(len(k)+4) + valueBytes(v, 0)
	}
	return n
}

func valueBytes(v any, depth int) int64 {
	if depth > 32 {
		return 8
	}
	switch v := v.(type) {
	case string:
		return int64(len(v) + 2)
	case []byte:
		return int64(len(v)*4/3 + 2)
	case map[string]any:
		n := int64(2)
		for k, x := range v {
			n += int64(len(k)+4) + valueBytes(x, depth+1)
		}
		return n
	case []any:
		n := int64(2)
		for _, x := range v {
			n += 1 + valueBytes(x, depth+1)
		}
		return n
	case []string:
		n := int64(2)
		for _, x := range v {
			n += int64(len(x) + 3)
		}
		return n
	case [][]any:
		n := int64(2)
		for _, row := range v {
			n += 3 // the row's brackets and comma
			for _, x := range row {
				n += 1 + valueBytes(x, depth+2)
			}
		}
		return n
	case []map[string]any:
		n := int64(2)
		for _, x := range v {
			n += 1 + valueBytes(x, depth+1)
		}
		return n
	}
	return 8
}

// childPath returns parent + "." + idx, its bytes taken from the tree's
// current chunk of paths: one allocation for many elements' paths, not one
// each. A chunk's bytes are written once and never changed, so the strings
// stay valid; the chunks double from 64 bytes to 1 KiB, so a small tree
// holds little unused. Call it with t.mu held.
func (t *Tree) childPath(parent string, idx int) string {
	need := len(parent) + 1 + 20
	if cap(t.paths)-len(t.paths) < need {
		t.pathChunk = min(max(2*t.pathChunk, 64), 1024)
		t.paths = make([]byte, 0, max(t.pathChunk, need))
	}
	start := len(t.paths)
	t.paths = append(t.paths, parent...)
	t.paths = append(t.paths, '.')
	t.paths = strconv.AppendInt(t.paths, int64(idx), 10)
	return unsafe.String(&t.paths[start], len(t.paths)-start)
}

// Append adds el at the end of c (or replaces the element of a single
// container) and sets its path. When container is true, the element is a
// container and the returned Container addresses its children.
func (t *Tree) Append(c *Container, el *Element, container, single bool) (*Container, error) {
	box, _, err := t.append(c, el, container, single, false)
	return box, err
}

// AppendHandle appends el like Append and returns a handle: a container of
// one slot, the element's place, so that writing through the handle replaces
// the element (st.progress(...).progress(...)).
func (t *Tree) AppendHandle(c *Container, el *Element) (*Container, error) {
	_, h, err := t.append(c, el, false, false, true)
	return h, err
}

func (t *Tree) append(c *Container, el *Element, container, single, wantHandle bool) (box, handle *Container, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.count >= t.limit {
		return nil, nil, elementLimitError{}
	}
	if err := t.chargeBytes(el); err != nil {
		return nil, nil, err
	}
	t.count++
	target, idx := c, 0
	switch {
	case c.slot != nil:
		target, idx = c.slot.parent, c.slot.index
	case c.single && len(c.kids) > 0:
	default:
		idx = len(c.kids)
		c.kids = append(c.kids, node{})
	}
	el.Path = t.childPath(target.path, idx)
	n := node{el: el}
	if container {
		n.box = &Container{tree: t, path: el.Path, single: single, at: slot{parent: target, index: idx}}
	}
	target.kids[idx] = n
	if t.listener != nil {
		t.listener(Change{Element: el, Container: container, Parent: target.path, Index: idx})
	}
	if wantHandle {
		handle = &Container{tree: t, path: el.Path, slot: &slot{parent: target, index: idx}}
	}
	return n.box, handle, nil
}

// HandleAt returns a handle to the place of el, an element appended to c
// (see [Tree.AppendHandle]): writes through it replace whatever is there
// then. It is nil when el was not appended to c.
func HandleAt(c *Container, el *Element) *Container {
	target := c
	if c.slot != nil {
		target = c.slot.parent
	}
	i := strings.LastIndexByte(el.Path, '.')
	if i < 0 || el.Path[:i] != target.path {
		return nil
	}
	idx, err := strconv.Atoi(el.Path[i+1:])
	if err != nil {
		return nil
	}
	// One allocation for the handle and its slot.
	h := &struct {
		c Container
		s slot
	}{c: Container{tree: c.tree, path: el.Path}, s: slot{parent: target, index: idx}}
	h.c.slot = &h.s
	return &h.c
}

// Update replaces the element of the container element c with a copy whose
// properties are its own overlaid with props, keeping c's children. The copy
// is reported to the listener as a change at the same path; it counts
// toward the element limit as an append does. Update fails when c is a root
// or its element was replaced since (a placeholder written again).
func (t *Tree) Update(c *Container, props map[string]any) (*Element, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := c.at.parent
	if p == nil {
		return nil, fmt.Errorf("%s is not a container element", c.path)
	}
	n := p.kids[c.at.index]
	if n.box != c {
		return nil, fmt.Errorf("the container at %s was replaced", c.path)
	}
	if t.count >= t.limit {
		return nil, elementLimitError{}
	}
	merged := make(map[string]any, len(n.el.Props)+len(props))
	for k, v := range n.el.Props {
		merged[k] = v
	}
	for k, v := range props {
		merged[k] = v
	}
	el := &Element{Kind: n.el.Kind, Path: n.el.Path, ID: n.el.ID, Props: merged, Text: n.el.Text, TextBody: n.el.TextBody}
	if err := t.chargeBytes(el); err != nil {
		return nil, err
	}
	t.count++
	n.el = el
	p.kids[c.at.index] = n
	if t.listener != nil {
		t.listener(Change{Element: el, Container: true, Parent: p.path, Index: c.at.index})
	}
	return el, nil
}

// Len returns the number of elements appended so far.
func (t *Tree) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.count
}

// Snapshot returns the roots with their elements and children, as they are
// now. The elements are shared, not copied: they are never mutated.
func (t *Tree) Snapshot() []*Element {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]*Element, len(t.roots))
	for i, r := range t.roots {
		out[i] = &Element{Kind: r.path, Path: r.path, Children: snapshotKids(r)}
	}
	return out
}

func snapshotKids(c *Container) []*Element {
	kids := make([]*Element, len(c.kids))
	for i, n := range c.kids {
		if n.box == nil {
			kids[i] = n.el
			continue
		}
		cp := *n.el
		cp.Children = snapshotKids(n.box)
		kids[i] = &cp
	}
	return kids
}

// Counts returns, for every container of the tree, how many children it has.
// After a run, a browser removes any child of a container at or past its
// count, and any container that is absent.
func (t *Tree) Counts() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]int)
	var walk func(c *Container)
	walk = func(c *Container) {
		out[c.path] = len(c.kids)
		for _, n := range c.kids {
			if n.box != nil {
				walk(n.box)
			}
		}
	}
	for _, r := range t.roots {
		walk(r)
	}
	return out
}

// A Recorded element is a copy of an element of a tree with its place's
// kind (a container, a single placeholder) and its children: what a cached
// function wrote, for [ScriptRunContext.Replay] to write again.
type Recorded struct {
	El     *Element // shared: elements are never mutated
	Box    bool     // a container element
	Single bool     // a placeholder (st.empty)
	Kids   []Recorded
}

// Mark returns the number of elements c holds: where the elements
// appended to c from now on begin, for [Tree.Since].
func (t *Tree) Mark(c *Container) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(c.kids)
}

// Since returns the elements of c from index start on (see [Tree.Mark]),
// as they are now, with the children of containers.
func (t *Tree) Since(c *Container, start int) []Recorded {
	t.mu.Lock()
	defer t.mu.Unlock()
	if c.slot != nil || start >= len(c.kids) {
		return nil
	}
	return recordKids(c.kids[start:])
}

func recordKids(kids []node) []Recorded {
	out := make([]Recorded, 0, len(kids))
	for _, n := range kids {
		if n.el == nil { // a place being filled
			continue
		}
		r := Recorded{El: n.el}
		if n.box != nil {
			r.Box, r.Single = true, n.box.single
			r.Kids = recordKids(n.box.kids)
		}
		out = append(out, r)
	}
	return out
}

// RecordedBytes is the estimated size of recorded elements, as the
// element bytes limit counts them.
func RecordedBytes(rs []Recorded) int64 {
	var n int64
	for _, r := range rs {
		n += elementBytes(r.El) + RecordedBytes(r.Kids)
	}
	return n
}
