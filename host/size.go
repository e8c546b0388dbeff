package host

// This file estimates the memory a frozen Starlark value holds, for the
// cache's byte budget.

import (
	"go.starlark.net/starlark"
)

// A Sizer is a value that knows its own size: Size returns the bytes it
// holds, its elements included (a table: its columns). Value types of
// starlib implement it where the default estimate would be far off.
type Sizer interface {
	Size() int
}

// Estimates of the memory of values, in bytes. They count what a value
// holds beyond the interface word that refers to it: a header and, for
// containers, a word per slot and the elements.
const (
	sizeWord    = 8
	sizeHeader  = 24 // a slice or string header, a small struct
	sizeUnknown = 64 // a value of a type SizeOf does not know
	sizeDepth   = 64 // deeper values are counted as unknown
)

// SizeOf estimates the bytes v holds, walking lists, tuples, dicts and
// sets. A value shared twice is counted once. Types that implement [Sizer]
// report their own size; other unknown types count a fixed 64 bytes. The
// walk costs time in proportion to the value, as computing it did.
func SizeOf(v starlark.Value) int64 {
	s := sizer{seen: make(map[any]bool)}
	return s.size(v, 0)
}

type sizer struct {
	seen map[any]bool // containers counted already (values may share or contain themselves)
}

func (s *sizer) once(p any) bool {
	if s.seen[p] {
		return false
	}
	s.seen[p] = true
	return true
}

func (s *sizer) size(v starlark.Value, depth int) int64 {
	if depth > sizeDepth {
		return sizeUnknown
	}
	switch x := v.(type) {
	case nil, starlark.NoneType, starlark.Bool:
		return 0
	case starlark.Int:
		if _, ok := x.Int64(); ok {
			return sizeWord
		}
		return sizeHeader + int64(x.BigInt().BitLen()+7)/8
	case starlark.Float:
		return sizeWord
	case starlark.String:
		return sizeHeader + int64(len(x))
	case starlark.Bytes:
		return sizeHeader + int64(len(x))
	case Sizer:
		return int64(x.Size())
	case starlark.Tuple:
		n := sizeHeader + int64(len(x))*2*sizeWord
		for _, e := range x {
			n += s.size(e, depth+1)
		}
		return n
	case *starlark.List:
		if !s.once(x) {
			return 0
		}
		n := int64(sizeHeader + x.Len()*2*sizeWord)
		for i := range x.Len() {
			n += s.size(x.Index(i), depth+1)
		}
		return n
	case *starlark.Dict:
		if !s.once(x) {
			return 0
		}
		// A hashtable entry holds a key, a value, a hash and links.
		n := int64(sizeHeader + x.Len()*8*sizeWord)
		for _, kv := range x.Items() {
			n += s.size(kv[0], depth+1) + s.size(kv[1], depth+1)
		}
		return n
	case *starlark.Set:
		if !s.once(x) {
			return 0
		}
		n := int64(sizeHeader + x.Len()*6*sizeWord)
		iter := x.Iterate()
		defer iter.Done()
		var e starlark.Value
		for iter.Next(&e) {
			n += s.size(e, depth+1)
		}
		return n
	}
	return sizeUnknown
}
