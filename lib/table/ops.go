package table

// This file defines the operations of tables — select, filter, sort, head,
// tail, group_by and agg, with_column, join, rows, column — and the column
// value with its aggregates. Every operation reads its receiver only and
// returns a new value.

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// workOf returns the meter of one call of the table method op on th's run
// (see [host.Work]): joins, sorts, groupings and the row-by-row methods
// count their work on it, so that a cancelled run stops them within
// milliseconds, and the bytes of their results against [limits]
// call_bytes. A thread without a sandbox gets a meter that checks nothing.
func workOf(th *starlark.Thread, op string) *host.Work {
	var sb *host.Sandbox
	if th != nil {
		sb = host.SandboxOf(th)
	}
	return sb.Work(op)
}

// A tableMethod implements a method of tables; name is the method's name,
// which prefixes its errors ("filter: no column …").
type tableMethod func(th *starlark.Thread, t *Table, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// tableMethods are the methods of a table, by name.
var tableMethods = map[string]tableMethod{
	"select": tableSelect, "filter": tableFilter, "sort": tableSort,
	"head": tableHead, "tail": tableTail, "group_by": tableGroupBy,
	"with_column": tableWithColumn, "join": tableJoin,
	"rows": tableRows, "column": tableColumn,
}

// tableAttrNames are the attributes of a table, sorted.
var tableAttrNames = func() []string {
	names := []string{"columns", "dtypes"}
	for name := range tableMethods {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}()

func (t *Table) Attr(name string) (starlark.Value, error) {
	switch name {
	case "columns":
		names := make([]starlark.Value, len(t.cols))
		for i, c := range t.cols {
			names[i] = starlark.String(c.name)
		}
		return starlark.NewList(names), nil
	case "dtypes":
		d := starlark.NewDict(len(t.cols))
		for _, c := range t.cols {
			d.SetKey(starlark.String(c.name), starlark.String(c.typ.String()))
		}
		return d, nil
	}
	m := tableMethods[name]
	if m == nil {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(th, t, name, args, kwargs)
	}), nil
}

func (t *Table) AttrNames() []string { return tableAttrNames }

// namesArg returns the column names given as strings or as one list.
func namesArg(op string, args starlark.Tuple) ([]string, error) {
	if len(args) == 1 && isListOrTuple(args[0]) {
		names, err := stringList(args[0])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", op, err)
		}
		return names, nil
	}
	names := make([]string, len(args))
	for i, a := range args {
		s, ok := a.(starlark.String)
		if !ok {
			return nil, fmt.Errorf("%s: got %s, want column names (strings)", op, a.Type())
		}
		names[i] = string(s)
	}
	return names, nil
}

// columnsOf looks up each name in t.
func (t *Table) columnsOf(op string, names []string) ([]*column, error) {
	cols := make([]*column, len(names))
	for i, name := range names {
		c, err := t.col(op, name)
		if err != nil {
			return nil, err
		}
		cols[i] = c
	}
	return cols, nil
}

// namedColumns takes the positional column names of op (names or one list of
// names; at least one, else the error says none) and returns the columns.
func (t *Table) namedColumns(op string, args starlark.Tuple, kwargs []starlark.Tuple, none string) ([]string, []*column, error) {
	if len(kwargs) > 0 {
		return nil, nil, fmt.Errorf("%s: unexpected keyword argument %s", op, kwargs[0][0])
	}
	names, err := namesArg(op, args)
	if err != nil {
		return nil, nil, err
	}
	if len(names) == 0 {
		return nil, nil, fmt.Errorf("%s: %s", op, none)
	}
	cols, err := t.columnsOf(op, names)
	return names, cols, err
}

// select("a", "b") or select(["a", "b"]): the named columns, in that order.
func tableSelect(_ *starlark.Thread, t *Table, op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, cols, err := t.namedColumns(op, args, kwargs, "name at least one column")
	if err != nil {
		return nil, err
	}
	out, err := newTable(cols, t.n)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", op, err)
	}
	return out, nil
}

