package session

import "sort"

// ElementKinds returns the kind of every element the wire carries, sorted:
// what `stark test` accepts as an element kind (app.markdown, app.metric).
func ElementKinds() []string {
	out := make([]string, 0, len(elementKinds))
	for k := range elementKinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
