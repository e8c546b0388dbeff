package starlib

// This file defines the widgets: button, checkbox, toggle, radio, selectbox,
// multiselect, slider, number_input, text_input and text_area. Each returns
// its value for this run.

import (
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/table"
	"go.starlark.net/starlark"
)

// common holds the parameters every widget takes.
type common struct {
	cbName   string // "on_change" or "on_click"
	labelVis string // label_visibility; "" for buttons, which have none
	key      starlark.Value
	help     starlark.Value
	disabled bool
	callback starlark.Value
	args     starlark.Tuple
	kwargs   *starlark.Dict
}

// Widgets with on_change also take label_visibility; buttons (on_click),
// whose label is their face, do not, as in Streamlit. The widget's own
// parameters, lead, come first; the pairs are made in one allocation.
func (w *common) pairs(callbackName string, lead ...any) []any {
	w.key, w.help, w.callback = starlark.None, starlark.None, starlark.None
	w.cbName = callbackName
	var cb string
	switch callbackName { // the common names without building them per call
	case "on_change":
		cb = "on_change?"
	case "on_click":
		cb = "on_click?"
	default:
		cb = callbackName + "?"
	}
	p := make([]any, 0, len(lead)+14)
	p = append(p, lead...)
	p = append(p, "key?", &w.key, "help?", &w.help, "disabled?", &w.disabled,
		cb, &w.callback, "args?", &w.args, "kwargs?", &w.kwargs)
	if callbackName == "on_change" {
		w.labelVis = "visible"
		p = append(p, "label_visibility?", &w.labelVis)
	}
	return p
}

// checkLabelVisibility checks a label_visibility parameter.
func checkLabelVisibility(c *call, v string) error {
	switch v {
	case "visible", "hidden", "collapsed":
		return nil
	}
	return c.errorf("for parameter label_visibility: got %q, want \"visible\", \"hidden\" or \"collapsed\"", v)
}

// spec is one widget being created.
type spec struct {
	kind     string
	label    string
	common   common
	identity []starlark.Value // parameters that identify a widget without a key
	def      starlark.Value   // default value
	trigger  bool
	once     bool // the value is the page's in the run after its change only (host.Widget Once)
	coerce   func(starlark.Value) (starlark.Value, error)
	fromWire func(starlark.Value) (starlark.Value, error)
	files    func(starlark.Value, func(string) (host.Upload, bool)) (starlark.Value, error)
	// props returns the element's kind-specific properties for a value.
	props func(v starlark.Value) map[string]any
	// bare: the element has no label, help or disabled properties (a
	// dataframe with a selection).
	bare bool
	rows host.RowSource // the element's row source (a dataframe's table)
}

// widgetID is the id of a widget without a key: its kind and a hash of
// its kind, label, identifying parameters (their str, as %s prints them)
// and form, written without fmt.
func widgetID(kind, label string, identity []starlark.Value, form string) string {
	h := fnv.New64a()
	io.WriteString(h, kind)
	io.WriteString(h, "\x00")
	io.WriteString(h, label)
	for _, v := range identity {
		io.WriteString(h, "\x00")
		if v == nil {
			io.WriteString(h, "%!s(<nil>)") // as fmt prints it
		} else {
			io.WriteString(h, v.String())
		}
	}
	if form != "" {
		io.WriteString(h, "\x00form\x00")
		io.WriteString(h, form)
	}
	var hex [16]byte
	digits := strconv.AppendUint(hex[:0], h.Sum64(), 16)
	return kind + "-" + "0000000000000000"[len(digits):] + string(digits)
}

