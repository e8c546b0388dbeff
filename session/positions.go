package session

import "strings"

// hashes holds the hash of each element's encoding by position: the path
// of the element's container, then the element's index there. A session
// keeps two (what the browser shows, and the last run's, reused as the
// next run's), so a rerun looks each container up once while its
// elements follow one another, builds no key per element, and an idle
// session holds a slice of hashes per container instead of a map entry
// and a path string per element.
//
// A hash of 0 means no element: hash folds its values to odd numbers.
type hashes map[string][]uint64

// hash returns an encoding's hash as stored in hashes (never 0).
func hash(h uint64) uint64 { return h | 1 }

// at returns the hash of the element at index i of container c, or 0.
func (t hashes) at(c string, i int) uint64 {
	if s := t[c]; i < len(s) {
		return s[i]
	}
	return 0
}

// slice returns container c's hashes, long enough for index i.
func (t hashes) slice(c string, i int) []uint64 {
	s := t[c]
	if i < len(s) {
		return s
	}
	if i < cap(s) {
		s = s[:i+1]
	} else {
		n := make([]uint64, i+1, max(2*cap(s), i+1, 4))
		copy(n, s)
		s = n
	}
	t[c] = s
	return s
}

// reset empties t for reuse: containers with an element keep their
// slices, zeroed; those without one (absent from the run that filled t)
// are dropped, so that t holds at most the containers of two runs.
func (t hashes) reset() {
	for c, s := range t {
		used := false
		for _, h := range s {
			if h != 0 {
				used = true
				break
			}
		}
		if !used {
			delete(t, c)
			continue
		}
		clear(s)
	}
}

// dropScope removes the elements inside the container at path scope
// (those of the container and of the containers inside it).
func (t hashes) dropScope(scope string) {
	prefix := scope + "."
	for c := range t {
		if c == scope || strings.HasPrefix(c, prefix) {
			delete(t, c)
		}
	}
}

// position is an element's place: its container's path and its index.
type position struct {
	parent string
	index  int
}