// filter(expr): the rows for which expr holds. expr is a column expression
// (a string, evaluated in Go over whole columns) or a function of a row
// dict, called once per row.
func tableFilter(th *starlark.Thread, t *Table, op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pred starlark.Value
	if err := host.UnpackArgs(op, args, kwargs, "expr", &pred); err != nil {
		return nil, err
	}
	var keep []bool
	w := workOf(th, op)
	switch p := pred.(type) {
	case starlark.String:
		e, err := parseExpr(string(p))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", op, err)
		}
		if keep, err = e.eval(t, w); err != nil {
			return nil, fmt.Errorf("%s: %v", op, err)
		}
	case starlark.Callable:
		keep = make([]bool, t.n)
		keys := t.keys()
		for i := 0; i < t.n; i++ {
			if err := w.Tick(); err != nil {
				return nil, err
			}
			v, err := starlark.Call(th, p, starlark.Tuple{t.row(keys, i)}, nil)
			if err != nil {
				return nil, err
			}
			keep[i] = bool(v.Truth())
		}
	default:
		return nil, fmt.Errorf("%s: for parameter expr: got %s, want an expression string such as \"price > 10\" or a function of a row", op, pred.Type())
	}
	return t.where(keep), nil
}

// where returns the rows where keep is true.
func (t *Table) where(keep []bool) *Table {
	k := 0
	for _, b := range keep {
		if b {
			k++
		}
	}
	if k == t.n {
		return t
	}
	idx := make([]int, 0, k)
	for i, b := range keep {
		if b {
			idx = append(idx, i)
		}
	}
	return t.take(idx)
}

// sort(by, desc=False): the rows sorted by one column or a list of them,
// stably, nulls last in either direction. desc is a bool or a list of
// bools, one per column.
func tableSort(th *starlark.Thread, t *Table, op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var descV starlark.Value = starlark.False
	for _, kv := range kwargs {
		if kv[0] != starlark.String("desc") {
			return nil, fmt.Errorf("%s: unexpected keyword argument %s", op, kv[0])
		}
		descV = kv[1]
	}
	names, err := namesArg(op, args)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: name the column to sort by", op)
	}
	cols, err := t.columnsOf(op, names)
	if err != nil {
		return nil, err
	}
	desc := make([]bool, len(cols))
	switch d := descV.(type) {
	case starlark.Bool:
		for i := range desc {
			desc[i] = bool(d)
		}
	case *starlark.List, starlark.Tuple:
		l := d.(starlark.Indexable)
		if l.Len() != len(cols) {
			return nil, fmt.Errorf("%s: for parameter desc: %d values for %d columns", op, l.Len(), len(cols))
		}
		for i := range desc {
			b, ok := l.Index(i).(starlark.Bool)
			if !ok {
				return nil, fmt.Errorf("%s: for parameter desc: got %s in the list, want bool", op, l.Index(i).Type())
			}
			desc[i] = bool(b)
		}
	default:
		return nil, fmt.Errorf("%s: for parameter desc: got %s, want bool or a list of bools", op, descV.Type())
	}
	idx, err := t.order(cols, desc, workOf(th, op))
	if err != nil {
		return nil, err
	}
	return t.take(idx), nil
}

// head(n=5): the first n rows.
func tableHead(_ *starlark.Thread, t *Table, op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n := 5
	if err := host.UnpackArgs(op, args, kwargs, "n?", &n); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("%s: for parameter n: got %d, want 0 or more", op, n)
	}
	return t.slice(0, min(n, t.n)), nil
}

// tail(n=5): the last n rows.
func tableTail(_ *starlark.Thread, t *Table, op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n := 5
	if err := host.UnpackArgs(op, args, kwargs, "n?", &n); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("%s: for parameter n: got %d, want 0 or more", op, n)
	}
	return t.slice(t.n-min(n, t.n), t.n), nil
}

// rowDictBytes estimates the heap of one row of rows() with k columns: the
// dict, its table and each entry's value.
func rowDictBytes(k int) int64 { return 160 + 64*int64(k) }

// rows(): the rows as a list of dicts.
func tableRows(th *starlark.Thread, t *Table, op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := host.UnpackArgs(op, args, kwargs); err != nil {
		return nil, err
	}
	if err := workOf(th, op).Alloc(int64(t.n) * rowDictBytes(len(t.cols))); err != nil {
		return nil, err
	}
	keys := t.keys()
	rows := make([]starlark.Value, t.n)
	for i := range rows {
		rows[i] = t.row(keys, i)
	}
	return starlark.NewList(rows), nil
}

// column(name): the named column.
func tableColumn(_ *starlark.Thread, t *Table, op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := host.UnpackArgs(op, args, kwargs, "name", &name); err != nil {
		return nil, err
	}
	c, err := t.col(op, name)
	if err != nil {
		return nil, err
	}
	return &Column{c: c}, nil
}

