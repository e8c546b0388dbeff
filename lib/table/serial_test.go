package table_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/table"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// TestSerialRoundTrip: every type of the set crosses and comes back equal,
// tables included; a function cannot cross and the error says where.
func TestSerialRoundTrip(t *testing.T) {
	var cols []*table.Column
	for _, c := range []struct {
		name string
		vals []starlark.Value
	}{
		{"a", []starlark.Value{starlark.MakeInt(1), starlark.MakeInt(2), starlark.None}},
		{"b", []starlark.Value{starlark.String("x"), starlark.String("y"), starlark.String("z")}},
		{"c", []starlark.Value{starlark.Float(1.5), starlark.Float(2), starlark.Float(3.25)}},
	} {
		col, err := table.NewColumn(c.name, c.vals)
		if err != nil {
			t.Fatal(err)
		}
		cols = append(cols, col)
	}
	tbl, err := table.New(cols, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		`None`, `True`, `[1, -2, 1 << 80, 2.5, "s", b"b"]`, `("t", {"k": {1: [set([1, 2])]}})`,
	} {
		v := mustEval(t, src)
		b, err := host.Serialize(v)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got, err := host.Deserialize(b)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if eq, err := starlark.Equal(got, v); err != nil || !eq {
			t.Errorf("%s came back as %s", src, got)
		}
	}
	b, err := host.Serialize(tbl)
	if err != nil {
		t.Fatal(err)
	}
	got, err := host.Deserialize(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != tbl.String() {
		t.Errorf("table came back as\n%s\nwant\n%s", got, tbl)
	}
	_, err = host.Serialize(mustEval(t, `{"x": [1, len]}`))
	if !errors.Is(err, host.ErrNotSerial) || !strings.Contains(err.Error(), `the value["x"][1] is a builtin_function_or_method`) {
		t.Errorf("a builtin: got %v", err)
	}
	if _, err := host.Deserialize(append([]byte("stk\x02"), 'N')); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Errorf("another version: got %v", err)
	}
	if _, err := host.Deserialize([]byte("stk\x01l\x05")); err == nil {
		t.Error("a truncated list decoded")
	}
}

func mustEval(t *testing.T, src string) starlark.Value {
	t.Helper()
	v, err := starlark.EvalOptions(&syntax.FileOptions{Set: true}, &starlark.Thread{}, "x", src, starlark.StringDict{"len": starlark.Universe["len"], "set": starlark.Universe["set"]})
	if err != nil {
		t.Fatal(err)
	}
	return v
}