// widget registers the widget with the run, appends its element and returns
// its value.
func (c *call) widget(s *spec) (starlark.Value, error) {
	w := &host.Widget{Kind: s.kind, Label: s.label, At: c.ctx.Caller(c.thread), Trigger: s.trigger, Once: s.once, Coerce: s.coerce, FromWire: s.fromWire, Files: s.files, Form: c.form}
	if s.trigger && c.form != "" && s.kind != "form_submit_button" {
		return nil, c.errorf("a %s cannot be in a form (%q): its click would reach the page only with the form's values; submit the form with form.form_submit_button(label), or create the %s outside the form", s.kind, c.form, s.kind)
	}
	if s.common.labelVis != "" {
		if err := checkLabelVisibility(c, s.common.labelVis); err != nil {
			return nil, err
		}
	}
	switch k := s.common.key.(type) {
	case starlark.NoneType:
		w.ID = widgetID(s.kind, s.label, s.identity, c.form)
	case starlark.String:
		w.Key, w.ID = string(k), string(k)
	default:
		// As in Streamlit, which keys a widget by str(key): an int, or a
		// tab given as the key of the slider inside it.
		w.Key, w.ID = k.String(), k.String()
	}
	if w.Key == "" && s.common.key != starlark.None {
		return nil, c.errorf("for parameter key: the key must not be empty")
	}
	if s.common.callback != starlark.None {
		fn, ok := s.common.callback.(starlark.Callable)
		if !ok {
			return nil, c.errorf("for parameter %s: got %s, want a function", s.common.cbName, s.common.callback.Type())
		}
		cb := &host.Callback{Fn: fn, Args: s.common.args}
		if s.common.kwargs != nil {
			for _, kv := range s.common.kwargs.Items() {
				cb.Kwargs = append(cb.Kwargs, starlark.Tuple{kv[0], kv[1]})
			}
		}
		fn.Freeze()
		cb.Args.Freeze()
		for _, kv := range cb.Kwargs {
			kv.Freeze()
		}
		w.Callback = cb
	}
	if s.coerce == nil {
		w.Coerce = func(v starlark.Value) (starlark.Value, error) { return v, nil }
	}
	v, err := c.ctx.Widget(c.thread, w, s.def)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	shown := v
	if c.form != "" && !s.trigger && c.ctx.FormCleared(c.form) {
		shown = s.def // the browser clears the form: the next run returns the default
	}
	props := s.props(shown)
	if !s.bare {
		props["label"] = s.label
		props["help"] = host.ToJSON(s.common.help)
		props["disabled"] = s.common.disabled
	}
	if s.common.labelVis != "" && s.common.labelVis != "visible" {
		props["label_visibility"] = s.common.labelVis // absent: visible
	}
	if w.Key != "" {
		props["key"] = w.Key
	}
	if c.form != "" {
		props["form"] = c.form
	}
	if err := c.cachedWidgetWarning(); err != nil {
		return nil, err
	}
	el := c.newElement()
	el.Kind, el.ID, el.Props, el.Rows = s.kind, w.ID, props, s.rows
	if _, err := c.ctx.Append(c.box, el, false, false); err != nil {
		return nil, c.errorf("%v", err)
	}
	return v, nil
}

func button(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "button", trigger: true, def: starlark.False}
	typ := "secondary"
	var iconV starlark.Value = starlark.None
	pairs := s.common.pairs("on_click", "label", &s.label)
	size := newSizing()
	pairs = append(append(pairs, "type?", &typ, "icon?", &iconV), size.pairs()...)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	if typ != "primary" && typ != "secondary" {
		return nil, c.errorf("for parameter type: got %q, want \"primary\" or \"secondary\"", typ)
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	icon, err := optIcon(&c, iconV)
	if err != nil {
		return nil, err
	}
	s.identity = []starlark.Value{starlark.String(typ)}
	s.props = func(starlark.Value) map[string]any {
		return withWidth(withIcon(map[string]any{"type": typ}, icon), width)
	}
	return c.widget(s)
}

func checkbox(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: kindOf(c.name)}
	value := false
	pairs := s.common.pairs("on_change", "label", &s.label, "value?", &value)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	s.def = starlark.Bool(value)
	s.identity = []starlark.Value{s.def}
	s.coerce = func(v starlark.Value) (starlark.Value, error) {
		if b, ok := v.(starlark.Bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("got %s, want bool", v.Type())
	}
	s.props = func(v starlark.Value) map[string]any { return map[string]any{"value": bool(v.(starlark.Bool))} }
	return c.widget(s)
}

