package starlib

// This file defines st.data_editor: a dataframe whose cells the user edits
// and whose rows the user adds and deletes. Its value, as in Streamlit's
// st.session_state[key], is the delta of the edits,
//
//	{"edited_rows": {row: {column: value}}, "added_rows": [{column: value}], "deleted_rows": [row]}
//
// with rows positions in the data as the page gave it. The grid pages its
// rows from the unedited table (as st.dataframe's) and shows the delta over
// them; the server checks each delta against the columns' types and
// column_config and returns the data with the delta applied, in the type the
// page gave (a table, a list of dicts, a dict of lists, a list of lists).

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/table"
	startime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
)

// editColumn is what the editor knows of a column shown: its table type,
// its column_config and whether it may be edited.
type editColumn struct {
	name      string
	typ       table.Type
	kind      string // column_config's "type": "number", "checkbox", ... or ""
	disabled  bool
	required  bool
	def       starlark.Value // default, for added rows; nil when none
	maxChars  int
	validate  *regexp.Regexp
	pattern   string // validate as the page gave it
	min, max  *float64
	step      float64
	options   []starlark.Value
	timeLike  bool // a date, datetime or time column: values are ISO strings
	dateOnly  bool
	intColumn bool
}

// dataEditor implements st.data_editor(data, *, width=None, height=None,
// use_container_width=False, hide_index=None, column_order=None,
// column_config=None, num_rows="fixed", disabled=False, key=None,
// on_change=None, args=None, kwargs=None).
func dataEditor(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, c.errorf("got %d positional arguments, want at most 1 (data); give the others by name", len(args))
	}
	var data, height, config, order, hideIndex, disabledV starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None, starlark.False
	numRows := "fixed"
	s := &spec{kind: "data_editor", bare: true}
	s.common.key, s.common.help, s.common.callback, s.common.cbName = starlark.None, starlark.None, starlark.None, "on_change"
	size := newSizing()
	pairs := []any{"data", &data, "width?", &size.width, "height?", &height, "use_container_width?", &size.useContainer,
		"hide_index?", &hideIndex, "column_order?", &order, "column_config?", &config,
		"num_rows?", &numRows, "disabled?", &disabledV, "key?", &s.common.key,
		"on_change?", &s.common.callback, "args?", &s.common.args, "kwargs?", &s.common.kwargs, "row_height?", new(starlark.Value)}
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	if numRows != "fixed" && numRows != "dynamic" {
		return nil, c.errorf("for parameter num_rows: got %q, want \"fixed\" or \"dynamic\"", numRows)
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	full, err := table.From(c.name+": for parameter data", data)
	if err != nil {
		return nil, err
	}
	h, err := gridHeight(&c, height, hideIndex)
	if err != nil {
		return nil, err
	}
	cfg, hidden, err := columnConfigOf(&c, full, config)
	if err != nil {
		return nil, err
	}
	hideIndexArg := hideIndex // the page's, for the widget's identity
	hideIndex = indexShown(full, cfg, hidden, hideIndex)
	t, err := shownColumns(&c, full, order, hidden)
	if err != nil {
		return nil, err
	}
	keepConfig(t, cfg, hideIndex)
	allDisabled := false
	disabledCols := map[string]bool{}
	switch d := disabledV.(type) {
	case starlark.Bool:
		allDisabled = bool(d)
	case starlark.Iterable:
		if err := eachValue(d, func(x starlark.Value) error {
			name, ok := x.(starlark.String)
			if !ok {
				return c.errorf("for parameter disabled: got %s in the list, want column names (strings)", x.Type())
			}
			if _, err := full.Lookup(c.name+": for parameter disabled", string(name)); err != nil {
				return err
			}
			disabledCols[string(name)] = true
			return nil
		}); err != nil {
			return nil, err
		}
	default:
		return nil, c.errorf("for parameter disabled: got %s, want a bool or a list of column names", disabledV.Type())
	}
	cols, err := editColumns(&c, t, config, disabledCols, allDisabled)
	if err != nil {
		return nil, err
	}
	ed := &editor{n: t.Len(), cols: cols, byName: map[string]*editColumn{}, dynamic: numRows == "dynamic", disabled: allDisabled}
	for _, col := range cols {
		ed.byName[col.name] = col
	}
	if c.form != "" {
		return nil, c.errorf("a data editor in a form is not supported yet (%q); create it outside the form", c.form)
	}
	s.rows = t
	s.def = emptyDelta()
	s.coerce = ed.coerce
	first, _ := t.Rows(0, inlineRows, "", false)
	// As Streamlit's id, every parameter is part of the identity: two
	// editors of the same data that differ in any (disabled, hide_index,
	// column_order, column_config, size) are two widgets.
	s.identity = []starlark.Value{starlark.String(fmt.Sprint(t.Columns(), t.Len(), first, numRows)),
		disabledV, hideIndexArg, order, config, height, size.width, size.useContainer}
	var dis []string
	for _, col := range cols {
		if col.disabled {
			dis = append(dis, col.name)
		}
	}
	s.props = func(v starlark.Value) map[string]any {
		props := dataframeProps(t, h, cfg, width)
		props["dynamic"] = ed.dynamic
		props["disabled"] = allDisabled
		props["disabled_columns"] = append([]string{}, dis...)
		props["value"] = deltaJSON(v)
		if hideIndex == starlark.False {
			props["hide_index"] = false
		}
		return props
	}
	v, err := c.widget(s)
	if err != nil {
		return nil, err
	}
	return ed.apply(&c, data, full, v)
}

