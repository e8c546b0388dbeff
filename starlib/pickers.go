package starlib

// This file defines the widgets that pick a date, a time of day or a
// colour: date_input, time_input and color_picker. Like the others, each
// returns its value for this run and checks values sent for it.

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/stark-dev/stark/host"
	sltime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
)

const dateLayout = "2006-01-02"

// toDate converts a date value ("YYYY-MM-DD", "today", or a time from the
// time module) into its ISO form.
func toDate(v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		if x == "today" {
			return time.Now().Format(dateLayout), nil
		}
		d, err := time.Parse(dateLayout, string(x))
		if err != nil {
			return "", fmt.Errorf("%q is not a date of the form YYYY-MM-DD", string(x))
		}
		return d.Format(dateLayout), nil
	case sltime.Time:
		return time.Time(x).Format(dateLayout), nil
	}
	return "", fmt.Errorf("got %s, want a date string \"YYYY-MM-DD\"", v.Type())
}

// dateInput implements st.date_input(label, value="today", min_value=None,
// max_value=None): dates are ISO strings, "YYYY-MM-DD"; value None returns
// None until the user picks a date, and a pair of dates makes a range,
// returned as a tuple.
func dateInput(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "date_input"}
	var minV, maxV starlark.Value = starlark.None, starlark.None
	var value starlark.Value = starlark.String("today")
	pairs := append([]any{"label", &s.label, "value?", &value, "min_value?", &minV, "max_value?", &maxV}, s.common.pairs("on_change")...)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	var lo, hi string // bounds, "" when open
	var err error
	if minV != starlark.None {
		if lo, err = toDate(minV); err != nil {
			return nil, c.errorf("for parameter min_value: %v", err)
		}
	}
	if maxV != starlark.None {
		if hi, err = toDate(maxV); err != nil {
			return nil, c.errorf("for parameter max_value: %v", err)
		}
	}
	if lo != "" && hi != "" && lo > hi {
		return nil, c.errorf("min_value %q is after max_value %q", lo, hi)
	}
	inRange := func(d string) error {
		if lo != "" && d < lo {
			return c.errorf("value %q is before min_value %q", d, lo)
		}
		if hi != "" && d > hi {
			return c.errorf("value %q is after max_value %q", d, hi)
		}
		return nil
	}
	clamp := func(d string) string {
		if lo != "" && d < lo {
			d = lo
		}
		if hi != "" && d > hi {
			d = hi
		}
		return d
	}
	bound := func(d string) any {
		if d == "" {
			return nil
		}
		return d
	}
	if isSeq(value) {
		a, b, ok := pairOf(value)
		if !ok {
			return nil, c.errorf("for parameter value: a range has two dates, got %d", value.(starlark.Indexable).Len())
		}
		start, err := toDate(a)
		if err != nil {
			return nil, c.errorf("for parameter value: %v", err)
		}
		end, err := toDate(b)
		if err != nil {
			return nil, c.errorf("for parameter value: %v", err)
		}
		if start > end {
			return nil, c.errorf("for parameter value: the range %q to %q ends before it starts", start, end)
		}
		if err := inRange(start); err != nil {
			return nil, err
		}
		if err := inRange(end); err != nil {
			return nil, err
		}
		s.def = starlark.Tuple{starlark.String(start), starlark.String(end)}
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			a, b, ok := pairOf(v)
			if !ok {
				return nil, fmt.Errorf("got %s, want a (start, end) pair of dates", v.Type())
			}
			start, err := toDate(a)
			if err != nil {
				return nil, err
			}
			end, err := toDate(b)
			if err != nil {
				return nil, err
			}
			start, end = clamp(start), clamp(end)
			if start > end {
				start, end = end, start
			}
			return starlark.Tuple{starlark.String(start), starlark.String(end)}, nil
		}
		s.props = func(v starlark.Value) map[string]any {
			t := v.(starlark.Tuple)
			return map[string]any{"value": []any{string(t[0].(starlark.String)), string(t[1].(starlark.String))}, "min": bound(lo), "max": bound(hi)}
		}
	} else {
		switch value {
		case starlark.None:
			s.def = starlark.None // None until the user picks a date
		case starlark.String("today"):
			s.def = starlark.String(clamp(time.Now().Format(dateLayout))) // within the bounds
		default:
			d, err := toDate(value)
			if err != nil {
				return nil, c.errorf("for parameter value: %v", err)
			}
			if err := inRange(d); err != nil {
				return nil, err
			}
			s.def = starlark.String(d)
		}
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			if v == starlark.None {
				return v, nil
			}
			d, err := toDate(v)
			if err != nil {
				return nil, err
			}
			return starlark.String(clamp(d)), nil
		}
		s.props = func(v starlark.Value) map[string]any {
			var shown any
			if d, ok := v.(starlark.String); ok {
				shown = string(d)
			}
			return map[string]any{"value": shown, "min": bound(lo), "max": bound(hi)}
		}
	}
	s.identity = []starlark.Value{value, minV, maxV}
	return c.widget(s)
}

