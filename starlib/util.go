package starlib

// This file holds small helpers shared by the builtins.

import (
	"strings"

	"go.starlark.net/starlark"
)

func bytesReader(s string) *strings.Reader { return strings.NewReader(s) }

// pairOf returns the two elements of a list or tuple of two.
func pairOf(v starlark.Value) (a, b starlark.Value, ok bool) {
	switch x := v.(type) {
	case *starlark.List, starlark.Tuple:
		seq := x.(starlark.Indexable)
		if seq.Len() == 2 {
			return seq.Index(0), seq.Index(1), true
		}
	}
	return nil, nil, false
}

func isSeq(v starlark.Value) bool {
	switch v.(type) {
	case *starlark.List, starlark.Tuple:
		return true
	}
	return false
}