// editColumns returns the editor's view of the columns of t shown.
func editColumns(c *call, t *table.Table, config starlark.Value, disabled map[string]bool, all bool) ([]*editColumn, error) {
	var d starlark.Mapping
	if m, ok := config.(starlark.Mapping); ok {
		d = m
	}
	cols := make([]*editColumn, len(t.Columns()))
	for j, name := range t.Columns() {
		col := &editColumn{name: name, typ: t.ColumnType(j), disabled: all || disabled[name]}
		col.intColumn = col.typ == table.TypeInt
		col.timeLike = col.typ == table.TypeTime
		if d != nil {
			if cv, found, _ := d.Get(starlark.String(name)); found {
				if m, ok := cv.(starlark.Mapping); ok {
					if err := col.configure(c, m); err != nil {
						return nil, err
					}
				}
			}
		}
		cols[j] = col
	}
	return cols, nil
}

// configure reads a column's column_config dict.
func (col *editColumn) configure(c *call, m starlark.Mapping) error {
	get := func(k string) starlark.Value {
		v, found, _ := m.Get(starlark.String(k))
		if !found || v == starlark.None {
			return nil
		}
		return v
	}
	bad := func(k string, v starlark.Value, want string) error {
		return c.errorf("for parameter column_config: column %q: %s: got %s, want %s", col.name, k, v.Type(), want)
	}
	if v := get("type"); v != nil {
		col.kind, _ = starlark.AsString(v)
	}
	switch col.kind {
	case "date", "datetime", "time":
		col.timeLike, col.dateOnly = true, col.kind == "date"
	case "number":
		col.intColumn = col.typ == table.TypeInt
	}
	if v := get("disabled"); v == starlark.True {
		col.disabled = true
	}
	if v := get("required"); v == starlark.True {
		col.required = true
	}
	col.def = get("default")
	if v := get("max_chars"); v != nil {
		n, err := starlark.AsInt32(v)
		if err != nil || n <= 0 {
			return bad("max_chars", v, "a positive int")
		}
		col.maxChars = n
	}
	if v := get("validate"); v != nil {
		s, _ := starlark.AsString(v)
		re, err := regexp.Compile("^(?:" + s + ")$")
		if err != nil {
			return c.errorf("for parameter column_config: column %q: validate: %q is not a regular expression: %v", col.name, s, err)
		}
		col.validate, col.pattern = re, s
	}
	num := func(k string) (*float64, error) {
		v := get(k)
		if v == nil {
			return nil, nil
		}
		f, ok := starlark.AsFloat(v)
		if !ok {
			return nil, bad(k, v, "a number")
		}
		return &f, nil
	}
	var err error
	if !col.timeLike {
		if col.min, err = num("min_value"); err != nil {
			return err
		}
		if col.max, err = num("max_value"); err != nil {
			return err
		}
		if p, err := num("step"); err != nil {
			return err
		} else if p != nil {
			if *p <= 0 {
				return c.errorf("for parameter column_config: column %q: step: got %v, want a positive number", col.name, *p)
			}
			col.step = *p
		}
	}
	if v := get("options"); v != nil {
		if it, ok := v.(starlark.Iterable); ok {
			if err := eachValue(it, func(x starlark.Value) error { col.options = append(col.options, x); return nil }); err != nil {
				return err
			}
		}
	}
	return nil
}

