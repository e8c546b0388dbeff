package host

// This file converts between Starlark values and the JSON values that
// element properties and wire messages carry, in both directions: what a
// page writes becomes element properties (ToJSON), and what a browser sends
// becomes widget values (FromJSON).

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"go.starlark.net/starlark"
)

// MaxJSONDepth bounds the nesting ToJSON converts: deeper values are cut.
// No data a page shows is nested this deep; pages print values to the same
// depth.
const MaxJSONDepth = 1000

// ToJSON converts a Starlark value into a value that encoding/json writes:
// None, bools, numbers, strings, lists, tuples, sets and dicts; any other
// value becomes its string form. Non-finite floats become strings.
//
// A page builds values the conversion must survive: a list that holds
// itself, nesting thousands deep, a small value shared so often that its
// tree is astronomically large. So a container already being converted
// becomes "[...]" (as Python's repr shows a cycle), nesting past
// MaxJSONDepth becomes "[nested too deep]", and past maxJSONNodes values
// in one conversion the rest become "…": the element is then cut, never the
// server's stack or memory.
func ToJSON(v starlark.Value) any {
	if x, ok := scalarJSON(v); ok {
		return x // a table's cells mostly: no converter
	}
	c := jsonConverter{path: make(map[starlark.Value]bool)}
	return c.value(v, 0)
}

// scalarJSON converts None, bools, numbers, strings and bytes; ok is false
// for any other value.
func scalarJSON(v starlark.Value) (x any, ok bool) {
	switch v := v.(type) {
	case starlark.NoneType:
		return nil, true
	case starlark.Bool:
		return bool(v), true
	case starlark.Int:
		if i, ok := v.Int64(); ok {
			return i, true
		}
		return json.Number(v.String()), true
	case starlark.Float:
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return v.String(), true
		}
		return f, true
	case starlark.String:
		return string(v), true
	case starlark.Bytes:
		return string(v), true
	}
	return nil, false
}

// A DictLike value is a dict with more (st.dataframe's selection, whose
// keys are also attributes): it converts to JSON as the dict it holds.
type DictLike interface {
	starlark.Value
	AsDict() *starlark.Dict
}

// maxJSONNodes bounds the values one ToJSON call converts: more than an
// element of [Limits] ElementBytes (16 MiB by default) holds.
const maxJSONNodes = 1 << 20

type jsonConverter struct {
	path  map[starlark.Value]bool // the containers being converted
	nodes int
}

func (c *jsonConverter) value(v starlark.Value, depth int) any {
	if c.nodes++; c.nodes > maxJSONNodes {
		return "…"
	}
	if x, ok := scalarJSON(v); ok {
		return x
	}
	return c.container(v, depth)
}

// container converts any value but a scalar: apart from value, so that
// a scalar's conversion does not pay for the deferred delete.
func (c *jsonConverter) container(v starlark.Value, depth int) any {
	switch v := v.(type) {
	case *starlark.List, starlark.Tuple, *starlark.Set, *starlark.Dict:
	case DictLike:
		return c.value(v.AsDict(), depth)
	default:
		return v.String()
	}
	if depth >= MaxJSONDepth {
		return "[nested too deep]"
	}
	// Tuples cannot hold themselves (and are no map keys); the others can.
	if _, tuple := v.(starlark.Tuple); !tuple {
		if c.path[v] {
			return "[...]"
		}
		c.path[v] = true
		defer delete(c.path, v)
	}
	switch v := v.(type) {
	case *starlark.List:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = c.value(v.Index(i), depth+1)
		}
		return out
	case starlark.Tuple:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = c.value(x, depth+1)
		}
		return out
	case *starlark.Set:
		out := make([]any, 0, v.Len())
		for _, x := range setElems(v) {
			out = append(out, c.value(x, depth+1))
		}
		return out
	case *starlark.Dict:
		out := make(map[string]any, v.Len())
		for _, kv := range v.Items() {
			k, ok := starlark.AsString(kv[0])
			if !ok {
				k = kv[0].String()
			}
			out[k] = c.value(kv[1], depth+1)
		}
		return out
	}
	panic("unreachable")
}

// FromJSON converts a decoded JSON value (as encoding/json produces with
// UseNumber or plain float64) into a Starlark value. Integral numbers become
// ints.
func FromJSON(x any) (starlark.Value, error) {
	switch x := x.(type) {
	case nil:
		return starlark.None, nil
	case bool:
		return starlark.Bool(x), nil
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return starlark.MakeInt64(i), nil
		}
		f, err := x.Float64()
		if err != nil {
			return nil, fmt.Errorf("bad number %s", x)
		}
		return starlark.Float(f), nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return starlark.MakeInt64(int64(x)), nil
		}
		return starlark.Float(x), nil
	case int:
		return starlark.MakeInt(x), nil
	case int64:
		return starlark.MakeInt64(x), nil
	case string:
		return starlark.String(x), nil
	case []any:
		elems := make([]starlark.Value, len(x))
		for i, e := range x {
			v, err := FromJSON(e)
			if err != nil {
				return nil, err
			}
			elems[i] = v
		}
		return starlark.NewList(elems), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		d := starlark.NewDict(len(x))
		for _, k := range keys {
			v, err := FromJSON(x[k])
			if err != nil {
				return nil, err
			}
			d.SetKey(starlark.String(k), v)
		}
		return d, nil
	}
	return nil, fmt.Errorf("unsupported JSON value %T", x)
}
