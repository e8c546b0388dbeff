package starlib

// This file defines the widgets of the page catalogue beyond the basic
// ones: date_input, time_input, color_picker, select_slider, pills,
// segmented_control, download_button and file_uploader. Like the others,
// each returns its value for this run and checks values sent for it.

import (
	"fmt"
	"regexp"
	"sort"
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

// pairOf returns the two elements of a list or tuple of two.
func pairOf(v starlark.Value) (a, b starlark.Value, ok bool) {
	switch x := v.(type) {
	case *starlark.List, starlark.Tuple:
		seq := x.(starlark.Indexable)
		if seq.Len() == 2 {
			return seq.Index(0), seq.Index(1), true
		}
	}
	return nil, nil, false
}

func isSeq(v starlark.Value) bool {
	switch v.(type) {
	case *starlark.List, starlark.Tuple:
		return true
	}
	return false
}

// dateInput implements st.date_input(label, value=None, min_value=None,
// max_value=None): dates are ISO strings, "YYYY-MM-DD"; value None is
// today, and a pair of dates makes a range, returned as a tuple.
func dateInput(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "date_input"}
	var value, minV, maxV starlark.Value = starlark.None, starlark.None, starlark.None
	pairs := append([]any{"label", &s.label, "value?", &value, "min_value?", &minV, "max_value?", &maxV}, s.common.pairs("on_change")...)
	if err := unpackArgs(c.name, args, kwargs, pairs...); err != nil {
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
		d := time.Now().Format(dateLayout)
		if value != starlark.None {
			if d, err = toDate(value); err != nil {
				return nil, c.errorf("for parameter value: %v", err)
			}
			if err := inRange(d); err != nil {
				return nil, err
			}
		} else {
			d = clamp(d) // today, within the bounds
		}
		s.def = starlark.String(d)
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			d, err := toDate(v)
			if err != nil {
				return nil, err
			}
			return starlark.String(clamp(d)), nil
		}
		s.props = func(v starlark.Value) map[string]any {
			return map[string]any{"value": string(v.(starlark.String)), "min": bound(lo), "max": bound(hi)}
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

// timeInput implements st.time_input(label, value=None, step=60): times
// are "HH:MM" strings; value None is "00:00"; step is in seconds (or a
// duration of the time module).
func timeInput(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "time_input"}
	var value starlark.Value = starlark.None
	var step starlark.Value = starlark.MakeInt(60)
	pairs := append([]any{"label", &s.label, "value?", &value}, s.common.pairs("on_change")...)
	pairs = append(pairs, "step?", &step)
	if err := unpackArgs(c.name, args, kwargs, pairs...); err != nil {
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
	def := "00:00"
	if value != starlark.None {
		var err error
		if def, err = toClock(value); err != nil {
			return nil, c.errorf("for parameter value: %v", err)
		}
	}
	s.def = starlark.String(def)
	s.coerce = func(v starlark.Value) (starlark.Value, error) {
		t, err := toClock(v)
		if err != nil {
			return nil, err
		}
		return starlark.String(t), nil
	}
	s.props = func(v starlark.Value) map[string]any {
		return map[string]any{"value": string(v.(starlark.String)), "step": secs}
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
	if err := unpackArgs(c.name, args, kwargs, pairs...); err != nil {
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
	var value starlark.Value = starlark.None
	pairs := append([]any{"label", &s.label, "options", &optSeq, "value?", &value}, s.common.pairs("on_change")...)
	if err := unpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	opts, labels, err := options(&c, optSeq)
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
	s.identity = []starlark.Value{optSeq, value}
	return c.widget(s)
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
	var def starlark.Value = starlark.None
	pairs := append([]any{"label", &s.label, "options", &optSeq, "selection_mode?", &mode, "default?", &def}, s.common.pairs("on_change")...)
	if err := unpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	if mode != "single" && mode != "multi" {
		return nil, c.errorf("for parameter selection_mode: got %q, want \"single\" or \"multi\"", mode)
	}
	opts, labels, err := options(&c, optSeq)
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
		} else if s.def, err = optionList(opts, def); err != nil {
			return nil, c.errorf("for parameter default: %v", err)
		}
	}
	s.identity = []starlark.Value{optSeq, starlark.String(mode), def}
	return c.widget(s)
}

// downloadButton implements st.download_button(label, data,
// file_name=None, mime=None, type="secondary"): a button that downloads
// data (a string or bytes). The data goes to the app's media store, where
// the browser fetches it by the URL in the element; the button is True in
// the run that follows a click.
func downloadButton(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "download_button", trigger: true, def: starlark.False}
	var data starlark.Value
	var fileName, mime starlark.Value = starlark.None, starlark.None
	typ := "secondary"
	pairs := append([]any{"label", &s.label, "data", &data, "file_name?", &fileName, "mime?", &mime}, s.common.pairs("on_click")...)
	pairs = append(pairs, "type?", &typ)
	if err := unpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	if typ != "primary" && typ != "secondary" {
		return nil, c.errorf("for parameter type: got %q, want \"primary\" or \"secondary\"", typ)
	}
	var raw string
	name, kind := "download.txt", "text/plain"
	switch x := data.(type) {
	case starlark.String:
		raw = string(x)
	case starlark.Bytes:
		raw = string(x)
		name, kind = "download.bin", "application/octet-stream"
	default:
		return nil, c.errorf("for parameter data: got %s, want string or bytes", data.Type())
	}
	if fileName != starlark.None {
		f, ok := fileName.(starlark.String)
		if !ok {
			return nil, c.errorf("for parameter file_name: got %s, want string or None", fileName.Type())
		}
		if f == "" || strings.ContainsAny(string(f), `/\`) {
			return nil, c.errorf("for parameter file_name: %q is not a file name", string(f))
		}
		name = string(f)
	}
	if mime != starlark.None {
		m, ok := mime.(starlark.String)
		if !ok {
			return nil, c.errorf("for parameter mime: got %s, want string or None", mime.Type())
		}
		kind = string(m)
	}
	sb, err := sandboxFor(c.thread, c.name)
	if err != nil {
		return nil, err
	}
	media := sb.App.Media
	if int64(len(raw)) > media.Max() {
		return nil, c.errorf("data of %d bytes is larger than the media store of %d bytes (raise [limits] media_bytes in stark.toml)", len(raw), media.Max())
	}
	hash := media.Put([]byte(raw), kind, name)
	s.identity = []starlark.Value{fileName, mime, starlark.String(typ)}
	s.props = func(starlark.Value) map[string]any {
		return map[string]any{"type": typ, "file_name": name, "mime": kind, "url": "/_stark/media/" + hash}
	}
	return c.widget(s)
}

// fileKeys are the keys of a file value, in order.
var fileKeys = []string{"name", "type", "size", "data"}

// uploadCheck checks file values for a file_uploader.
type uploadCheck struct {
	accept   []string // extensions with their dot, lower case; nil for any
	maxBytes int64
}

// file checks one file value and returns a new dict of it.
func (u *uploadCheck) file(v starlark.Value) (*starlark.Dict, error) {
	d, ok := v.(*starlark.Dict)
	if !ok {
		return nil, fmt.Errorf("got %s, want a file: a dict with the keys name, type, size and data", v.Type())
	}
	for _, k := range d.Keys() {
		ks, ok := k.(starlark.String)
		if !ok || indexOfString(fileKeys, string(ks)) < 0 {
			return nil, fmt.Errorf("a file is a dict with the keys name, type, size and data, got the key %s", k)
		}
	}
	for _, k := range fileKeys {
		if _, found, _ := d.Get(starlark.String(k)); !found {
			return nil, fmt.Errorf("a file is a dict with the keys name, type, size and data, the key %q is missing", k)
		}
	}
	get := func(k string) starlark.Value {
		x, _, _ := d.Get(starlark.String(k))
		return x
	}
	name, ok := get("name").(starlark.String)
	if !ok {
		return nil, fmt.Errorf("a file's name is a string, got %s", get("name").Type())
	}
	if _, ok := get("type").(starlark.String); !ok {
		return nil, fmt.Errorf("file %q: its type is a string, got %s", string(name), get("type").Type())
	}
	data, ok := get("data").(starlark.Bytes)
	if !ok {
		return nil, fmt.Errorf("file %q: its data is bytes, got %s", string(name), get("data").Type())
	}
	sizeV, ok := get("size").(starlark.Int)
	size, exact := int64(0), false
	if ok {
		size, exact = sizeV.Int64()
	}
	if !ok || !exact {
		return nil, fmt.Errorf("file %q: its size is an int, got %s", string(name), get("size").Type())
	}
	if size != int64(len(data)) {
		return nil, fmt.Errorf("file %q: size %d does not match its %d bytes of data", string(name), size, len(data))
	}
	if size > u.maxBytes {
		return nil, fmt.Errorf("file %q is %d bytes, more than the upload limit of %d bytes", string(name), size, u.maxBytes)
	}
	if u.accept != nil {
		lower := strings.ToLower(string(name))
		ok := false
		for _, ext := range u.accept {
			if strings.HasSuffix(lower, ext) {
				ok = true
			}
		}
		if !ok {
			return nil, fmt.Errorf("file %q is not of an accepted type (%s)", string(name), strings.Join(u.accept, ", "))
		}
	}
	out := starlark.NewDict(len(fileKeys))
	for _, k := range fileKeys {
		out.SetKey(starlark.String(k), get(k))
	}
	return out, nil
}

func indexOfString(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// uploadedFiles turns the value a browser sends for a file_uploader, the
// tokens of the files it uploaded, into files as the page sees them: a list
// of dicts {name, type, size, data}.
func uploadedFiles(v starlark.Value, upload func(token string) (host.Upload, bool)) (starlark.Value, error) {
	l, ok := v.(*starlark.List)
	if !ok {
		if v == starlark.None {
			return starlark.NewList(nil), nil
		}
		return nil, fmt.Errorf("got %s, want a list of upload tokens", v.Type())
	}
	files := make([]starlark.Value, 0, l.Len())
	for i := 0; i < l.Len(); i++ {
		tok, ok := starlark.AsString(l.Index(i))
		up, found := upload(tok)
		if !ok || !found {
			return nil, fmt.Errorf("unknown upload token %s", l.Index(i))
		}
		d := starlark.NewDict(len(fileKeys))
		d.SetKey(starlark.String("name"), starlark.String(up.Name))
		d.SetKey(starlark.String("type"), starlark.String(up.Type))
		d.SetKey(starlark.String("size"), starlark.MakeInt(len(up.Data)))
		d.SetKey(starlark.String("data"), starlark.Bytes(up.Data))
		files = append(files, d)
	}
	return starlark.NewList(files), nil
}

// fileInfo is a file's entry in the element's files property.
func fileInfo(v starlark.Value) any {
	d := v.(*starlark.Dict)
	name, _, _ := d.Get(starlark.String("name"))
	typ, _, _ := d.Get(starlark.String("type"))
	size, _, _ := d.Get(starlark.String("size"))
	n, _ := size.(starlark.Int).Int64()
	return map[string]any{"name": string(name.(starlark.String)), "type": string(typ.(starlark.String)), "size": n}
}

// fileUploader implements st.file_uploader(label, type=None,
// accept_multiple_files=False): its value is None (or [] for several
// files) until the browser uploads; a file is a dict {"name", "type",
// "size", "data"} with data as bytes.
func fileUploader(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "file_uploader", files: uploadedFiles}
	var types starlark.Value = starlark.None
	multiple := false
	pairs := append([]any{"label", &s.label, "type?", &types, "accept_multiple_files?", &multiple}, s.common.pairs("on_change")...)
	if err := unpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	sb, err := sandboxFor(c.thread, c.name)
	if err != nil {
		return nil, err
	}
	u := &uploadCheck{maxBytes: sb.Limits.UploadBytes}
	var exts []starlark.Value
	switch x := types.(type) {
	case starlark.NoneType:
	case starlark.String:
		exts = []starlark.Value{x}
	case *starlark.List, starlark.Tuple:
		seq := x.(starlark.Indexable)
		for i := 0; i < seq.Len(); i++ {
			exts = append(exts, seq.Index(i))
		}
		if len(exts) == 0 {
			return nil, c.errorf("for parameter type: the list is empty; use None to accept every type")
		}
	default:
		return nil, c.errorf("for parameter type: got %s, want a string, a list of strings or None", types.Type())
	}
	for _, e := range exts {
		str, ok := e.(starlark.String)
		if !ok {
			return nil, c.errorf("for parameter type: got %s in the list, want string", e.Type())
		}
		ext := strings.ToLower(strings.TrimSpace(string(str)))
		if strings.Trim(ext, ".") == "" || strings.ContainsAny(ext, `/\ `) {
			return nil, c.errorf("for parameter type: %q is not a file extension", string(str))
		}
		if !strings.HasPrefix(ext, ".") {
			ext = "." + ext
		}
		if indexOfString(u.accept, ext) < 0 {
			u.accept = append(u.accept, ext)
		}
	}
	sort.Strings(u.accept)
	var accept any
	if u.accept != nil {
		accept = u.accept
	}
	if multiple {
		s.def = starlark.NewList(nil)
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			if v == starlark.None {
				return starlark.NewList(nil), nil
			}
			if !isSeq(v) {
				return nil, fmt.Errorf("got %s, want a list of files", v.Type())
			}
			seq := v.(starlark.Indexable)
			out := make([]starlark.Value, seq.Len())
			for i := range out {
				f, err := u.file(seq.Index(i))
				if err != nil {
					return nil, err
				}
				out[i] = f
			}
			return starlark.NewList(out), nil
		}
	} else {
		s.def = starlark.None
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			if v == starlark.None {
				return v, nil
			}
			// Uploads arrive as a list, as for every uploader: a single
			// uploader takes none or one.
			if l, ok := v.(*starlark.List); ok {
				switch l.Len() {
				case 0:
					return starlark.None, nil
				case 1:
					return u.file(l.Index(0))
				}
				return nil, fmt.Errorf("got %d files, want one (set accept_multiple_files=True for more)", l.Len())
			}
			return u.file(v)
		}
	}
	s.props = func(v starlark.Value) map[string]any {
		files := []any{}
		switch x := v.(type) {
		case *starlark.Dict:
			files = append(files, fileInfo(x))
		case *starlark.List:
			for i := 0; i < x.Len(); i++ {
				files = append(files, fileInfo(x.Index(i)))
			}
		}
		return map[string]any{"accept": accept, "multiple": multiple, "max_bytes": u.maxBytes, "files": files}
	}
	s.identity = []starlark.Value{types, starlark.Bool(multiple)}
	return c.widget(s)
}