// editor checks and applies the deltas of one data editor.
type editor struct {
	n        int // rows of the data
	cols     []*editColumn
	byName   map[string]*editColumn
	dynamic  bool
	disabled bool
}

// emptyDelta is the value of an editor nobody edited.
func emptyDelta() starlark.Value {
	return newDelta(map[int]*starlark.Dict{}, nil, nil)
}

// newDelta makes the frozen delta dict of edits, added rows and deleted
// rows.
func newDelta(edited map[int]*starlark.Dict, added []starlark.Value, deleted []int) starlark.Value {
	rows := make([]int, 0, len(edited))
	for r := range edited {
		rows = append(rows, r)
	}
	sort.Ints(rows)
	ed := starlark.NewDict(len(rows))
	for _, r := range rows {
		ed.SetKey(starlark.MakeInt(r), edited[r])
	}
	del := make([]starlark.Value, len(deleted))
	for i, r := range deleted {
		del[i] = starlark.MakeInt(r)
	}
	d := starlark.NewDict(3)
	d.SetKey(starlark.String("edited_rows"), ed)
	d.SetKey(starlark.String("added_rows"), starlark.NewList(append([]starlark.Value{}, added...)))
	d.SetKey(starlark.String("deleted_rows"), starlark.NewList(del))
	d.Freeze()
	return d
}

// deltaJSON is the delta as the browser gets it: edited_rows' keys are
// strings, as JSON's are.
func deltaJSON(v starlark.Value) map[string]any {
	out := map[string]any{"edited_rows": map[string]any{}, "added_rows": []any{}, "deleted_rows": []any{}}
	d, ok := v.(*starlark.Dict)
	if !ok {
		return out
	}
	if e, found, _ := d.Get(starlark.String("edited_rows")); found {
		if ed, ok := e.(*starlark.Dict); ok {
			m := map[string]any{}
			for _, kv := range ed.Items() {
				m[kv[0].String()] = host.ToJSON(kv[1])
			}
			out["edited_rows"] = m
		}
	}
	if a, found, _ := d.Get(starlark.String("added_rows")); found {
		out["added_rows"] = host.ToJSON(a)
	}
	if x, found, _ := d.Get(starlark.String("deleted_rows")); found {
		out["deleted_rows"] = host.ToJSON(x)
	}
	return out
}

