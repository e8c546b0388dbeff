package starlib

// This file defines the widgets that pick a date, a time of day or a
// colour: date_input, time_input and color_picker. Like the others, each
// returns its value for this run and checks values sent for it.

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/stark-dev/stark/host"
	sltime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
)

const dateLayout = "2006-01-02"

// dateFormatRE matches date_input's formats, as Streamlit's: YYYY, MM and
// DD in one of its orders, with one separator.
var dateFormatRE = regexp.MustCompile(`^(YYYY/MM/DD|YYYY-MM-DD|YYYY\.MM\.DD|DD/MM/YYYY|DD-MM-YYYY|DD\.MM\.YYYY|MM/DD/YYYY|MM-DD-YYYY|MM\.DD\.YYYY)$`)

// toDate converts a date value ("YYYY-MM-DD", "today", a date and time
// "YYYY-MM-DD HH:MM", whose date it takes, or a time from the time module)
// into its ISO form.
func toDate(v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		if x == "today" {
			return time.Now().Format(dateLayout), nil
		}
		d, err := time.Parse(dateLayout, string(x))
		if err != nil {
			// A date and time is its date, as Streamlit takes a datetime.
			for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
				if d, err := time.Parse(layout, string(x)); err == nil {
					return d.Format(dateLayout), nil
				}
			}
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
	format := "YYYY/MM/DD"
	pairs := s.common.pairs("on_change", "label", &s.label, "value?", &value, "min_value?", &minV, "max_value?", &maxV)
	pairs = append(pairs, "format?", &format)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	// format is checked as Streamlit checks it; the browser shows the
	// dates in it.
	if !dateFormatRE.MatchString(format) {
		return nil, c.errorf("for parameter format: got %q, want YYYY, MM and DD in some order, separated by \"/\", \"-\" or \".\" (\"YYYY/MM/DD\", \"DD.MM.YYYY\")", format)
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
		// A range: (start, end), or, as in Streamlit, () or (start,)
		// while the user picks it.
		dates := func(v starlark.Value) (starlark.Tuple, error) {
			seq, ok := v.(starlark.Indexable)
			if !ok || !isSeq(v) || seq.Len() > 2 {
				if ok && isSeq(v) {
					return nil, fmt.Errorf("a range has at most two dates, got %d", seq.Len())
				}
				return nil, fmt.Errorf("got %s, want a (start, end) pair of dates", v.Type())
			}
			out := make([]string, seq.Len())
			for i := range out {
				d, err := toDate(seq.Index(i))
				if err != nil {
					return nil, err
				}
				out[i] = d
			}
			if len(out) == 2 && out[0] > out[1] {
				out[0], out[1] = out[1], out[0]
			}
			t := make(starlark.Tuple, len(out))
			for i, d := range out {
				t[i] = starlark.String(d)
			}
			return t, nil
		}
		def, err := dates(value)
		if err != nil {
			return nil, c.errorf("for parameter value: %v", err)
		}
		if a, b, ok := pairOf(value); ok {
			if start, _ := toDate(a); start != string(def[0].(starlark.String)) {
				end, _ := toDate(b)
				return nil, c.errorf("for parameter value: the range %q to %q ends before it starts", start, end)
			}
		}
		for _, d := range def {
			if err := inRange(string(d.(starlark.String))); err != nil {
				return nil, err
			}
		}
		s.def = def
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			t, err := dates(v)
			if err != nil {
				return nil, err
			}
			for i, d := range t {
				t[i] = starlark.String(clamp(string(d.(starlark.String))))
			}
			return t, nil
		}
		s.props = func(v starlark.Value) map[string]any {
			t := v.(starlark.Tuple)
			shown := make([]any, len(t))
			for i, d := range t {
				shown[i] = string(d.(starlark.String))
			}
			return map[string]any{"value": shown, "min": bound(lo), "max": bound(hi), "format": format}
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
			return map[string]any{"value": shown, "min": bound(lo), "max": bound(hi), "format": format}
		}
	}
	s.identity = []starlark.Value{value, minV, maxV}
	return c.widget(s)
}