// options returns the elements of a sequence of options and their labels:
// the str() of format(option), or of the option when format is None. A
// table's options are its first column, as Streamlit takes a DataFrame's.
func options(c *call, seq, format starlark.Value) ([]starlark.Value, []string, error) {
	var fn starlark.Callable
	if format != starlark.None {
		var ok bool
		if fn, ok = format.(starlark.Callable); !ok {
			return nil, nil, c.errorf("for parameter format_func: got %s, want a function", format.Type())
		}
	}
	if t, ok := seq.(*table.Table); ok {
		if len(t.Columns()) == 0 {
			return nil, nil, c.errorf("for parameter options: the table has no columns")
		}
		seq = t.Column(0)
	}
	it, ok := seq.(starlark.Iterable)
	if !ok {
		return nil, nil, c.errorf("for parameter options: got %s, want a list", seq.Type())
	}
	if _, isStr := seq.(starlark.String); isStr {
		return nil, nil, c.errorf("for parameter options: got string, want a list")
	}
	var opts []starlark.Value
	labels := []string{}
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		opts = append(opts, x)
		shown := x
		if fn != nil {
			var err error
			if shown, err = starlark.Call(c.thread, fn, starlark.Tuple{x}, nil); err != nil {
				return nil, nil, c.errorf("for parameter format_func: option %s: %v", x, err)
			}
		}
		labels = append(labels, plain(shown))
	}
	return opts, labels, nil
}

// shownIdentity is what format_func adds to an option widget's identity:
// the labels shown, as Streamlit's identity has them.
func shownIdentity(format starlark.Value, labels []string) []starlark.Value {
	if format == starlark.None {
		return nil
	}
	return []starlark.Value{starlark.String(strings.Join(labels, "\x00"))}
}

func indexOf(opts []starlark.Value, v starlark.Value) int {
	for i, o := range opts {
		if eq, err := starlark.Equal(o, v); err == nil && eq {
			return i
		}
	}
	return -1
}

// optionByIndex converts a browser's option index into the option.
func optionByIndex(opts []starlark.Value) func(starlark.Value) (starlark.Value, error) {
	return func(v starlark.Value) (starlark.Value, error) {
		if v == starlark.None {
			return v, nil
		}
		i, err := starlark.AsInt32(v)
		if err != nil {
			return nil, fmt.Errorf("got %s, want an option index", v.Type())
		}
		if i < 0 || i >= len(opts) {
			return nil, fmt.Errorf("option index %d out of range [0, %d)", i, len(opts))
		}
		return opts[i], nil
	}
}

// choice implements radio and selectbox.
func choice(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: kindOf(c.name)}
	var optSeq starlark.Value
	var index starlark.Value = starlark.MakeInt(0)
	horizontal := false
	placeholder := "Choose an option"
	var captions, format starlark.Value = starlark.None, starlark.None
	pairs := s.common.pairs("on_change", "label", &s.label, "options", &optSeq, "index?", &index, "format_func?", &format)
	if s.kind == "radio" {
		pairs = append(pairs, "horizontal?", &horizontal, "captions?", &captions)
	} else {
		pairs = append(pairs, "placeholder?", &placeholder)
	}
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	opts, labels, err := options(&c, optSeq, format)
	if err != nil {
		return nil, err
	}
	var caps []string
	if captions != starlark.None {
		if caps, err = captionList(&c, captions, len(opts)); err != nil {
			return nil, err
		}
	}
	s.def = starlark.None
	if index != starlark.None {
		i, err := starlark.AsInt32(index)
		if err != nil {
			return nil, c.errorf("for parameter index: got %s, want int or None", index.Type())
		}
		if len(opts) > 0 && (i < 0 || i >= len(opts)) {
			return nil, c.errorf("index %d is out of range for %d options", i, len(opts))
		}
		if len(opts) > 0 {
			s.def = opts[i]
		}
	}
	s.identity = append([]starlark.Value{optSeq, index}, shownIdentity(format, labels)...)
	s.coerce = func(v starlark.Value) (starlark.Value, error) {
		if v == starlark.None {
			return v, nil
		}
		if i := indexOf(opts, v); i >= 0 {
			return opts[i], nil
		}
		return nil, fmt.Errorf("%s is not one of the options %s", v, starlark.NewList(opts))
	}
	s.fromWire = optionByIndex(opts)
	s.props = func(v starlark.Value) map[string]any {
		var idx any
		if i := indexOf(opts, v); i >= 0 {
			idx = i
		}
		p := map[string]any{"options": labels, "index": idx}
		if s.kind == "radio" {
			p["horizontal"] = horizontal
			if caps != nil {
				p["captions"] = caps
			}
		} else {
			p["placeholder"] = placeholder
		}
		return p
	}
	return c.widget(s)
}