// coerce checks a delta, as the browser sends it or the page sets it, and
// returns it in its canonical form.
func (ed *editor) coerce(v starlark.Value) (starlark.Value, error) {
	if a, ok := v.(*attrDict); ok {
		v = a.d
	}
	m, ok := v.(starlark.IterableMapping)
	if !ok {
		return nil, fmt.Errorf("got %s, want a dict {\"edited_rows\": {...}, \"added_rows\": [...], \"deleted_rows\": [...]}", v.Type())
	}
	edited := map[int]*starlark.Dict{}
	var added []starlark.Value
	var deleted []int
	for _, kv := range m.Items() {
		k, _ := starlark.AsString(kv[0])
		switch k {
		case "edited_rows":
			rows, ok := kv[1].(starlark.IterableMapping)
			if !ok {
				return nil, fmt.Errorf("edited_rows: got %s, want a dict of row to a dict of column to value", kv[1].Type())
			}
			for _, rv := range rows.Items() {
				r, err := rowIndex(rv[0])
				if err != nil {
					return nil, fmt.Errorf("edited_rows: %v", err)
				}
				if r < 0 || r >= ed.n {
					return nil, fmt.Errorf("edited_rows: row %d: the data has %d rows (0 to %d)", r, ed.n, ed.n-1)
				}
				cells, err := ed.row(fmt.Sprintf("edited_rows: row %d", r), rv[1], true)
				if err != nil {
					return nil, err
				}
				if cells.Len() > 0 {
					edited[r] = cells
				}
			}
		case "added_rows":
			it, ok := kv[1].(starlark.Iterable)
			if !ok || isMapping(kv[1]) {
				return nil, fmt.Errorf("added_rows: got %s, want a list of dicts of column to value", kv[1].Type())
			}
			i := 0
			if err := eachValue(it, func(x starlark.Value) error {
				cells, err := ed.row(fmt.Sprintf("added_rows: row %d", i), x, false)
				if err != nil {
					return err
				}
				added = append(added, cells)
				i++
				return nil
			}); err != nil {
				return nil, err
			}
		case "deleted_rows":
			it, ok := kv[1].(starlark.Iterable)
			if !ok || isMapping(kv[1]) {
				return nil, fmt.Errorf("deleted_rows: got %s, want a list of row positions", kv[1].Type())
			}
			if err := eachValue(it, func(x starlark.Value) error {
				r, err := rowIndex(x)
				if err != nil {
					return fmt.Errorf("deleted_rows: %v", err)
				}
				if r < 0 || r >= ed.n {
					return fmt.Errorf("deleted_rows: row %d: the data has %d rows (0 to %d)", r, ed.n, ed.n-1)
				}
				deleted = append(deleted, r)
				return nil
			}); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("unknown key %s: a data editor's value has edited_rows, added_rows and deleted_rows", kv[0])
		}
	}
	if ed.disabled && (len(edited) > 0 || len(added) > 0 || len(deleted) > 0) {
		return nil, fmt.Errorf("the data editor is disabled: no edits, no rows added or deleted")
	}
	if !ed.dynamic && len(added) > 0 {
		return nil, fmt.Errorf("added_rows: %d rows added, but num_rows is \"fixed\"; give num_rows=\"dynamic\" to let rows be added", len(added))
	}
	if !ed.dynamic && len(deleted) > 0 {
		return nil, fmt.Errorf("deleted_rows: %d rows deleted, but num_rows is \"fixed\"; give num_rows=\"dynamic\" to let rows be deleted", len(deleted))
	}
	sort.Ints(deleted)
	return newDelta(edited, added, dedupInts(deleted)), nil
}

func isMapping(v starlark.Value) bool {
	_, ok := v.(starlark.Mapping)
	return ok
}

// rowIndex reads a row position: an int, or its decimal string (a JSON
// object's key).
func rowIndex(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Int:
		i, ok := x.Int64()
		if !ok || i > math.MaxInt32 {
			return 0, fmt.Errorf("row %s: out of range", x)
		}
		return int(i), nil
	case starlark.String:
		i, err := strconv.Atoi(string(x))
		if err != nil {
			return 0, fmt.Errorf("row %q: want a row position (an int)", string(x))
		}
		return i, nil
	}
	return 0, fmt.Errorf("got %s for a row, want a row position (an int)", v.Type())
}

// row checks the cells of an edited or added row and returns them as a new
// dict in the columns' order. An added row gets the defaults of the
// columns it does not give.
func (ed *editor) row(where string, v starlark.Value, edit bool) (*starlark.Dict, error) {
	if a, ok := v.(*attrDict); ok {
		v = a.d
	}
	m, ok := v.(starlark.IterableMapping)
	if !ok {
		return nil, fmt.Errorf("%s: got %s, want a dict of column to value", where, v.Type())
	}
	given := map[string]starlark.Value{}
	for _, kv := range m.Items() {
		name, ok := kv[0].(starlark.String)
		if !ok {
			return nil, fmt.Errorf("%s: got %s for a column, want a column name (a string)", where, kv[0].Type())
		}
		col := ed.byName[string(name)]
		if col == nil {
			return nil, fmt.Errorf("%s: no column %q is shown (columns: %s)", where, string(name), ed.columnList())
		}
		if col.disabled {
			return nil, fmt.Errorf("%s, column %q: the column is disabled; its cells cannot be edited", where, col.name)
		}
		cv, err := col.check(kv[1])
		if err != nil {
			return nil, fmt.Errorf("%s, column %q: %v", where, col.name, err)
		}
		given[col.name] = cv
	}
	out := starlark.NewDict(len(given))
	for _, col := range ed.cols {
		cv, ok := given[col.name]
		if !ok && !edit {
			if col.def == nil {
				if col.required {
					return nil, fmt.Errorf("%s, column %q: the column is required and has no default; give a value", where, col.name)
				}
				continue
			}
			cv = col.def
		}
		if ok || !edit {
			out.SetKey(starlark.String(col.name), cv)
		}
	}
	return out, nil
}

