package host_test

// Tests of the conversion between Starlark values and JSON values.

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

func TestToJSON(t *testing.T) {
	set := starlark.NewSet(2)
	set.Insert(starlark.MakeInt(1))
	set.Insert(starlark.String("a"))
	dict := starlark.NewDict(2)
	dict.SetKey(starlark.String("k"), starlark.MakeInt(1))
	dict.SetKey(starlark.MakeInt(2), starlark.None)
	big := starlark.MakeInt64(math.MaxInt64).Mul(starlark.MakeInt(10))
	tests := []struct {
		name string
		v    starlark.Value
		want any
	}{
		{"none", starlark.None, nil},
		{"bool", starlark.True, true},
		{"int", starlark.MakeInt(-3), int64(-3)},
		{"big int", big, json.Number("92233720368547758070")},
		{"float", starlark.Float(1.5), 1.5},
		{"nan", starlark.Float(math.NaN()), "nan"},
		{"inf", starlark.Float(math.Inf(-1)), "-inf"},
		{"string", starlark.String("é"), "é"},
		{"bytes", starlark.Bytes("b"), "b"},
		{"list", starlark.NewList([]starlark.Value{starlark.MakeInt(1), starlark.String("x")}), []any{int64(1), "x"}},
		{"tuple", starlark.Tuple{starlark.True}, []any{true}},
		{"set", set, []any{int64(1), "a"}},
		{"dict", dict, map[string]any{"k": int64(1), "2": nil}},
		{"other", starlark.NewBuiltin("f", nil), "<built-in function f>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := host.ToJSON(tt.v); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ToJSON(%s) = %#v, want %#v", tt.v, got, tt.want)
			}
		})
	}
}

// TestToJSONBounds checks that a value holding itself, nesting past
// MaxJSONDepth and a tree shared so often that it has more than
// MaxJSONNodes values are cut, not recursed through.
func TestToJSONBounds(t *testing.T) {
	t.Run("cycle", func(t *testing.T) {
		l := starlark.NewList([]starlark.Value{starlark.MakeInt(1)})
		l.Append(l)
		d := starlark.NewDict(1)
		d.SetKey(starlark.String("self"), d)
		got := host.ToJSON(starlark.Tuple{l, d, l})
		want := []any{[]any{int64(1), "[...]"}, map[string]any{"self": "[...]"}, []any{int64(1), "[...]"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %#v\nwant %#v", got, want)
		}
	})
	t.Run("depth", func(t *testing.T) {
		var v starlark.Value = starlark.MakeInt(0)
		for range host.MaxJSONDepth + 10 {
			v = starlark.NewList([]starlark.Value{v})
		}
		depth := 0
		x := host.ToJSON(v)
		for {
			l, ok := x.([]any)
			if !ok {
				break
			}
			depth++
			x = l[0]
		}
		if depth != host.MaxJSONDepth || x != "[nested too deep]" {
			t.Errorf("converted %d levels, then %#v; want %d, then the cut", depth, x, host.MaxJSONDepth)
		}
	})
	t.Run("shared", func(t *testing.T) {
		// 2^40 leaves in 41 list values.
		var v starlark.Value = starlark.MakeInt(1)
		for range 40 {
			v = starlark.NewList([]starlark.Value{v, v})
		}
		b, err := json.Marshal(host.ToJSON(v))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "1"); n > host.MaxJSONNodes || !strings.Contains(string(b), `"…"`) {
			t.Errorf("%d leaves converted (cut: %v), want at most %d and the rest cut", n, strings.Contains(string(b), `"…"`), host.MaxJSONNodes)
		}
	})
}

func TestFromJSON(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // the Starlark value's repr
	}{
		{"null", `null`, `None`},
		{"bool", `true`, `True`},
		{"int", `42`, `42`},
		{"big int", `12345678901234567890`, `1.2345678901234567e+19`},
		{"float", `1.5`, `1.5`},
		{"string", `"a"`, `"a"`},
		{"list", `[1, "x", [null]]`, `[1, "x", [None]]`},
		{"dict, keys sorted", `{"b": 1, "a": {"c": []}}`, `{"a": {"c": []}, "b": 1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := json.NewDecoder(strings.NewReader(tt.text))
			dec.UseNumber()
			var x any
			if err := dec.Decode(&x); err != nil {
				t.Fatal(err)
			}
			v, err := host.FromJSON(x)
			if err != nil {
				t.Fatalf("FromJSON(%s): %v", tt.text, err)
			}
			if v.String() != tt.want {
				t.Errorf("FromJSON(%s) = %s, want %s", tt.text, v, tt.want)
			}
		})
	}
	// Plain float64 numbers, as json.Unmarshal gives them.
	for x, want := range map[float64]string{3: "3", 2.5: "2.5", 1 << 60: "1.152921504606847e+18"} {
		if v, err := host.FromJSON(x); err != nil || v.String() != want {
			t.Errorf("FromJSON(%v) = %v, %v; want %s", x, v, err, want)
		}
	}
	if _, err := host.FromJSON(struct{}{}); err == nil || !strings.Contains(err.Error(), "unsupported JSON value struct {}") {
		t.Errorf("FromJSON of a struct: %v", err)
	}
}
