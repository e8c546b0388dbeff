package starlib

import (
	"fmt"
	"hash/fnv"
	"testing"

	"go.starlark.net/starlark"
)

// TestWidgetIDAsFmt holds widgetID, written without fmt, to the id fmt
// printed before: a widget's id must not change between versions (the
// browser's widget states are keyed by it).
func TestWidgetIDAsFmt(t *testing.T) {
	viaFmt := func(kind, label string, identity []starlark.Value, form string) string {
		h := fnv.New64a()
		fmt.Fprintf(h, "%s\x00%s", kind, label)
		for _, v := range identity {
			fmt.Fprintf(h, "\x00%s", v)
		}
		if form != "" {
			fmt.Fprintf(h, "\x00form\x00%s", form)
		}
		return fmt.Sprintf("%s-%016x", kind, h.Sum64())
	}
	list := starlark.NewList([]starlark.Value{starlark.String("a"), starlark.MakeInt(1)})
	cases := []struct {
		kind, label string
		identity    []starlark.Value
		form        string
	}{
		{"slider", "n", nil, ""},
		{"button", "", nil, ""},
		{"selectbox", "pick", []starlark.Value{list, starlark.None, starlark.String("x\"y")}, ""},
		{"text_input", "name ✓", []starlark.Value{starlark.Float(0.5), starlark.True}, "f1"},
		{"checkbox", "a\x00b", []starlark.Value{starlark.MakeInt64(1 << 62), nil}, "form"},
	}
	for i := range 2000 { // hashes with leading zero digits among them
		cases = append(cases, struct {
			kind, label string
			identity    []starlark.Value
			form        string
		}{"radio", fmt.Sprint(i), []starlark.Value{starlark.MakeInt(i)}, ""})
	}
	for _, c := range cases {
		got, want := widgetID(c.kind, c.label, c.identity, c.form), viaFmt(c.kind, c.label, c.identity, c.form)
		if got != want {
			t.Errorf("widgetID(%q, %q, %v, %q) = %q, want %q", c.kind, c.label, c.identity, c.form, got, want)
		}
	}
}
