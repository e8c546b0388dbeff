package starlib

// This file defines the selection of st.dataframe(on_select=...): a widget
// whose value is Streamlit's event, {"selection": {"rows": [...],
// "columns": [...]}}, read as ev.selection.rows or ev["selection"]["rows"].
// Rows are positions in the data as the page gave it (not the order the
// user sorted the grid in), columns are names, both in ascending order.
// In a form, as in Streamlit, the selection reaches the page when the form
// is submitted, with the form's other values (the browser holds it until
// then), and clear_on_submit clears it.

import (
	"fmt"
	"sort"

	"github.com/stark-dev/stark/lib/table"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// selectionModes are selection_mode's values.
var selectionModes = []string{"single-row", "multi-row", "single-column", "multi-column"}

// selectableDataframe appends the dataframe of t as a widget and returns
// its selection.
func selectableDataframe(c *call, t *table.Table, props map[string]any, hideIndex, key, onSelect, modeV starlark.Value) (starlark.Value, error) {
	s := &spec{kind: "dataframe", bare: true, rows: t}
	s.common.key, s.common.help, s.common.callback = key, starlark.None, starlark.None
	switch f := onSelect.(type) {
	case starlark.String:
		if f != "rerun" {
			return nil, c.errorf("for parameter on_select: got %q, want \"ignore\", \"rerun\" or a function", string(f))
		}
	case starlark.Callable:
		s.common.callback, s.common.cbName = f, "on_select"
	default:
		return nil, c.errorf("for parameter on_select: got %s, want \"ignore\", \"rerun\" or a function", onSelect.Type())
	}
	modes, err := selectionModesOf(c, modeV)
	if err != nil {
		return nil, err
	}
	var rowMode, colMode string
	for _, m := range modes {
		if m == "single-row" || m == "multi-row" {
			rowMode = m
		} else {
			colMode = m
		}
	}
	n, names := t.Len(), t.Columns()
	s.def = selectionValue(nil, nil)
	s.coerce = func(v starlark.Value) (starlark.Value, error) {
		rows, cols, err := selectionOf(v)
		if err != nil {
			return nil, err
		}
		switch {
		case len(rows) > 0 && rowMode == "":
			return nil, fmt.Errorf("rows selected, but selection_mode %v selects no rows", modes)
		case len(rows) > 1 && rowMode == "single-row":
			return nil, fmt.Errorf("%d rows selected, but selection_mode is single-row", len(rows))
		case len(cols) > 0 && colMode == "":
			return nil, fmt.Errorf("columns selected, but selection_mode %v selects no columns", modes)
		case len(cols) > 1 && colMode == "single-column":
			return nil, fmt.Errorf("%d columns selected, but selection_mode is single-column", len(cols))
		}
		for _, r := range rows {
			if r < 0 || r >= n {
				return nil, fmt.Errorf("row %d selected, but the data has %d rows", r, n)
			}
		}
		for _, name := range cols {
			if _, ok := t.ColumnIndex(name); !ok {
				return nil, fmt.Errorf("column %q selected, but no column of that name is shown (columns: %s)", name, t.ColumnList())
			}
		}
		sort.Ints(rows)
		sort.SliceStable(cols, func(a, b int) bool {
			i, _ := t.ColumnIndex(cols[a])
			j, _ := t.ColumnIndex(cols[b])
			return i < j
		})
		return selectionValue(dedupInts(rows), dedupStrings(cols)), nil
	}
	// Without a key the id comes from what the dataframe shows: its
	// columns, size, first rows and modes (two selectable dataframes of the
	// same first rows need keys).
	first, _ := t.Rows(0, inlineRows, "", false)
	s.identity = []starlark.Value{starlark.String(fmt.Sprint(names, n, first, modes))}
	s.props = func(v starlark.Value) map[string]any {
		rows, cols, _ := selectionOf(v)
		if rows == nil {
			rows = []int{}
		}
		if cols == nil {
			cols = []string{}
		}
		props["selection_mode"] = modes
		props["selection"] = map[string]any{"rows": rows, "columns": cols}
		if hideIndex == starlark.False {
			props["hide_index"] = false
		}
		return props
	}
	return c.widget(s)
}

// selectionModesOf checks selection_mode: one mode or a list of them, at
// most one for rows and one for columns.
func selectionModesOf(c *call, v starlark.Value) ([]string, error) {
	var given []starlark.Value
	switch x := v.(type) {
	case starlark.String:
		given = []starlark.Value{x}
	case starlark.Iterable:
		it := x.Iterate()
		defer it.Done()
		var e starlark.Value
		for it.Next(&e) {
			given = append(given, e)
		}
	default:
		return nil, c.errorf("for parameter selection_mode: got %s, want a mode or a list of modes", v.Type())
	}
	var modes []string
	var rows, cols bool
	for _, g := range given {
		m, ok := starlark.AsString(g)
		if !ok || indexOfString(selectionModes, m) < 0 {
			return nil, c.errorf("for parameter selection_mode: got %s, want \"single-row\", \"multi-row\", \"single-column\" or \"multi-column\"", g)
		}
		isRow := m == "single-row" || m == "multi-row"
		if (isRow && rows) || (!isRow && cols) {
			return nil, c.errorf("for parameter selection_mode: %v has two row modes or two column modes; give at most one of each", v)
		}
		rows, cols = rows || isRow, cols || !isRow
		modes = append(modes, m)
	}
	if len(modes) == 0 {
		return nil, c.errorf("for parameter selection_mode: the list is empty; give a mode")
	}
	return modes, nil
}

// selectionOf reads the rows and columns of a selection: an event (ours or
// a dict of its shape, {"selection": {...}}) or the selection itself,
// {"rows": [...], "columns": [...]}, as the browser sends it.
func selectionOf(v starlark.Value) ([]int, []string, error) {
	var m starlark.Mapping
	switch x := v.(type) {
	case *attrDict:
		m = x.d
	case starlark.Mapping:
		m = x
	default:
		return nil, nil, fmt.Errorf("got %s, want a selection {\"rows\": [...], \"columns\": [...]}", v.Type())
	}
	if sel, found, _ := m.Get(starlark.String("selection")); found {
		if a, ok := sel.(*attrDict); ok {
			sel = a.d
		}
		if m, _ = sel.(starlark.Mapping); m == nil {
			return nil, nil, fmt.Errorf("selection: got %s, want a dict of rows and columns", sel.Type())
		}
	}
	var rows []int
	var cols []string
	if r, found, _ := m.Get(starlark.String("rows")); found {
		it, ok := r.(starlark.Iterable)
		if !ok {
			return nil, nil, fmt.Errorf("rows: got %s, want a list of row positions", r.Type())
		}
		if err := eachValue(it, func(x starlark.Value) error {
			i, err := starlark.AsInt32(x)
			if err != nil {
				return fmt.Errorf("rows: got %s, want a list of row positions (ints)", x.Type())
			}
			rows = append(rows, i)
			return nil
		}); err != nil {
			return nil, nil, err
		}
	}
	if c, found, _ := m.Get(starlark.String("columns")); found {
		it, ok := c.(starlark.Iterable)
		if !ok {
			return nil, nil, fmt.Errorf("columns: got %s, want a list of column names", c.Type())
		}
		if err := eachValue(it, func(x starlark.Value) error {
			s, ok := x.(starlark.String)
			if !ok {
				return fmt.Errorf("columns: got %s, want a list of column names (strings)", x.Type())
			}
			cols = append(cols, string(s))
			return nil
		}); err != nil {
			return nil, nil, err
		}
	}
	return rows, cols, nil
}

func eachValue(it starlark.Iterable, f func(starlark.Value) error) error {
	i := it.Iterate()
	defer i.Done()
	var x starlark.Value
	for i.Next(&x) {
		if err := f(x); err != nil {
			return err
		}
	}
	return nil
}

func dedupInts(xs []int) []int {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func dedupStrings(xs []string) []string {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// selectionValue returns the event of a selection, frozen.
func selectionValue(rows []int, cols []string) starlark.Value {
	rl := make([]starlark.Value, len(rows))
	for i, r := range rows {
		rl[i] = starlark.MakeInt(r)
	}
	cl := make([]starlark.Value, len(cols))
	for i, c := range cols {
		cl[i] = starlark.String(c)
	}
	sel := starlark.NewDict(2)
	sel.SetKey(starlark.String("rows"), starlark.NewList(rl))
	sel.SetKey(starlark.String("columns"), starlark.NewList(cl))
	ev := starlark.NewDict(1)
	ev.SetKey(starlark.String("selection"), &attrDict{sel})
	a := &attrDict{ev}
	a.Freeze()
	return a
}

// attrDict is a dict whose string keys are also attributes, as Streamlit's
// AttributeDictionary: ev.selection.rows is ev["selection"]["rows"]. A key
// that is also a dict method's name (keys, items, get) reads as the key.
type attrDict struct{ d *starlark.Dict }

var (
	_ starlark.HasAttrs        = (*attrDict)(nil)
	_ starlark.IterableMapping = (*attrDict)(nil)
	_ starlark.Sequence        = (*attrDict)(nil)
	_ starlark.Comparable      = (*attrDict)(nil)
)

func (a *attrDict) String() string        { return a.d.String() }
func (a *attrDict) Type() string          { return "dict" }
func (a *attrDict) Freeze()               { a.d.Freeze() }
func (a *attrDict) Truth() starlark.Bool  { return a.d.Truth() }
func (a *attrDict) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: dict") }
func (a *attrDict) Len() int              { return a.d.Len() }
func (a *attrDict) Iterate() starlark.Iterator {
	return a.d.Iterate()
}
func (a *attrDict) AsDict() *starlark.Dict                             { return a.d }
func (a *attrDict) Items() []starlark.Tuple                            { return a.d.Items() }
func (a *attrDict) Get(k starlark.Value) (starlark.Value, bool, error) { return a.d.Get(k) }

func (a *attrDict) Attr(name string) (starlark.Value, error) {
	if v, found, _ := a.d.Get(starlark.String(name)); found {
		return v, nil
	}
	return a.d.Attr(name)
}

func (a *attrDict) AttrNames() []string {
	names := a.d.AttrNames()
	for _, k := range a.d.Keys() {
		if s, ok := k.(starlark.String); ok {
			names = append(names, string(s))
		}
	}
	sort.Strings(names)
	return names
}

func (a *attrDict) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, a.d, y.(*attrDict).d, depth)
}
