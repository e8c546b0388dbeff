package apptest

// This file defines the elements of a run as a test sees them: lists of
// one kind (indexable, and callable by key or label), elements whose
// properties are attributes, widgets with the methods that set them, and
// containers with the accessors of the app restricted to their subtree.

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/stark-dev/stark/host"
	starlarktime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
)

// A List is the elements of one kind under a container, in page order.
// list[i] is one; list("key or label") finds one by its key, then its
// label.
type List struct {
	app  *App
	kind string
	els  []*host.Element
}

var (
	_ starlark.Sliceable = (*List)(nil)
	_ starlark.Iterable  = (*List)(nil)
	_ starlark.Callable  = (*List)(nil)
)

func (l *List) String() string {
	var b strings.Builder
	b.WriteString("[")
	for i, e := range l.els {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString((&Element{app: l.app, el: e}).String())
	}
	b.WriteString("]")
	return b.String()
}
func (l *List) Type() string          { return "elements" }
func (l *List) Freeze()               {}
func (l *List) Truth() starlark.Bool  { return len(l.els) > 0 }
func (l *List) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: elements") }
func (l *List) Len() int              { return len(l.els) }
func (l *List) Name() string          { return l.kind }

func (l *List) Index(i int) starlark.Value { return &Element{app: l.app, el: l.els[i]} }

// Slice returns the elements list[start:end:step], a list of the kind too.
func (l *List) Slice(start, end, step int) starlark.Value {
	var out []*host.Element
	for i := start; step > 0 && i < end || step < 0 && i > end; i += step {
		out = append(out, l.els[i])
	}
	return &List{app: l.app, kind: l.kind, els: out}
}

func (l *List) Iterate() starlark.Iterator { return &listIter{l: l} }

type listIter struct {
	l *List
	i int
}

func (it *listIter) Next(p *starlark.Value) bool {
	if it.i >= len(it.l.els) {
		return false
	}
	*p = it.l.Index(it.i)
	it.i++
	return true
}
func (it *listIter) Done() {}

// CallInternal finds the one element of the list whose key, then label,
// is the argument; without one, the list's only element.
func (l *List) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := starlark.UnpackPositionalArgs(l.kind, args, kwargs, 0, &name); err != nil {
		return nil, err
	}
	if len(args) == 0 {
		// app.chat_input(): the one element of the kind.
		if len(l.els) == 1 {
			return &Element{app: l.app, el: l.els[0]}, nil
		}
		return nil, fmt.Errorf("%s(): the run made %d %s elements, not one: give a key or label%s", l.kind, len(l.els), l.kind, l.app.failedNote())
	}
	var byKey, byLabel []*host.Element
	var labels []string
	for _, e := range l.els {
		if k, _ := e.Prop("key").(string); k == name || e.ID == name && e.ID != "" {
			byKey = append(byKey, e)
		}
		if lb, _ := e.Prop("label").(string); lb == name {
			byLabel = append(byLabel, e)
		}
		if k, _ := e.Prop("key").(string); k != "" {
			labels = append(labels, fmt.Sprintf("key %q", k))
		} else if lb, _ := e.Prop("label").(string); lb != "" {
			labels = append(labels, fmt.Sprintf("%q", lb))
		}
	}
	found := byKey
	if len(found) == 0 {
		found = byLabel
	}
	switch {
	case len(found) == 1:
		return &Element{app: l.app, el: found[0]}, nil
	case len(found) > 1:
		return nil, fmt.Errorf("%s(%q): %d %s elements have that label: find one by its key", l.kind, name, len(found), l.kind)
	case len(l.els) == 0:
		return nil, fmt.Errorf("%s(%q): the run made no %s element%s", l.kind, name, l.kind, l.app.failedNote())
	}
	return nil, fmt.Errorf("%s(%q): no %s has that key or label; there are %s", l.kind, name, l.kind, strings.Join(labels, ", "))
}

// failedNote adds the page's error to a lookup that found nothing.
func (a *App) failedNote() string {
	if pe := a.pageError(); pe != "" {
		return " (" + pe + ")"
	}
	return ""
}

// An Element is one element of a run. Its properties are attributes
// (docs/elements.md); a widget's value is the value the page gets; a
// container has the app's accessors for its subtree.
type Element struct {
	app *App
	el  *host.Element
}

var _ starlark.HasAttrs = (*Element)(nil)

func (e *Element) String() string {
	var extra string
	if k, _ := e.el.Prop("key").(string); k != "" {
		extra = fmt.Sprintf(" key=%q", k)
	} else if lb, _ := e.el.Prop("label").(string); lb != "" {
		extra = fmt.Sprintf(" label=%q", lb)
	} else if b, ok := e.el.Prop("body").(string); ok {
		if len(b) > 40 {
			b = b[:40] + "…"
		}
		extra = fmt.Sprintf(" %q", b)
	}
	return fmt.Sprintf("<%s %s%s>", e.el.Kind, e.el.Path, extra)
}
func (e *Element) Type() string          { return e.el.Kind }
func (e *Element) Freeze()               {}
func (e *Element) Truth() starlark.Bool  { return starlark.True }
func (e *Element) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: element") }

