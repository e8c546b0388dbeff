package starlib

// This file defines the widgets that choose among options shown all at
// once: select_slider (a slider over options), pills and segmented_control
// (a row of options). Like the others, each returns its value for this run
// and checks values sent for it.

import (
	"fmt"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// optionPair returns the indices, in order, of a pair of options.
func optionPair(opts []starlark.Value, v starlark.Value) (i, j int, err error) {
	a, b, ok := pairOf(v)
	if !ok {
		return 0, 0, fmt.Errorf("got %s, want a (low, high) pair of options", v.Type())
	}
	if i = indexOf(opts, a); i < 0 {
		return 0, 0, fmt.Errorf("%s is not one of the options %s", a, starlark.NewList(opts))
	}
	if j = indexOf(opts, b); j < 0 {
		return 0, 0, fmt.Errorf("%s is not one of the options %s", b, starlark.NewList(opts))
	}
	if i > j {
		i, j = j, i
	}
	return i, j, nil
}

// selectSlider implements st.select_slider(label, options, value=None): a
// slider over options. value None is the first option; a pair of options
// makes a range, returned as a (low, high) tuple.
func selectSlider(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "select_slider"}
	var optSeq starlark.Value
	var value, format starlark.Value = starlark.None, starlark.None
	pairs := s.common.pairs("on_change", "label", &s.label, "options", &optSeq, "value?", &value, "format_func?", &format)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	opts, labels, err := options(&c, optSeq, format)
	if err != nil {
		return nil, err
	}
	if len(opts) == 0 {
		return nil, c.errorf("for parameter options: the list is empty")
	}
	single := func(v starlark.Value) (starlark.Value, error) {
		if i := indexOf(opts, v); i >= 0 {
			return opts[i], nil
		}
		return nil, fmt.Errorf("%s is not one of the options %s", v, starlark.NewList(opts))
	}
	isRange := false
	switch {
	case value == starlark.None:
		s.def = opts[0]
	case indexOf(opts, value) >= 0:
		s.def = opts[indexOf(opts, value)]
	case isSeq(value):
		i, j, err := optionPair(opts, value)
		if err != nil {
			return nil, c.errorf("for parameter value: %v", err)
		}
		s.def, isRange = starlark.Tuple{opts[i], opts[j]}, true
	default:
		_, err := single(value)
		return nil, c.errorf("for parameter value: %v", err)
	}
	if isRange {
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			i, j, err := optionPair(opts, v)
			if err != nil {
				return nil, err
			}
			return starlark.Tuple{opts[i], opts[j]}, nil
		}
		s.fromWire = func(v starlark.Value) (starlark.Value, error) {
			l, ok := v.(*starlark.List)
			if !ok || l.Len() != 2 {
				return nil, fmt.Errorf("got %s, want a [low, high] pair of option indices", v.Type())
			}
			byIndex := optionByIndex(opts)
			a, err := byIndex(l.Index(0))
			if err != nil {
				return nil, err
			}
			b, err := byIndex(l.Index(1))
			if err != nil {
				return nil, err
			}
			return starlark.Tuple{a, b}, nil
		}
		s.props = func(v starlark.Value) map[string]any {
			i, j, _ := optionPair(opts, v)
			return map[string]any{"options": labels, "index": []any{i, j}}
		}
	} else {
		s.coerce = single
		s.fromWire = func(v starlark.Value) (starlark.Value, error) {
			if v == starlark.None {
				return nil, fmt.Errorf("got None, want an option index")
			}
			return optionByIndex(opts)(v)
		}
		s.props = func(v starlark.Value) map[string]any {
			return map[string]any{"options": labels, "index": indexOf(opts, v)}
		}
	}
	s.identity = append([]starlark.Value{optSeq, value}, shownIdentity(format, labels)...)
	return c.widget(s)
}

// defaultOptions is the default of a widget that selects several options:
// Streamlit takes one option alone as well as a list of them.
func defaultOptions(def starlark.Value) starlark.Value {
	if def == starlark.None || isSeq(def) {
		return def
	}
	return starlark.NewList([]starlark.Value{def})
}

// optionList checks a list of options and returns a new list of them.
func optionList(opts []starlark.Value, v starlark.Value) (*starlark.List, error) {
	if !isSeq(v) {
		return nil, fmt.Errorf("got %s, want a list of options", v.Type())
	}
	seq := v.(starlark.Indexable)
	out := make([]starlark.Value, seq.Len())
	for k := range out {
		i := indexOf(opts, seq.Index(k))
		if i < 0 {
			return nil, fmt.Errorf("%s is not one of the options %s", seq.Index(k), starlark.NewList(opts))
		}
		out[k] = opts[i]
	}
	return starlark.NewList(out), nil
}

// pills implements st.pills and st.segmented_control(label, options,
// selection_mode="single", default=None): a row of options; "single"
// returns the option chosen or None, "multi" a list of options.
func pills(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: kindOf(c.name)}
	var optSeq starlark.Value
	mode := "single"
	var def, format starlark.Value = starlark.None, starlark.None
	pairs := s.common.pairs("on_change", "label", &s.label, "options", &optSeq, "selection_mode?", &mode, "default?", &def, "format_func?", &format)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	if mode != "single" && mode != "multi" {
		return nil, c.errorf("for parameter selection_mode: got %q, want \"single\" or \"multi\"", mode)
	}
	opts, labels, err := options(&c, optSeq, format)
	if err != nil {
		return nil, err
	}
	byIndex := optionByIndex(opts)
	if mode == "single" {
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			if v == starlark.None {
				return v, nil
			}
			if i := indexOf(opts, v); i >= 0 {
				return opts[i], nil
			}
			return nil, fmt.Errorf("%s is not one of the options %s", v, starlark.NewList(opts))
		}
		s.fromWire = byIndex
		s.props = func(v starlark.Value) map[string]any {
			var idx any
			if i := indexOf(opts, v); i >= 0 && v != starlark.None {
				idx = i
			}
			return map[string]any{"options": labels, "selection_mode": mode, "value": idx}
		}
		if s.def, err = s.coerce(def); err != nil {
			return nil, c.errorf("for parameter default: %v", err)
		}
	} else {
		s.coerce = func(v starlark.Value) (starlark.Value, error) { return optionList(opts, v) }
		s.fromWire = func(v starlark.Value) (starlark.Value, error) {
			l, ok := v.(*starlark.List)
			if !ok {
				return nil, fmt.Errorf("got %s, want a list of option indices", v.Type())
			}
			out := make([]starlark.Value, l.Len())
			for i := range out {
				o, err := byIndex(l.Index(i))
				if err != nil {
					return nil, err
				}
				if o == starlark.None {
					return nil, fmt.Errorf("got None in the list, want an option index")
				}
				out[i] = o
			}
			return starlark.NewList(out), nil
		}
		s.props = func(v starlark.Value) map[string]any {
			l := v.(*starlark.List)
			idx := make([]any, l.Len())
			for i := range idx {
				idx[i] = indexOf(opts, l.Index(i))
			}
			return map[string]any{"options": labels, "selection_mode": mode, "value": idx}
		}
		if def == starlark.None {
			s.def = starlark.NewList(nil)
		} else if s.def, err = optionList(opts, defaultOptions(def)); err != nil {
			return nil, c.errorf("for parameter default: %v", err)
		}
	}
	s.identity = append([]starlark.Value{optSeq, starlark.String(mode), def}, shownIdentity(format, labels)...)
	return c.widget(s)
}