// toClock converts a time of day ("HH:MM", or a time from the time module)
// into its "HH:MM" form.
func toClock(v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		t, err := time.Parse("15:04", string(x))
		if err != nil {
			return "", fmt.Errorf("%q is not a time of the form HH:MM", string(x))
		}
		return t.Format("15:04"), nil
	case sltime.Time:
		return time.Time(x).Format("15:04"), nil
	}
	return "", fmt.Errorf("got %s, want a time string \"HH:MM\"", v.Type())
}

// Bounds of time_input's step, in seconds: a minute to 23 hours.
const (
	minTimeStep = 60
	maxTimeStep = 23 * 3600
)

// timeInput implements st.time_input(label, value="now", step=60): times
// are "HH:MM" strings; "now" is the time of the widget's first run; value
// None returns None until the user picks a time; step is in seconds (or a
// duration of the time module).
func timeInput(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "time_input"}
	var value starlark.Value = starlark.String("now")
	var step starlark.Value = starlark.MakeInt(60)
	pairs := append([]any{"label", &s.label, "value?", &value}, s.common.pairs("on_change")...)
	pairs = append(pairs, "step?", &step)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	var secs int64
	switch x := step.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			n = -1
		}
		secs = n
	case sltime.Duration:
		secs = int64(time.Duration(x) / time.Second)
	default:
		return nil, c.errorf("for parameter step: got %s, want int (seconds)", step.Type())
	}
	if secs < minTimeStep || secs > maxTimeStep {
		return nil, c.errorf("for parameter step: %s is outside [%d, %d] seconds", step, minTimeStep, maxTimeStep)
	}
	switch value {
	case starlark.None:
		s.def = starlark.None // None until the user picks a time
	case starlark.String("now"):
		s.def = starlark.String(time.Now().Format("15:04"))
	default:
		def, err := toClock(value)
		if err != nil {
			return nil, c.errorf("for parameter value: %v", err)
		}
		s.def = starlark.String(def)
	}
	s.coerce = func(v starlark.Value) (starlark.Value, error) {
		if v == starlark.None {
			return v, nil
		}
		t, err := toClock(v)
		if err != nil {
			return nil, err
		}
		return starlark.String(t), nil
	}
	s.props = func(v starlark.Value) map[string]any {
		var shown any
		if t, ok := v.(starlark.String); ok {
			shown = string(t)
		}
		return map[string]any{"value": shown, "step": secs}
	}
	s.identity = []starlark.Value{value, step}
	return c.widget(s)
}

var colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// colorPicker implements st.color_picker(label, value="#000000"): colours
// are "#rrggbb" strings, in lower case.
func colorPicker(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "color_picker"}
	var value starlark.Value = starlark.String("#000000")
	pairs := append([]any{"label", &s.label, "value?", &value}, s.common.pairs("on_change")...)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	s.coerce = func(v starlark.Value) (starlark.Value, error) {
		str, ok := v.(starlark.String)
		if !ok {
			return nil, fmt.Errorf("got %s, want a colour string \"#rrggbb\"", v.Type())
		}
		if !colorRE.MatchString(string(str)) {
			return nil, fmt.Errorf("%q is not a colour of the form #rrggbb", string(str))
		}
		return starlark.String(strings.ToLower(string(str))), nil
	}
	def, err := s.coerce(value)
	if err != nil {
		return nil, c.errorf("for parameter value: %v", err)
	}
	s.def = def
	s.props = func(v starlark.Value) map[string]any { return map[string]any{"value": string(v.(starlark.String))} }
	s.identity = []starlark.Value{value}
	return c.widget(s)
}