func multiselect(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "multiselect"}
	var optSeq starlark.Value
	var def starlark.Value = starlark.None
	var maxSel, format starlark.Value = starlark.None, starlark.None
	placeholder := "Choose an option"
	pairs := s.common.pairs("on_change", "label", &s.label, "options", &optSeq, "default?", &def, "format_func?", &format)
	pairs = append(pairs, "max_selections?", &maxSel, "placeholder?", &placeholder)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	opts, labels, err := options(&c, optSeq, format)
	if err != nil {
		return nil, err
	}
	limit := -1
	if maxSel != starlark.None {
		if limit, err = starlark.AsInt32(maxSel); err != nil || limit < 1 {
			return nil, c.errorf("for parameter max_selections: got %s, want a positive int", maxSel)
		}
	}
	s.coerce = func(v starlark.Value) (starlark.Value, error) {
		seq, ok := v.(starlark.Iterable)
		if !ok || v.Type() == "string" {
			return nil, fmt.Errorf("got %s, want a list of options", v.Type())
		}
		var out []starlark.Value
		it := seq.Iterate()
		defer it.Done()
		var x starlark.Value
		for it.Next(&x) {
			i := indexOf(opts, x)
			if i < 0 {
				return nil, fmt.Errorf("%s is not one of the options %s", x, starlark.NewList(opts))
			}
			out = append(out, opts[i])
		}
		if limit > 0 && len(out) > limit {
			return nil, fmt.Errorf("%d options selected, at most %d allowed", len(out), limit)
		}
		return starlark.NewList(out), nil
	}
	s.fromWire = func(v starlark.Value) (starlark.Value, error) {
		l, ok := v.(*starlark.List)
		if !ok {
			return nil, fmt.Errorf("got %s, want a list of option indices", v.Type())
		}
		byIndex := optionByIndex(opts)
		out := make([]starlark.Value, l.Len())
		for i := range out {
			o, err := byIndex(l.Index(i))
			if err != nil {
				return nil, err
			}
			out[i] = o
		}
		return starlark.NewList(out), nil
	}
	if def == starlark.None {
		s.def = starlark.NewList(nil)
	} else if s.def, err = s.coerce(defaultOptions(def)); err != nil {
		return nil, c.errorf("for parameter default: %v", err)
	}
	s.identity = append([]starlark.Value{optSeq, def, maxSel}, shownIdentity(format, labels)...)
	s.props = func(v starlark.Value) map[string]any {
		l := v.(*starlark.List)
		idx := make([]int, l.Len())
		for i := range idx {
			idx[i] = indexOf(opts, l.Index(i))
		}
		var ms any
		if limit > 0 {
			ms = limit
		}
		return map[string]any{"options": labels, "value": idx, "max_selections": ms, "placeholder": placeholder}
	}
	return c.widget(s)
}

// numeric describes the range of a slider or number input.
type numeric struct {
	isFloat        bool
	min, max, step float64
	hasMin, hasMax bool
}

func (n *numeric) make(f float64) starlark.Value {
	if n.isFloat {
		return starlark.Float(f)
	}
	return starlark.MakeInt64(int64(math.Round(f)))
}

func (n *numeric) json(f float64) any {
	if n.isFloat {
		return f
	}
	return int64(math.Round(f))
}

// clamp checks that v is a number and brings it into the range.
func (n *numeric) clamp(v starlark.Value) (float64, error) {
	var f float64
	switch x := v.(type) {
	case starlark.Int:
		f = float64(x.Float()) // ±Inf past float64's range, then clamped
	case starlark.Float:
		if !n.isFloat {
			if float64(x) != math.Trunc(float64(x)) {
				return 0, fmt.Errorf("got float %s, want int", x)
			}
		}
		f = float64(x)
	default:
		return 0, fmt.Errorf("got %s, want %s", v.Type(), map[bool]string{true: "float", false: "int"}[n.isFloat])
	}
	if math.IsNaN(f) {
		return 0, fmt.Errorf("got nan, want a number")
	}
	if n.hasMin && f < n.min {
		f = n.min
	}
	if n.hasMax && f > n.max {
		f = n.max
	}
	if math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s is out of range", v)
	}
	return f, nil
}