func (ed *editor) columnList() string {
	names := make([]string, len(ed.cols))
	for i, c := range ed.cols {
		names[i] = c.name
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// check checks one cell's value against the column and returns it in the
// delta's form (a date as its ISO string, an integral float in an int
// column as an int).
func (col *editColumn) check(v starlark.Value) (starlark.Value, error) {
	if v == starlark.None {
		if col.required {
			return nil, fmt.Errorf("the column is required; got None")
		}
		return v, nil
	}
	if col.options != nil {
		for _, o := range col.options {
			if eq, err := starlark.Equal(o, v); err == nil && eq {
				return o, nil
			}
		}
		return nil, fmt.Errorf("got %s, want one of the options %s", v.String(), starlark.NewList(col.options))
	}
	switch {
	case col.kind == "checkbox" || col.typ == table.TypeBool:
		if _, ok := v.(starlark.Bool); !ok {
			return nil, fmt.Errorf("got %s %s, want bool (True or False)", v.Type(), v.String())
		}
		return v, nil
	case col.timeLike:
		return col.checkTime(v)
	case col.kind == "number" || col.typ == table.TypeInt || col.typ == table.TypeFloat:
		return col.checkNumber(v)
	case col.kind == "text" || col.typ == table.TypeString:
		s, ok := v.(starlark.String)
		if !ok {
			return nil, fmt.Errorf("got %s %s, want a string", v.Type(), v.String())
		}
		if col.maxChars > 0 && len([]rune(string(s))) > col.maxChars {
			return nil, fmt.Errorf("%q has %d characters, more than max_chars %d", string(s), len([]rune(string(s))), col.maxChars)
		}
		if col.validate != nil && !col.validate.MatchString(string(s)) {
			return nil, fmt.Errorf("%q does not match validate %q", string(s), col.pattern)
		}
		return s, nil
	}
	switch v.(type) {
	case starlark.String, starlark.Int, starlark.Float, starlark.Bool:
		return v, nil
	}
	return nil, fmt.Errorf("got %s, want a string, a number or a bool", v.Type())
}

func (col *editColumn) checkNumber(v starlark.Value) (starlark.Value, error) {
	f, ok := starlark.AsFloat(v)
	if _, isBool := v.(starlark.Bool); !ok || isBool {
		return nil, fmt.Errorf("got %s %s, want a number", v.Type(), v.String())
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("got %v, want a finite number", f)
	}
	if col.min != nil && f < *col.min {
		return nil, fmt.Errorf("got %s, less than min_value %v", v.String(), *col.min)
	}
	if col.max != nil && f > *col.max {
		return nil, fmt.Errorf("got %s, more than max_value %v", v.String(), *col.max)
	}
	if col.step > 0 {
		base := 0.0
		if col.min != nil {
			base = *col.min
		}
		k := (f - base) / col.step
		if math.Abs(k-math.Round(k)) > 1e-9*math.Max(1, math.Abs(k)) {
			return nil, fmt.Errorf("got %s, not a multiple of step %v from %v", v.String(), col.step, base)
		}
	}
	if col.intColumn && (col.step == 0 || col.step == math.Trunc(col.step)) {
		if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return nil, fmt.Errorf("got %s, want an int (the column is of ints)", v.String())
		}
		return starlark.MakeInt64(int64(f)), nil
	}
	if _, ok := v.(starlark.Int); ok && !col.intColumn {
		return starlark.Float(f), nil
	}
	return v, nil
}

// timeLayouts are the forms of a date or time a cell takes.
var timeLayouts = []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "15:04:05", "15:04"}

func (col *editColumn) checkTime(v starlark.Value) (starlark.Value, error) {
	var t time.Time
	switch x := v.(type) {
	case startime.Time:
		t = time.Time(x)
	case starlark.String:
		var err error
		for _, l := range timeLayouts {
			if t, err = time.Parse(l, string(x)); err == nil {
				break
			}
		}
		if err != nil {
			return nil, fmt.Errorf("got %q, want a date (YYYY-MM-DD) or a date and time (RFC 3339)", string(x))
		}
	default:
		return nil, fmt.Errorf("got %s, want a date (YYYY-MM-DD) or a date and time (RFC 3339)", v.Type())
	}
	if col.dateOnly {
		return starlark.String(t.Format("2006-01-02")), nil
	}
	return starlark.String(t.Format(time.RFC3339Nano)), nil
}