// with_column(name, values): the table with the column name added at the
// end, or replaced where it is. values is a list of one value per row, a
// column, or a function of a row dict returning the row's value.
func tableWithColumn(th *starlark.Thread, t *Table, op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var values starlark.Value
	if err := host.UnpackArgs(op, args, kwargs, "name", &name, "values", &values); err != nil {
		return nil, err
	}
	var c *column
	switch v := values.(type) {
	case *Column:
		c = v.c.renamed(name)
	case *starlark.List, starlark.Tuple:
		l := v.(starlark.Indexable)
		if l.Len() != t.n {
			return nil, fmt.Errorf("%s: column %q: %d values for %d rows", op, name, l.Len(), t.n)
		}
		var err error
		if c, err = columnOf(name, elems(l)); err != nil {
			return nil, fmt.Errorf("%s: column %q: %v", op, name, err)
		}
	case starlark.Callable:
		vals := make([]starlark.Value, t.n)
		keys := t.keys()
		w := workOf(th, op)
		for i := range vals {
			if err := w.Tick(); err != nil {
				return nil, err
			}
			r, err := starlark.Call(th, v, starlark.Tuple{t.row(keys, i)}, nil)
			if err != nil {
				return nil, err
			}
			if _, err := valueType(r); err != nil {
				return nil, fmt.Errorf("%s: column %q: row %d: the function %v", op, name, i, err)
			}
			vals[i] = r
		}
		var err error
		if c, err = columnOf(name, vals); err != nil {
			return nil, fmt.Errorf("%s: column %q: %v", op, name, err)
		}
	default:
		return nil, fmt.Errorf("%s: for parameter values: got %s, want a list, a column or a function of a row", op, values.Type())
	}
	if c.n != t.n {
		return nil, fmt.Errorf("%s: column %q: %d values for %d rows", op, name, c.n, t.n)
	}
	cols := slices.Clone(t.cols)
	if i, ok := t.byName[name]; ok {
		cols[i] = c
	} else {
		cols = append(cols, c)
	}
	return mustTable(cols, t.n), nil
}

// join(other, on, how="inner"): the rows of t, each with the columns of the
// rows of other whose on columns are equal (nulls match nothing). A left
// join keeps the rows of t without a match, with nulls. Columns of other
// whose names t has already get the suffix "_right".
func tableJoin(th *starlark.Thread, t *Table, op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var otherV, onV starlark.Value
	how := "inner"
	if err := host.UnpackArgs(op, args, kwargs, "other", &otherV, "on", &onV, "how?", &how); err != nil {
		return nil, err
	}
	other, ok := otherV.(*Table)
	if !ok {
		return nil, fmt.Errorf("%s: for parameter other: got %s, want table", op, otherV.Type())
	}
	if how != "inner" && how != "left" {
		return nil, fmt.Errorf("%s: for parameter how: got %q, want \"inner\" or \"left\"", op, how)
	}
	on, err := stringList(onV)
	if err != nil {
		return nil, fmt.Errorf("%s: for parameter on: %v", op, err)
	}
	if len(on) == 0 {
		return nil, fmt.Errorf("%s: for parameter on: name at least one column", op)
	}
	left, err := t.columnsOf(op, on)
	if err != nil {
		return nil, err
	}
	right := make([]*column, len(on))
	for i, name := range on {
		c, ok := other.byName[name]
		if !ok {
			return nil, fmt.Errorf("%s: the other table has no column %q (columns: %s)", op, name, other.columnList())
		}
		right[i] = other.cols[c]
		if l, r := left[i].typ, right[i].typ; l != r && l != TypeNull && r != TypeNull {
			return nil, fmt.Errorf("%s: column %q is %s in this table and %s in the other", op, name, l, r)
		}
	}
	// Index the other table's rows by key, then probe with t's: once to
	// count the rows of the result (n equal keys joined with themselves
	// make n² rows), which must fit [limits] call_bytes before anything
	// of it is made, and once to make them.
	w := workOf(th, op)
	index := make(map[string][]int)
	var key []byte
	for i := 0; i < other.n; i++ {
		if err := w.Tick(); err != nil {
			return nil, err
		}
		if key = keyOf(key[:0], right, i); key != nil {
			index[string(key)] = append(index[string(key)], i)
		}
	}
	matchesOf := func(i int) []int {
		key = keyOf(key[:0], left, i)
		if key == nil {
			return nil
		}
		return index[string(key)]
	}
	var rows int64
	for i := 0; i < t.n; i++ {
		if err := w.Tick(); err != nil {
			return nil, err
		}
		m := len(matchesOf(i))
		if m == 0 && how == "left" {
			m = 1
		}
		rows += int64(m)
	}
	perRow := int64(16) // the two row indices
	for _, c := range t.cols {
		perRow += c.valueBytes()
	}
	for _, c := range other.cols {
		perRow += c.valueBytes()
	}
	size := rows * perRow
	if rows > math.MaxInt64/perRow {
		size = -1
	}
	if err := w.Alloc(size); err != nil {
		return nil, fmt.Errorf("%v (%d rows)", err, rows)
	}
	li, ri := make([]int, 0, rows), make([]int, 0, rows)
	for i := 0; i < t.n; i++ {
		matches := matchesOf(i)
		if err := w.Add(1 + len(matches)); err != nil {
			return nil, err
		}
		for _, j := range matches {
			li = append(li, i)
			ri = append(ri, j)
		}
		if len(matches) == 0 && how == "left" {
			li = append(li, i)
			ri = append(ri, -1)
		}
	}
	cols := make([]*column, 0, len(t.cols)+len(other.cols))
	for _, c := range t.cols {
		cols = append(cols, c.take(li))
	}
	for _, c := range other.cols {
		if slices.Contains(on, c.name) {
			continue
		}
		rc := c.take(ri)
		if _, clash := t.byName[c.name]; clash {
			rc.name += "_right"
		}
		cols = append(cols, rc)
	}
	out, err := newTable(cols, len(li))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", op, err)
	}
	return out, nil
}