func isFloat(vs ...starlark.Value) bool {
	for _, v := range vs {
		if _, ok := v.(starlark.Float); ok {
			return true
		}
	}
	return false
}

func number(c *call, param string, v starlark.Value) (float64, error) {
	switch x := v.(type) {
	case starlark.Int:
		i, ok := x.Int64()
		if !ok {
			return 0, c.errorf("for parameter %s: %s is too large", param, x)
		}
		return float64(i), nil
	case starlark.Float:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return 0, c.errorf("for parameter %s: got %s, want a finite number", param, x)
		}
		return float64(x), nil
	}
	return 0, c.errorf("for parameter %s: got %s, want int or float", param, v.Type())
}

func slider(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "slider"}
	// The parameters are one array (one allocation, not one per parameter
	// that UnpackArgs writes to), which is also the widget's identity.
	ps := &[5]starlark.Value{starlark.None, starlark.None, starlark.None, starlark.None, starlark.None}
	pairs := s.common.pairs("on_change", "label", &s.label, "min_value?", &ps[0], "max_value?", &ps[1], "value?", &ps[2], "step?", &ps[3], "format?", &ps[4])
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	minV, maxV, value, step, format := ps[0], ps[1], ps[2], ps[3], ps[4]
	first := value // the value that decides the slider's type, as in Streamlit
	if a, _, ok := pairOf(value); ok {
		first = a
	}
	if first == starlark.None {
		first = minV
	}
	if isTemporal(first) {
		return temporalSlider(&c, s, minV, maxV, value, step, format)
	}
	var pair []starlark.Value
	if seq, ok := value.(starlark.Indexable); ok && value.Type() != "string" {
		if seq.Len() != 2 {
			return nil, c.errorf("for parameter value: a range has two values, got %d", seq.Len())
		}
		pair = []starlark.Value{seq.Index(0), seq.Index(1)}
	}
	n := &numeric{hasMin: true, hasMax: true}
	n.isFloat = isFloat(append([]starlark.Value{minV, maxV, value, step}, pair...)...)
	n.min, n.max, n.step = 0, 100, 1
	if n.isFloat {
		n.max, n.step = 1, 0.01
	}
	var err error
	if minV != starlark.None {
		if n.min, err = number(&c, "min_value", minV); err != nil {
			return nil, err
		}
	}
	if maxV != starlark.None {
		if n.max, err = number(&c, "max_value", maxV); err != nil {
			return nil, err
		}
	}
	if step != starlark.None {
		if n.step, err = number(&c, "step", step); err != nil {
			return nil, err
		}
		if n.step <= 0 {
			return nil, c.errorf("for parameter step: %s is not positive", step)
		}
	}
	if n.min > n.max {
		return nil, c.errorf("min_value %s is greater than max_value %s", starlark.Value(n.make(n.min)), starlark.Value(n.make(n.max)))
	}
	if pair != nil {
		lo, err := number(&c, "value", pair[0])
		if err != nil {
			return nil, err
		}
		hi, err := number(&c, "value", pair[1])
		if err != nil {
			return nil, err
		}
		if lo < n.min || hi > n.max || lo > hi {
			return nil, c.errorf("value (%s, %s) is outside the range [%s, %s]", pair[0], pair[1], n.make(n.min), n.make(n.max))
		}
		s.def = starlark.Tuple{n.make(lo), n.make(hi)}
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			seq, ok := v.(starlark.Indexable)
			if !ok || seq.Len() != 2 || v.Type() == "string" {
				return nil, fmt.Errorf("got %s, want a (low, high) pair", v.Type())
			}
			a, err := n.clamp(seq.Index(0))
			if err != nil {
				return nil, err
			}
			b, err := n.clamp(seq.Index(1))
			if err != nil {
				return nil, err
			}
			if a > b {
				a, b = b, a
			}
			return starlark.Tuple{n.make(a), n.make(b)}, nil
		}
		s.props = func(v starlark.Value) map[string]any {
			t := v.(starlark.Tuple)
			a, _ := n.clamp(t[0])
			b, _ := n.clamp(t[1])
			return n.props([]any{n.json(a), n.json(b)}, format)
		}
	} else {
		def := n.min
		if value != starlark.None {
			if def, err = number(&c, "value", value); err != nil {
				return nil, err
			}
			if def < n.min || def > n.max {
				return nil, c.errorf("value %s is outside the range [%s, %s]", value, n.make(n.min), n.make(n.max))
			}
		}
		s.def = n.make(def)
		n.single(s, format, false)
	}
	s.identity = ps[:] // min_value, max_value, value, step, format
	return c.widget(s)
}