func (e *Element) isWidget() bool { return e.el.ID != "" }

// isContainer reports whether the element holds others.
func (e *Element) isContainer() bool {
	if len(e.el.Children) > 0 {
		return true
	}
	switch e.el.Kind {
	case "main", "sidebar", "column", "columns", "tab", "tabs", "expander", "container", "popover", "form", "status", "fragment", "empty", "chat_message", "dialog":
		return true
	}
	return false
}

func (e *Element) AttrNames() []string {
	names := []string{"kind", "path"}
	if e.el.TextBody {
		names = append(names, "body")
	}
	for k := range e.el.Props {
		names = append(names, k)
	}
	if e.el.Kind == "fragment" {
		names = append(names, "tick")
	}
	if e.isWidget() {
		names = append(names, "id", "value")
		for k := range widgetMethods {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names
}

func (e *Element) Attr(name string) (starlark.Value, error) {
	switch name {
	case "kind":
		return starlark.String(e.el.Kind), nil
	case "path":
		return starlark.String(e.el.Path), nil
	case "id":
		if e.isWidget() {
			return starlark.String(e.el.ID), nil
		}
	case "value":
		if e.isWidget() {
			if v, ok := e.app.s.State.WidgetValue(e.el.ID); ok {
				return v, nil
			}
		}
	}
	if e.isWidget() {
		if m, ok := widgetMethods[name]; ok {
			return starlark.NewBuiltin(e.el.Kind+"."+name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				return m(e, b, args, kwargs)
			}), nil
		}
	}
	if v := e.el.Prop(name); v != nil || hasProp(e.el, name) {
		return toValue(v), nil
	}
	if e.el.Kind == "fragment" && name == "tick" {
		return starlark.NewBuiltin("fragment.tick", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			return e.tick(b.Name())
		}), nil
	}
	if e.isContainer() {
		return kindList(e.app, e.el.Kind, name, e.el.Children)
	}
	return nil, fmt.Errorf("%s element has no property %q; it has %s", e.el.Kind, name, strings.Join(e.AttrNames(), ", "))
}

func hasProp(el *host.Element, name string) bool {
	_, ok := el.Props[name]
	return ok
}

// widgetMethods are the methods of widget elements: each records a value
// or a click for the next run, as a browser would, and returns the widget
// (widget.set(5).run() runs the app).
var widgetMethods = map[string]func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error){
	// close dismisses a dialog, as its close button or Escape does.
	"close": func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
			return nil, err
		}
		if e.el.Kind != "dialog" {
			return nil, fmt.Errorf("%s: only a dialog is closed", b.Name())
		}
		return e.set(b.Name(), starlark.True)
	},
	// edit, add_row and delete_row change a data editor's delta (Streamlit's
	// edited_rows, added_rows, deleted_rows) as the grid does: edit(row,
	// column, value) with row a position in the data as given.
	"edit": func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var row int
		var col string
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 3, &row, &col, &v); err != nil {
			return nil, err
		}
		return e.editDelta(b.Name(), func(d map[string]any) {
			rows, _ := d["edited_rows"].(map[string]any)
			if rows == nil {
				rows = map[string]any{}
			}
			r, _ := rows[strconv.Itoa(row)].(map[string]any)
			if r == nil {
				r = map[string]any{}
			}
			r[col] = host.ToJSON(v)
			rows[strconv.Itoa(row)] = r
			d["edited_rows"] = rows
		})
	},
	"add_row": func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var row *starlark.Dict
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &row); err != nil {
			return nil, err
		}
		var add any = map[string]any{}
		if row != nil {
			add = host.ToJSON(row)
		}
		return e.editDelta(b.Name(), func(d map[string]any) {
			added, _ := d["added_rows"].([]any)
			d["added_rows"] = append(added, add)
		})
	},
	"delete_row": func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var row int
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &row); err != nil {
			return nil, err
		}
		return e.editDelta(b.Name(), func(d map[string]any) {
			deleted, _ := d["deleted_rows"].([]any)
			d["deleted_rows"] = append(deleted, row)
		})
	},
	"set":    setMethod,
	"input":  setMethod,
	"submit": submitMethod, // a chat input's message
	"upload": uploadMethod,
	"check": func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
			return nil, err
		}
		return e.set(b.Name(), starlark.True)
	},
	"uncheck": func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
			return nil, err
		}
		return e.set(b.Name(), starlark.False)
	},
	"select": func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
			return nil, err
		}
		if cur, ok := e.listValue(); ok {
			for _, y := range cur {
				if eq, _ := starlark.Equal(x, y); eq {
					return e, nil
				}
			}
			return e.set(b.Name(), starlark.NewList(append(cur, x)))
		}
		return e.set(b.Name(), x)
	},
	"unselect": func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
			return nil, err
		}
		cur, ok := e.listValue()
		if !ok {
			return nil, fmt.Errorf("%s: a %s selects one option: select another, or set(None)", b.Name(), e.el.Kind)
		}
		var keep []starlark.Value
		for _, y := range cur {
			if eq, _ := starlark.Equal(x, y); !eq {
				keep = append(keep, y)
			}
		}
		return e.set(b.Name(), starlark.NewList(keep))
	},
	"click": func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
			return nil, err
		}
		return e.click(b.Name())
	},
	"run": func(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
			return nil, err
		}
		return e.app.run(), nil
	},
}