// keyOf appends the key of row i over cols to b, or returns nil when a key
// column is null there (a null matches nothing in a join).
func keyOf(b []byte, cols []*column, i int) []byte {
	for _, c := range cols {
		if c.typ == TypeNull || c.isNull(i) {
			return nil
		}
		b = c.appendKey(b, i)
	}
	if b == nil {
		b = []byte{}
	}
	return b
}

// group_by("a", ...): the table grouped by the named columns, for agg.
func tableGroupBy(th *starlark.Thread, t *Table, op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	names, keys, err := t.namedColumns(op, args, kwargs, "name at least one column to group by")
	if err != nil {
		return nil, err
	}
	for i, name := range names {
		if slices.Index(names, name) != i {
			return nil, fmt.Errorf("%s: column %q is named twice", op, name)
		}
	}
	return &grouped{t: t, keys: keys}, nil
}

// grouped is the value of t.group_by(...): a table and its key columns,
// whose only method is agg.
type grouped struct {
	t    *Table
	keys []*column
}

// valueBytes is what one row of c takes in a column made by take: its
// value and its null flag (a string's bytes are shared, not copied).
func (c *column) valueBytes() int64 {
	switch c.typ {
	case TypeInt, TypeFloat:
		return 9
	case TypeString:
		return 17
	case TypeTime:
		return 25
	}
	return 2
}

var _ starlark.HasAttrs = (*grouped)(nil)

func (g *grouped) String() string {
	names := make([]string, len(g.keys))
	for i, c := range g.keys {
		names[i] = c.name
	}
	return fmt.Sprintf("<grouped %s by %s>", g.t, strings.Join(names, ", "))
}
func (g *grouped) Type() string          { return "grouped_table" }
func (g *grouped) Freeze()               {} // immutable
func (g *grouped) Truth() starlark.Bool  { return true }
func (g *grouped) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: grouped_table") }
func (g *grouped) AttrNames() []string   { return []string{"agg"} }

func (g *grouped) Attr(name string) (starlark.Value, error) {
	if name != "agg" {
		return nil, nil
	}
	return starlark.NewBuiltin("agg", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return g.agg(workOf(th, "agg"), args, kwargs)
	}), nil
}

// aggOps are the aggregates agg and columns know.
var aggOps = []string{"count", "sum", "mean", "min", "max"}