// toClock converts a time of day ("HH:MM", "HH:MM:SS", a date and time
// "YYYY-MM-DD HH:MM" whose time it takes, or a time from the time module)
// into its "HH:MM" form.
func toClock(v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		t, err := time.Parse("15:04", string(x))
		if err != nil {
			// With seconds, or a date and time: its time of day, as
			// Streamlit takes a time with seconds or a datetime.
			for _, layout := range []string{"15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
				if t, err := time.Parse(layout, string(x)); err == nil {
					return t.Format("15:04"), nil
				}
			}
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
	var step starlark.Value = starlark.MakeInt(900) // 15 minutes, as Streamlit
	pairs := s.common.pairs("on_change", "label", &s.label, "value?", &value)
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
	pairs := s.common.pairs("on_change", "label", &s.label, "value?", &value)
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

// A temporal slider (st.slider over dates, times or datetimes) keeps its
// values in the form the page gave them: "YYYY-MM-DD" strings are dates,
// "HH:MM" or "HH:MM:SS" strings times, "YYYY-MM-DD HH:MM[:SS]" (or with a
// "T") strings datetimes, and time.time values datetimes, given back as
// time.time values in the first value's location. On the wire the values
// are whole seconds since 1970-01-01 of the wall clock read as UTC (a time
// of day is seconds since midnight), as Streamlit sends microseconds.

// tform is the form of a temporal slider's values.
type tform struct {
	kind   string         // "date", "time" or "datetime"
	layout string         // the layout of string values; "" for time.time values
	loc    *time.Location // the location of time.time values
}

var temporalLayouts = []struct{ kind, layout string }{
	{"date", dateLayout},
	{"time", "15:04"},
	{"time", "15:04:05"},
	{"datetime", "2006-01-02 15:04"},
	{"datetime", "2006-01-02 15:04:05"},
	{"datetime", "2006-01-02T15:04"},
	{"datetime", "2006-01-02T15:04:05"},
}

// isTemporal reports whether v is a value a temporal slider takes.
func isTemporal(v starlark.Value) bool {
	switch v.(type) {
	case starlark.String, sltime.Time:
		return true
	}
	return false
}

// parseTemporal reads a date, time or datetime: its wall clock as seconds
// since 1970-01-01 UTC, and its form.
func parseTemporal(v starlark.Value) (int64, tform, error) {
	switch x := v.(type) {
	case starlark.String:
		for _, l := range temporalLayouts {
			t, err := time.Parse(l.layout, string(x))
			if err != nil {
				continue
			}
			if l.kind == "time" {
				t = time.Date(1970, 1, 1, t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
			}
			return t.Unix(), tform{kind: l.kind, layout: l.layout}, nil
		}
		return 0, tform{}, fmt.Errorf("%q is not a date (\"YYYY-MM-DD\"), a time (\"HH:MM\") or a datetime (\"YYYY-MM-DD HH:MM\")", string(x))
	case sltime.Time:
		t := time.Time(x)
		wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
		return wall.Unix(), tform{kind: "datetime", loc: t.Location()}, nil
	}
	return 0, tform{}, fmt.Errorf("got %s, want a date, time or datetime (a string or a time.time value)", v.Type())
}

// value gives seconds back in the form f.
func (f tform) value(secs int64) starlark.Value {
	t := time.Unix(secs, 0).UTC()
	if f.layout != "" {
		return starlark.String(t.Format(f.layout))
	}
	return sltime.Time(time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, f.loc))
}

// durationStep reads a temporal slider's step: a duration of the time
// module, a duration string ("24h") or seconds.
func durationStep(v starlark.Value) (int64, error) {
	if d, ok := v.(sltime.Duration); ok {
		return int64(time.Duration(d) / time.Second), nil
	}
	d, err := host.DurationArg("for parameter step", v)
	if err != nil {
		return 0, err
	}
	return int64(d / time.Second), nil
}

const day = 24 * 3600

// temporalSlider implements st.slider over dates, times and datetimes, as
// Streamlit does: without bounds, a date or datetime slider spans the
// value ± 14 days and a time slider the day; the value widens the bounds;
// the step is one day (15 minutes for times, and for a span under a day);
// format is a moment.js-style layout for display ("YYYY-MM-DD", "HH:mm").
func temporalSlider(c *call, s *spec, minV, maxV, value, step, format starlark.Value) (starlark.Value, error) {
	var vals []starlark.Value
	isRange := isSeq(value)
	if isRange {
		a, b, ok := pairOf(value)
		if !ok {
			return nil, c.errorf("for parameter value: a range has two values, got %d", value.(starlark.Indexable).Len())
		}
		vals = []starlark.Value{a, b}
	} else if value != starlark.None {
		vals = []starlark.Value{value}
	}
	var form tform
	read := func(param string, v starlark.Value) (int64, error) {
		secs, f, err := parseTemporal(v)
		if err != nil {
			return 0, c.errorf("for parameter %s: %v", param, err)
		}
		if form.kind == "" {
			form = f
		} else if f.kind != form.kind {
			return 0, c.errorf("for parameter %s: %s is a %s, but the slider's values are %ss", param, v, f.kind, form.kind)
		}
		return secs, nil
	}
	var secs []int64
	for _, v := range vals {
		x, err := read("value", v)
		if err != nil {
			return nil, err
		}
		secs = append(secs, x)
	}
	var lo, hi int64
	var hasLo, hasHi bool
	var err error
	if minV != starlark.None {
		if lo, err = read("min_value", minV); err != nil {
			return nil, err
		}
		hasLo = true
	}
	if maxV != starlark.None {
		if hi, err = read("max_value", maxV); err != nil {
			return nil, err
		}
		hasHi = true
	}
	if len(secs) == 0 { // as Streamlit: the value is min_value
		if !hasLo {
			return nil, c.errorf("a slider of dates or times needs a value or a min_value")
		}
		secs = []int64{lo}
	}
	if isRange && secs[0] > secs[1] {
		secs[0], secs[1] = secs[1], secs[0]
	}
	if !hasLo {
		lo = secs[0] - 14*day
		if form.kind == "time" {
			lo = 0
		}
	}
	if !hasHi {
		hi = secs[0] + 14*day
		if form.kind == "time" {
			hi = day - 1
		}
	}
	if lo > hi {
		return nil, c.errorf("min_value %s is after max_value %s", form.value(lo), form.value(hi))
	}
	lo, hi = min(lo, secs[0]), max(hi, secs[len(secs)-1]) // the value widens the bounds, as in Streamlit
	if lo == hi {
		return nil, c.errorf("min_value must be before max_value; both are %s", form.value(lo))
	}
	st := int64(day)
	if form.kind == "time" || hi-lo < day {
		st = 15 * 60
	}
	if step != starlark.None {
		if st, err = durationStep(step); err != nil {
			return nil, c.errorf("%v", err)
		}
		if st < 1 {
			return nil, c.errorf("for parameter step: %s is less than a second", step)
		}
	}
	layout := map[string]string{"date": "YYYY-MM-DD", "time": "HH:mm", "datetime": "YYYY-MM-DD"}[form.kind]
	switch f := format.(type) {
	case starlark.NoneType:
	case starlark.String:
		layout = string(f)
	default:
		return nil, c.errorf("for parameter format: got %s, want a string such as \"YYYY-MM-DD HH:mm\"", format.Type())
	}
	clamp := func(x int64) int64 { return min(max(x, lo), hi) }
	one := func(v starlark.Value) (int64, error) {
		x, f, err := parseTemporal(v)
		if err != nil {
			return 0, err
		}
		if f.kind != form.kind {
			return 0, fmt.Errorf("%s is a %s, want a %s", v, f.kind, form.kind)
		}
		return clamp(x), nil
	}
	if isRange {
		s.def = starlark.Tuple{form.value(secs[0]), form.value(secs[1])}
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			a, b, ok := pairOf(v)
			if !ok {
				return nil, fmt.Errorf("got %s, want a (start, end) pair of %ss", v.Type(), form.kind)
			}
			x, err := one(a)
			if err != nil {
				return nil, err
			}
			y, err := one(b)
			if err != nil {
				return nil, err
			}
			return starlark.Tuple{form.value(min(x, y)), form.value(max(x, y))}, nil
		}
	} else {
		s.def = form.value(secs[0])
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			x, err := one(v)
			if err != nil {
				return nil, err
			}
			return form.value(x), nil
		}
	}
	// The browser sends seconds.
	wireSecs := func(v starlark.Value) (int64, error) {
		f, ok := starlark.AsFloat(v)
		if !ok || math.IsNaN(f) {
			return 0, fmt.Errorf("got %s, want seconds", v.Type())
		}
		return clamp(int64(max(min(f, 1<<53), -(1 << 53)))), nil
	}
	s.fromWire = func(v starlark.Value) (starlark.Value, error) {
		if !isRange {
			x, err := wireSecs(v)
			if err != nil {
				return nil, err
			}
			return form.value(x), nil
		}
		a, b, ok := pairOf(v)
		if !ok {
			return nil, fmt.Errorf("got %s, want a pair of seconds", v.Type())
		}
		x, err := wireSecs(a)
		if err != nil {
			return nil, err
		}
		y, err := wireSecs(b)
		if err != nil {
			return nil, err
		}
		return starlark.Tuple{form.value(x), form.value(y)}, nil
	}
	s.props = func(v starlark.Value) map[string]any {
		var shown any
		if t, ok := v.(starlark.Tuple); ok && len(t) == 2 {
			a, _ := one(t[0])
			b, _ := one(t[1])
			shown = []any{a, b}
		} else {
			x, _ := one(v)
			shown = x
		}
		return map[string]any{"value": shown, "min": lo, "max": hi, "step": st, "float": false, "format": layout, "temporal": form.kind}
	}
	s.identity = []starlark.Value{minV, maxV, value, step, format}
	return c.widget(s)
}