func setMethod(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	return e.set(b.Name(), v)
}

// listValue returns the widget's value when it is a list (a multiselect's).
func (e *Element) listValue() ([]starlark.Value, bool) {
	v, ok := e.app.s.State.WidgetValue(e.el.ID)
	if !ok {
		return nil, false
	}
	l, ok := v.(*starlark.List)
	if !ok {
		return nil, false
	}
	out := make([]starlark.Value, l.Len())
	for i := range out {
		out[i] = l.Index(i)
	}
	return out, true
}

// spec returns the widget's spec in the session's state.
func (e *Element) spec(what string) (*host.Widget, error) {
	w := e.app.s.State.Widget(e.el.ID)
	if w == nil {
		return nil, fmt.Errorf("%s: the widget %s is not in the last run", what, e)
	}
	return w, nil
}

// set records v for the widget; a widget in a form keeps it until the
// form's submit button is clicked.
func (e *Element) set(what string, v starlark.Value) (starlark.Value, error) {
	w, err := e.spec(what)
	if err != nil {
		return nil, err
	}
	if w.Trigger {
		return nil, fmt.Errorf("%s: %s is a button: click() it", what, e)
	}
	if w.Form != "" {
		if _, err := w.Coerce(v); err != nil {
			return nil, fmt.Errorf("%s: %s: %v", what, e, err)
		}
		e.app.pending[w.Form] = append(e.app.pending[w.Form], pendingSet{w.ID, v})
		return e, nil
	}
	if err := e.app.s.SetWidget(w.ID, v); err != nil {
		return nil, fmt.Errorf("%s: %v", what, err)
	}
	return e, nil
}

// click clicks a button; a form's submit button first applies the values
// set in its form.
func (e *Element) click(what string) (starlark.Value, error) {
	w, err := e.spec(what)
	if err != nil {
		return nil, err
	}
	if !w.Trigger {
		return nil, fmt.Errorf("%s: %s is not a button: set() its value", what, e)
	}
	if w.Form != "" {
		for _, p := range e.app.pending[w.Form] {
			if err := e.app.s.SetWidget(p.id, p.v); err != nil {
				return nil, fmt.Errorf("%s: %v", what, err)
			}
		}
		delete(e.app.pending, w.Form)
	}
	if err := e.app.s.Click(w.ID); err != nil {
		return nil, fmt.Errorf("%s: %v", what, err)
	}
	return e, nil
}

// tick runs the fragment alone, once, as its run_every timer does; its
// elements replace the fragment's in the app's tree. It returns the app.
func (e *Element) tick(what string) (starlark.Value, error) {
	for id, f := range e.app.s.Fragments() {
		if f.Path == e.el.Path {
			res, err := e.app.s.TickFragment(id)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", what, err)
			}
			e.app.res = res
			return e.app, nil
		}
	}
	return nil, fmt.Errorf("%s: the fragment at %s is not one the app shows now (its page changed since): run the app again", what, e.el.Path)
}

// sessionState is app.session_state: st.session_state of the test's
// session, read and written between runs (a write makes the next run a
// full one).
type sessionState struct {
	st  *host.State
	set func(string, starlark.Value)
}

var (
	_ starlark.HasSetKey = (*sessionState)(nil)
	_ starlark.Iterable  = (*sessionState)(nil)
)

func (s *sessionState) String() string {
	d := starlark.NewDict(s.st.Len())
	for _, k := range s.st.Keys() {
		v, _ := s.st.Get(k)
		d.SetKey(starlark.String(k), v)
	}
	return d.String()
}
func (s *sessionState) Type() string          { return "session_state" }
func (s *sessionState) Freeze()               {}
func (s *sessionState) Truth() starlark.Bool  { return s.st.Len() > 0 }
func (s *sessionState) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: session_state") }
func (s *sessionState) Len() int              { return s.st.Len() }

