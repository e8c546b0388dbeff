package starlib

// This file converts between Starlark values and the JSON values that
// element properties and wire messages carry.

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"go.starlark.net/starlark"
)

// ToJSON converts a Starlark value into a value that encoding/json writes:
// None, bools, numbers, strings, lists, tuples, sets and dicts; any other
// value becomes its string form. Non-finite floats become strings.
func ToJSON(v starlark.Value) any {
	switch v := v.(type) {
	case starlark.NoneType:
		return nil
	case starlark.Bool:
		return bool(v)
	case starlark.Int:
		if i, ok := v.Int64(); ok {
			return i
		}
		return json.Number(v.String())
	case starlark.Float:
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return v.String()
		}
		return f
	case starlark.String:
		return string(v)
	case starlark.Bytes:
		return string(v)
	case *starlark.List:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = ToJSON(v.Index(i))
		}
		return out
	case starlark.Tuple:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = ToJSON(x)
		}
		return out
	case *starlark.Set:
		out := make([]any, 0, v.Len())
		for _, x := range setElems(v) {
			out = append(out, ToJSON(x))
		}
		return out
	case *starlark.Dict:
		out := make(map[string]any, v.Len())
		for _, kv := range v.Items() {
			k, ok := starlark.AsString(kv[0])
			if !ok {
				k = kv[0].String()
			}
			out[k] = ToJSON(kv[1])
		}
		return out
	}
	return v.String()
}

func setElems(s *starlark.Set) []starlark.Value {
	it := s.Iterate()
	defer it.Done()
	var out []starlark.Value
	var x starlark.Value
	for it.Next(&x) {
		out = append(out, x)
	}
	return out
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

// ParseValue parses a command-line value: JSON when it is valid JSON, else
// the plain string.
func ParseValue(s string) starlark.Value {
	var x any
	dec := json.NewDecoder(bytesReader(s))
	dec.UseNumber()
	if err := dec.Decode(&x); err == nil && !dec.More() {
		if v, err := FromJSON(x); err == nil {
			return v
		}
	}
	return starlark.String(s)
}