// apply returns data with the delta applied, in data's type.
func (ed *editor) apply(c *call, data starlark.Value, full *table.Table, v starlark.Value) (starlark.Value, error) {
	d := v.(*starlark.Dict)
	ev, _, _ := d.Get(starlark.String("edited_rows"))
	av, _, _ := d.Get(starlark.String("added_rows"))
	dv, _, _ := d.Get(starlark.String("deleted_rows"))
	edited, added, deletedL := ev.(*starlark.Dict), av.(*starlark.List), dv.(*starlark.List)
	if edited.Len() == 0 && added.Len() == 0 && deletedL.Len() == 0 {
		return data, nil
	}
	deleted := make(map[int]bool, deletedL.Len())
	for i := 0; i < deletedL.Len(); i++ {
		r, _ := starlark.AsInt32(deletedL.Index(i))
		deleted[r] = true
	}
	edits := map[int]*starlark.Dict{}
	for _, kv := range edited.Items() {
		r, _ := starlark.AsInt32(kv[0])
		edits[r] = kv[1].(*starlark.Dict)
	}
	n := full.Len() - len(deleted) + added.Len()
	names := full.Columns()
	if err := allocFor(c.thread, c.name, int64(n)*int64(len(names))*slotBytes*2); err != nil {
		return nil, err
	}
	cols := make([]*table.Column, len(names))
	for j, name := range names {
		src := full.Column(j)
		// Dates edited become times in a column of times (or of nulls);
		// a column of strings configured as dates keeps strings.
		timeCol := full.ColumnType(j) == table.TypeTime
		if col := ed.byName[name]; col != nil && col.timeLike && full.ColumnType(j) == table.TypeNull {
			timeCol = true
		}
		conv := func(x starlark.Value) starlark.Value {
			if s, ok := x.(starlark.String); ok && timeCol {
				for _, l := range timeLayouts {
					if t, err := time.Parse(l, string(s)); err == nil {
						return startime.Time(t)
					}
				}
			}
			return x
		}
		vals := make([]starlark.Value, 0, n)
		for i := 0; i < full.Len(); i++ {
			if deleted[i] {
				continue
			}
			x := src.Index(i)
			if e := edits[i]; e != nil {
				if y, found, _ := e.Get(starlark.String(name)); found {
					x = conv(y)
				}
			}
			vals = append(vals, x)
		}
		for i := 0; i < added.Len(); i++ {
			x, found, _ := added.Index(i).(*starlark.Dict).Get(starlark.String(name))
			if !found {
				x = starlark.None
			}
			vals = append(vals, conv(x))
		}
		col, err := table.NewColumn(name, vals)
		if err != nil {
			return nil, c.errorf("column %q: %v", name, err)
		}
		cols[j] = col
	}
	t, err := table.New(cols, n)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return editedAs(data, t), nil
}

// editedAs returns the edited table t in the type of data: a table for a
// table or a column; a list of dicts, a dict of lists or a list of lists
// for those.
func editedAs(data starlark.Value, t *table.Table) starlark.Value {
	names := t.Columns()
	switch d := data.(type) {
	case *starlark.Dict:
		out := starlark.NewDict(len(names))
		for j, name := range names {
			out.SetKey(starlark.String(name), starlark.NewList(columnList(t.Column(j), t.Len())))
		}
		return out
	case starlark.Indexable:
		if _, ok := d.(*table.Column); ok {
			return t
		}
		rows := make([]starlark.Value, t.Len())
		lists := d.Len() > 0 && !isMapping(d.Index(0))
		for i := range rows {
			if lists {
				cells := make([]starlark.Value, len(names))
				for j := range names {
					cells[j] = t.Column(j).Index(i)
				}
				rows[i] = starlark.NewList(cells)
				continue
			}
			r := starlark.NewDict(len(names))
			for j, name := range names {
				r.SetKey(starlark.String(name), t.Column(j).Index(i))
			}
			rows[i] = r
		}
		return starlark.NewList(rows)
	}
	return t
}

func columnList(c *table.Column, n int) []starlark.Value {
	out := make([]starlark.Value, n)
	for i := range out {
		out[i] = c.Index(i)
	}
	return out
}