func (s *sessionState) Get(k starlark.Value) (starlark.Value, bool, error) {
	key, ok := starlark.AsString(k)
	if !ok {
		return nil, false, fmt.Errorf("session_state: a key is a string, got %s", k.Type())
	}
	v, found := s.st.Get(key)
	return v, found, nil
}

func (s *sessionState) SetKey(k, v starlark.Value) error {
	key, ok := starlark.AsString(k)
	if !ok {
		return fmt.Errorf("session_state: a key is a string, got %s", k.Type())
	}
	s.set(key, v)
	return nil
}

func (s *sessionState) Iterate() starlark.Iterator {
	keys := s.st.Keys()
	vals := make([]starlark.Value, len(keys))
	for i, k := range keys {
		vals[i] = starlark.String(k)
	}
	return starlark.Tuple(vals).Iterate()
}

// toValue converts an element property (a JSON value in Go) to Starlark.
func toValue(v any) starlark.Value {
	switch v := v.(type) {
	case nil:
		return starlark.None
	case bool:
		return starlark.Bool(v)
	case string:
		return starlark.String(v)
	case int:
		return starlark.MakeInt(v)
	case int64:
		return starlark.MakeInt64(v)
	case float64:
		return starlark.Float(v)
	case []any:
		out := make([]starlark.Value, len(v))
		for i, x := range v {
			out[i] = toValue(x)
		}
		return starlark.NewList(out)
	case []string:
		out := make([]starlark.Value, len(v))
		for i, x := range v {
			out[i] = starlark.String(x)
		}
		return starlark.NewList(out)
	case map[string]any:
		d := starlark.NewDict(len(v))
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			d.SetKey(starlark.String(k), toValue(v[k]))
		}
		return d
	case json.RawMessage:
		var x any
		if json.Unmarshal(v, &x) != nil {
			return starlark.String(string(v))
		}
		return toValue(x)
	}
	// Other JSON-encodable Go values: through their JSON.
	b, err := json.Marshal(v)
	if err != nil {
		return starlark.String(fmt.Sprint(v))
	}
	var x any
	if json.Unmarshal(b, &x) != nil {
		return starlark.String(string(b))
	}
	return toValue(normalize(x))
}

// normalize turns whole float64s of decoded JSON into ints.
func normalize(x any) any {
	switch v := x.(type) {
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return int64(v)
		}
	case []any:
		for i := range v {
			v[i] = normalize(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = normalize(v[k])
		}
	}
	return x
}

// timeOf reads a time: a time.time value, an RFC 3339 string or seconds
// since 1970.
func timeOf(v starlark.Value) (time.Time, error) {
	switch v := v.(type) {
	case starlarktime.Time:
		return time.Time(v), nil
	case starlark.String:
		t, err := time.Parse(time.RFC3339, string(v))
		if err != nil {
			return time.Time{}, fmt.Errorf("want an RFC 3339 time such as \"2025-01-31T09:00:00Z\", got %q", string(v))
		}
		return t, nil
	case starlark.Int, starlark.Float:
		f, _ := starlark.AsFloat(v)
		return time.Unix(0, int64(f*1e9)).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("want a time.time, an RFC 3339 string or seconds since 1970, got %s", v.Type())
}

func timeValue(t time.Time) starlark.Value { return starlarktime.Time(t) }

// durationOf reads a duration: "10m", a time.duration or seconds.
func durationOf(v starlark.Value) (time.Duration, error) {
	switch v := v.(type) {
	case starlarktime.Duration:
		return time.Duration(v), nil
	case starlark.String:
		d, err := time.ParseDuration(string(v))
		if err != nil {
			return 0, fmt.Errorf("want a duration such as \"10m\" or \"1h30m\", got %q", string(v))
		}
		return d, nil
	case starlark.Int, starlark.Float:
		f, _ := starlark.AsFloat(v)
		return time.Duration(f * float64(time.Second)), nil
	}
	return 0, fmt.Errorf("want a duration (\"10m\", a time.duration or seconds), got %s", v.Type())
}

// editDelta changes a data editor's delta with change and sets it.
func (e *Element) editDelta(what string, change func(map[string]any)) (starlark.Value, error) {
	if e.el.Kind != "data_editor" {
		return nil, fmt.Errorf("%s: only a data_editor's cells are edited", what)
	}
	d := map[string]any{"edited_rows": map[string]any{}, "added_rows": []any{}, "deleted_rows": []any{}}
	if v, ok := e.app.s.State.WidgetValue(e.el.ID); ok {
		if m, ok := host.ToJSON(v).(map[string]any); ok {
			for k, x := range m {
				d[k] = x
			}
		}
	}
	change(d)
	v, err := host.FromJSON(d)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", what, err)
	}
	return e.set(what, v)
}