// single makes s a widget of one number in n's range: values sent are
// clamped into it. A nullable widget also takes None (nothing entered).
func (n *numeric) single(s *spec, format starlark.Value, nullable bool) {
	s.coerce = func(v starlark.Value) (starlark.Value, error) {
		if nullable && v == starlark.None {
			return v, nil
		}
		f, err := n.clamp(v)
		if err != nil {
			return nil, err
		}
		return n.make(f), nil
	}
	s.props = func(v starlark.Value) map[string]any {
		if v == starlark.None {
			return n.props(nil, format)
		}
		f, _ := n.clamp(v)
		return n.props(n.json(f), format)
	}
}

func (n *numeric) props(value any, format starlark.Value) map[string]any {
	// Sized for the properties the widget adds (label, help, disabled,
	// key...): a map grown past 8 entries allocates again.
	p := make(map[string]any, 12)
	p["value"], p["step"], p["float"], p["format"], p["min"], p["max"] = value, n.json(n.step), n.isFloat, host.ToJSON(format), nil, nil
	if n.isFloat {
		p["step"] = n.step
	}
	if n.hasMin {
		p["min"] = n.json(n.min)
	}
	if n.hasMax {
		p["max"] = n.json(n.max)
	}
	return p
}

func numberInput(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "number_input"}
	var minV, maxV, step starlark.Value = starlark.None, starlark.None, starlark.None
	var value starlark.Value = starlark.String("min")
	var format, placeholder starlark.Value = starlark.None, starlark.None
	pairs := s.common.pairs("on_change", "label", &s.label, "min_value?", &minV, "max_value?", &maxV, "value?", &value, "step?", &step, "format?", &format)
	pairs = append(pairs, "placeholder?", &placeholder)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	ph, err := optString(&c, "placeholder", placeholder)
	if err != nil {
		return nil, err
	}
	if str, ok := value.(starlark.String); ok && str != "min" {
		return nil, c.errorf("for parameter value: got %q, want a number, \"min\" or None", string(str))
	}
	_, fromMin := value.(starlark.String)
	// As in Streamlit: floats when any number given is a float, or when
	// no number is given at all (st.number_input("x") returns 0.0).
	noNumbers := minV == starlark.None && maxV == starlark.None && step == starlark.None && (fromMin || value == starlark.None)
	n := &numeric{isFloat: noNumbers || isFloat(minV, maxV, value, step), step: 1}
	if n.isFloat {
		n.step = 0.01
	}
	if minV != starlark.None {
		n.hasMin = true
		if n.min, err = number(&c, "min_value", minV); err != nil {
			return nil, err
		}
	}
	if maxV != starlark.None {
		n.hasMax = true
		if n.max, err = number(&c, "max_value", maxV); err != nil {
			return nil, err
		}
	}
	if n.hasMin && n.hasMax && n.min > n.max {
		return nil, c.errorf("min_value %s is greater than max_value %s", minV, maxV)
	}
	if step != starlark.None {
		if n.step, err = number(&c, "step", step); err != nil {
			return nil, err
		}
		if n.step <= 0 {
			return nil, c.errorf("for parameter step: %s is not positive", step)
		}
	}
	def := 0.0
	if n.hasMin {
		def = n.min
	}
	if value != starlark.None && !fromMin {
		if def, err = number(&c, "value", value); err != nil {
			return nil, err
		}
		if n.hasMin && def < n.min {
			return nil, c.errorf("value %s is less than min_value %s", value, minV)
		}
		if n.hasMax && def > n.max {
			return nil, c.errorf("value %s is greater than max_value %s", value, maxV)
		}
	}
	s.def = n.make(def)
	if value == starlark.None {
		s.def = starlark.None // None until the user enters a number
	}
	n.single(s, format, true)
	if ph != nil || value == starlark.None {
		props := s.props
		s.props = func(v starlark.Value) map[string]any {
			p := props(v)
			if ph != nil {
				p["placeholder"] = ph
			}
			if value == starlark.None {
				p["clearable"] = true // the user may empty it again: None
			}
			return p
		}
	}
	s.identity = []starlark.Value{minV, maxV, value, step, format}
	return c.widget(s)
}