// agg(name=(column, op), ...): one row per group, sorted by the key columns
// (nulls last), with the key columns and one column per keyword argument.
func (g *grouped) agg(w *host.Work, args starlark.Tuple, kwargs []starlark.Tuple) (_ starlark.Value, err error) {
	const op = "agg"
	if len(args) > 0 {
		return nil, fmt.Errorf("%s: name each result, e.g. agg(total=(\"revenue\", \"sum\"))", op)
	}
	type spec struct {
		out, fn string
		c       *column
	}
	specs := make([]spec, len(kwargs))
	for i, kv := range kwargs {
		out := string(kv[0].(starlark.String))
		pair, ok := kv[1].(starlark.Tuple)
		if !ok || len(pair) != 2 {
			return nil, fmt.Errorf("%s: for %s: got %s, want a (column, operation) tuple such as (\"revenue\", \"sum\")", op, out, kv[1].Type())
		}
		name, ok1 := pair[0].(starlark.String)
		fn, ok2 := pair[1].(starlark.String)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%s: for %s: got (%s, %s), want a (column, operation) tuple of strings", op, out, pair[0].Type(), pair[1].Type())
		}
		if !slices.Contains(aggOps, string(fn)) {
			return nil, fmt.Errorf("%s: for %s: unknown operation %q; want count, sum, mean, min or max", op, out, string(fn))
		}
		c, err := g.t.col(op, string(name))
		if err != nil {
			return nil, err
		}
		for _, k := range g.keys {
			if k.name == out {
				return nil, fmt.Errorf("%s: the result %s has the name of a key column", op, out)
			}
		}
		specs[i] = spec{out, string(fn), c}
	}
	gid, first, err := groupIDs(g.keys, g.t.n, w)
	if err != nil {
		return nil, err
	}
	// Order the groups by their keys and renumber them in that order.
	order := make([]int, len(first))
	for i := range order {
		order[i] = i
	}
	defer catchStop(&err)
	slices.SortFunc(order, func(a, b int) int {
		tickOrStop(w)
		for _, k := range g.keys {
			if r := k.cmpNullsLast(first[a], first[b], false); r != 0 {
				return r
			}
		}
		return 0
	})
	rank := make([]int32, len(first))
	firstSorted := make([]int, len(first))
	for r, grp := range order {
		rank[grp] = int32(r)
		firstSorted[r] = first[grp]
	}
	for i, grp := range gid {
		gid[i] = rank[grp]
	}
	cols := make([]*column, 0, len(g.keys)+len(specs))
	for _, k := range g.keys {
		cols = append(cols, k.take(firstSorted))
	}
	for _, s := range specs {
		if err := w.Add(g.t.n); err != nil {
			return nil, err
		}
		c, err := aggregate(op, s.fn, s.c, gid, len(first))
		if err != nil {
			return nil, err
		}
		cols = append(cols, c.renamed(s.out))
	}
	return mustTable(cols, len(first)), nil
}

// groupIDs numbers the distinct keys of the rows in order of first
// appearance: gid[i] is row i's group, first[g] the first row of group g.
// It stops with the run's error when w's run is cancelled.
func groupIDs(keys []*column, n int, w *host.Work) (gid []int32, first []int, err error) {
	gid = make([]int32, n)
	if len(keys) == 1 && keys[0].typ == TypeString {
		// The common case, without encoding keys.
		c := keys[0]
		ids := make(map[string]int32)
		nullID := int32(-1)
		for i, s := range c.strs {
			if err := w.Tick(); err != nil {
				return nil, nil, err
			}
			if c.isNull(i) {
				if nullID < 0 {
					nullID = int32(len(first))
					first = append(first, i)
				}
				gid[i] = nullID
				continue
			}
			id, ok := ids[s]
			if !ok {
				id = int32(len(first))
				ids[s] = id
				first = append(first, i)
			}
			gid[i] = id
		}
		return gid, first, nil
	}
	ids := make(map[string]int32)
	var key []byte
	for i := 0; i < n; i++ {
		if err := w.Tick(); err != nil {
			return nil, nil, err
		}
		key = key[:0]
		for _, c := range keys {
			key = c.appendKey(key, i)
		}
		id, ok := ids[string(key)]
		if !ok {
			id = int32(len(first))
			ids[string(key)] = id
			first = append(first, i)
		}
		gid[i] = id
	}
	return gid, first, nil
}