// captionList checks radio's captions: a string (markdown) for each of n
// options, None for none.
func captionList(c *call, v starlark.Value, n int) ([]string, error) {
	if !isSeq(v) {
		return nil, c.errorf("for parameter captions: got %s, want a list of strings", v.Type())
	}
	seq := v.(starlark.Indexable)
	if seq.Len() != n {
		return nil, c.errorf("for parameter captions: %d captions for %d options; give one for each option (\"\" for none)", seq.Len(), n)
	}
	out := make([]string, n)
	for i := range out {
		switch x := seq.Index(i).(type) {
		case starlark.String:
			out[i] = string(x)
		case starlark.NoneType:
		default:
			return nil, c.errorf("for parameter captions: item %d is %s, want string", i, x.Type())
		}
	}
	return out, nil
}

// textInput implements text_input and text_area.
func textInput(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: kindOf(c.name)}
	var value starlark.Value = starlark.String("")
	var maxChars, placeholder, height starlark.Value = starlark.None, starlark.None, starlark.None
	typ, autocomplete := "default", ""
	pairs := s.common.pairs("on_change", "label", &s.label, "value?", &value)
	pairs = append(pairs, "max_chars?", &maxChars, "placeholder?", &placeholder)
	if s.kind == "text_input" {
		pairs = append(pairs, "type?", &typ, "autocomplete?", &autocomplete)
	} else {
		pairs = append(pairs, "height?", &height)
	}
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	if typ != "default" && typ != "password" {
		return nil, c.errorf("for parameter type: got %q, want \"default\" or \"password\"", typ)
	}
	limit := -1
	if maxChars != starlark.None {
		var err error
		if limit, err = starlark.AsInt32(maxChars); err != nil || limit < 1 {
			return nil, c.errorf("for parameter max_chars: got %s, want a positive int", maxChars)
		}
	}
	s.coerce = func(v starlark.Value) (starlark.Value, error) {
		if v == starlark.None {
			return v, nil // nothing entered yet
		}
		str, ok := v.(starlark.String)
		if !ok {
			return nil, fmt.Errorf("got %s, want string", v.Type())
		}
		if limit > 0 && len([]rune(string(str))) > limit {
			return nil, fmt.Errorf("%d characters, more than max_chars %d", len([]rune(string(str))), limit)
		}
		return str, nil
	}
	// As in Streamlit, value is any value, shown as its str(); None is
	// nothing entered, and the widget returns None until the user types.
	if value != starlark.None {
		value = starlark.String(plain(value))
	}
	def, err := s.coerce(value)
	if err != nil {
		return nil, c.errorf("for parameter value: %v", err)
	}
	s.def = def
	s.identity = []starlark.Value{value, maxChars, placeholder, height, starlark.String(typ)}
	s.props = func(v starlark.Value) map[string]any {
		var shown any
		if str, ok := v.(starlark.String); ok {
			shown = string(str)
		}
		p := map[string]any{"value": shown, "placeholder": host.ToJSON(placeholder), "max_chars": host.ToJSON(maxChars)}
		if s.kind == "text_input" {
			p["type"] = typ
			if autocomplete != "" {
				p["autocomplete"] = autocomplete // the browser's hint, as Streamlit passes it on
			}
		} else {
			p["height"] = host.ToJSON(height)
		}
		return p
	}
	return c.widget(s)
}