// aggregate computes fn over c per group: gid[i] is row i's group (nil for
// one group of every row), ng the number of groups. Nulls are skipped: a
// group without values counts 0 and sums to 0, and its mean, min and max
// are null.
func aggregate(op, fn string, c *column, gid []int32, ng int) (*column, error) {
	group := func(i int) int {
		if gid == nil {
			return 0
		}
		return int(gid[i])
	}
	out := &column{name: c.name, n: ng}
	switch fn {
	case "count":
		out.typ, out.ints = TypeInt, make([]int64, ng)
		if c.typ == TypeNull {
			return out, nil
		}
		for i := 0; i < c.n; i++ {
			if !c.isNull(i) {
				out.ints[group(i)]++
			}
		}
		return out, nil
	case "sum", "mean":
		if c.typ != TypeInt && c.typ != TypeFloat && c.typ != TypeNull {
			verb := "sum"
			if fn == "mean" {
				verb = "average"
			}
			return nil, fmt.Errorf("%s: cannot %s column %q of type %s", op, verb, c.name, c.typ)
		}
		counts := make([]int64, ng)
		if fn == "sum" && c.typ != TypeFloat {
			out.typ, out.ints = TypeInt, make([]int64, ng)
			if c.typ == TypeNull {
				return out, nil
			}
			for i, v := range c.ints {
				if c.isNull(i) {
					continue
				}
				g := group(i)
				s := out.ints[g] + v
				if (s > out.ints[g]) != (v > 0) {
					return nil, fmt.Errorf("%s: the sum of column %q overflows a 64-bit int", op, c.name)
				}
				out.ints[g] = s
			}
			return out, nil
		}
		out.typ, out.flts = TypeFloat, make([]float64, ng)
		switch c.typ {
		case TypeInt:
			for i, v := range c.ints {
				if !c.isNull(i) {
					g := group(i)
					out.flts[g] += float64(v)
					counts[g]++
				}
			}
		case TypeFloat:
			for i, v := range c.flts {
				if !c.isNull(i) {
					g := group(i)
					out.flts[g] += v
					counts[g]++
				}
			}
		}
		if fn == "mean" {
			for g := range out.flts {
				if counts[g] == 0 {
					out.setNull(g)
					continue
				}
				out.flts[g] /= float64(counts[g])
			}
		}
		return out, nil
	case "min", "max":
		best := make([]int, ng) // the row of each group's extreme value
		for g := range best {
			best[g] = -1
		}
		want := -1
		if fn == "max" {
			want = 1
		}
		if c.typ != TypeNull {
			for i := 0; i < c.n; i++ {
				if c.isNull(i) {
					continue
				}
				g := group(i)
				if best[g] < 0 || c.cmp(i, best[g]) == want {
					best[g] = i
				}
			}
		}
		r := c.take(best)
		r.name = c.name
		return r, nil
	}
	return nil, fmt.Errorf("%s: unknown operation %q; want %s", op, fn, strings.Join(aggOps, ", "))
}

// A Column is the Starlark value of type "column": one column of a table,
// with len, indexing, iteration, and the aggregates sum, mean, min and max.
type Column struct{ c *column }

var (
	_ starlark.Indexable = (*Column)(nil)
	_ starlark.Sequence  = (*Column)(nil)
	_ starlark.HasAttrs  = (*Column)(nil)
)

func (v *Column) String() string {
	return fmt.Sprintf("<column %s %s, %d values #%016x>", v.c.name, v.c.typ, v.c.n, fingerprint([]*column{v.c}))
}
func (v *Column) Type() string               { return "column" }
func (v *Column) Freeze()                    {} // immutable
func (v *Column) Truth() starlark.Bool       { return v.c.n > 0 }
func (v *Column) Hash() (uint32, error)      { return 0, fmt.Errorf("unhashable type: column") }
func (v *Column) Len() int                   { return v.c.n }
func (v *Column) Index(i int) starlark.Value { return v.c.value(i) }
func (v *Column) Iterate() starlark.Iterator { return &columnIterator{c: v.c} }
func (v *Column) AttrNames() []string        { return columnAttrNames }
func (v *Column) values() []starlark.Value   { return columnValues(v.c) }
func columnValues(c *column) []starlark.Value {
	out := make([]starlark.Value, c.n)
	for i := range out {
		out[i] = c.value(i)
	}
	return out
}

var columnAttrNames = []string{"dtype", "max", "mean", "min", "name", "sum", "to_list"}

func (v *Column) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(v.c.name), nil
	case "dtype":
		return starlark.String(v.c.typ.String()), nil
	case "to_list":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := host.UnpackArgs(name, args, kwargs); err != nil {
				return nil, err
			}
			return starlark.NewList(v.values()), nil
		}), nil
	case "sum", "mean", "min", "max":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := host.UnpackArgs(name, args, kwargs); err != nil {
				return nil, err
			}
			r, err := aggregate(name, name, v.c, nil, 1)
			if err != nil {
				return nil, err
			}
			return r.value(0), nil
		}), nil
	}
	return nil, nil
}

type columnIterator struct {
	c *column
	i int
}

func (it *columnIterator) Next(p *starlark.Value) bool {
	if it.i >= it.c.n {
		return false
	}
	*p = it.c.value(it.i)
	it.i++
	return true
}

func (it *columnIterator) Done() {}
