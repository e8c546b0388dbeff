// Package table defines the table value that pages compute with — a columnar,
// immutable table of typed columns — the table() builtin that makes one, the
// data module that reads one from CSV or JSON (data.csv, data.json), the
// filter expression language of .filter(), and the operations of a table
// (select, filter, sort, group_by, join, …).
package table

// This file defines the table value: a columnar table of typed columns
// (int, float, string, bool, time) with nulls in any column, immutable once
// built, and the table() builtin that makes one from Starlark values.
//
// A table and its columns are never mutated after construction: every
// operation returns a new table, sharing unchanged columns (and slices of
// them) with its receiver. So Freeze is a no-op, and a table is safe to read
// from any goroutine: cached tables are shared by every session.

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stark-dev/stark/host"
	startime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
)

// Type is the type of a column's values.
type Type uint8

const (
	TypeNull   Type = iota // a column with no values but nulls
	TypeInt                // int64
	TypeFloat              // float64, never NaN (NaN is stored as null)
	TypeString             // string
	TypeBool               // bool
	TypeTime               // time.Time
)

var typeNames = [...]string{"null", "int", "float", "string", "bool", "time"}

func (d Type) String() string { return typeNames[d] }

// A column is a named vector of one type. Only the slice of its type is set;
// a null row holds the zero value there.
type column struct {
	name  string
	typ   Type
	n     int
	ints  []int64
	flts  []float64
	strs  []string
	bools []bool
	times []time.Time
	null  []bool // nil when no row is null
}

func (c *column) isNull(i int) bool { return c.null != nil && c.null[i] }

// nulls returns the number of null rows.
func (c *column) nulls() int {
	if c.null == nil {
		return 0
	}
	k := 0
	for _, b := range c.null {
		if b {
			k++
		}
	}
	return k
}

// renamed returns a column sharing c's values under another name.
func (c *column) renamed(name string) *column {
	cp := *c
	cp.name = name
	return &cp
}

// slice returns rows [lo, hi) of c, sharing its storage.
func (c *column) slice(lo, hi int) *column {
	out := &column{name: c.name, typ: c.typ, n: hi - lo}
	switch c.typ {
	case TypeInt:
		out.ints = c.ints[lo:hi:hi]
	case TypeFloat:
		out.flts = c.flts[lo:hi:hi]
	case TypeString:
		out.strs = c.strs[lo:hi:hi]
	case TypeBool:
		out.bools = c.bools[lo:hi:hi]
	case TypeTime:
		out.times = c.times[lo:hi:hi]
	}
	if c.null != nil {
		out.null = c.null[lo:hi:hi]
	}
	return out
}

// take returns the rows of c at idx, in that order; an index of -1 makes a
// null row (the unmatched rows of a left join).
func (c *column) take(idx []int) *column {
	out := &column{name: c.name, typ: c.typ, n: len(idx)}
	var null []bool
	setNull := func(k int) {
		if null == nil {
			null = make([]bool, len(idx))
		}
		null[k] = true
	}
	if c.typ == TypeNull {
		out.null = make([]bool, len(idx))
		for k := range out.null {
			out.null[k] = true
		}
		return out
	}
	switch c.typ {
	case TypeInt:
		out.ints = gather(c.ints, idx)
	case TypeFloat:
		out.flts = gather(c.flts, idx)
	case TypeString:
		out.strs = gather(c.strs, idx)
	case TypeBool:
		out.bools = gather(c.bools, idx)
	case TypeTime:
		out.times = gather(c.times, idx)
	}
	for k, i := range idx {
		if i < 0 || c.isNull(i) {
			setNull(k)
		}
	}
	out.null = null
	return out
}

func gather[T any](src []T, idx []int) []T {
	out := make([]T, len(idx))
	for k, i := range idx {
		if i >= 0 {
			out[k] = src[i]
		}
	}
	return out
}

// value returns row i as a Starlark value.
func (c *column) value(i int) starlark.Value {
	if c.isNull(i) || c.typ == TypeNull {
		return starlark.None
	}
	switch c.typ {
	case TypeInt:
		return starlark.MakeInt64(c.ints[i])
	case TypeFloat:
		return starlark.Float(c.flts[i])
	case TypeString:
		return starlark.String(c.strs[i])
	case TypeBool:
		return starlark.Bool(c.bools[i])
	case TypeTime:
		return startime.Time(c.times[i])
	}
	return starlark.None
}

// jsonValue returns row i as a JSON value: int64, float64, string, bool,
// an RFC 3339 string for a time, nil for null (and for infinite floats,
// which JSON cannot carry).
func (c *column) jsonValue(i int) any {
	if c.isNull(i) || c.typ == TypeNull {
		return nil
	}
	switch c.typ {
	case TypeInt:
		return c.ints[i]
	case TypeFloat:
		f := c.flts[i]
		if math.IsInf(f, 0) {
			return nil
		}
		return f
	case TypeString:
		return c.strs[i]
	case TypeBool:
		return c.bools[i]
	case TypeTime:
		return c.times[i].Format(time.RFC3339Nano)
	}
	return nil
}

// cmp compares the non-null rows i and j of c.
func (c *column) cmp(i, j int) int {
	switch c.typ {
	case TypeInt:
		return cmpOrdered(c.ints[i], c.ints[j])
	case TypeFloat:
		return cmpOrdered(c.flts[i], c.flts[j])
	case TypeString:
		return strings.Compare(c.strs[i], c.strs[j])
	case TypeBool:
		return cmpBool(c.bools[i], c.bools[j])
	case TypeTime:
		return c.times[i].Compare(c.times[j])
	}
	return 0
}

func cmpOrdered[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

// cmpNullsLast compares rows i and j of c with nulls after every value,
// whatever the direction; desc reverses the order of values.
func (c *column) cmpNullsLast(i, j int, desc bool) int {
	ni, nj := c.isNull(i) || c.typ == TypeNull, c.isNull(j) || c.typ == TypeNull
	switch {
	case ni && nj:
		return 0
	case ni:
		return 1
	case nj:
		return -1
	}
	r := c.cmp(i, j)
	if desc {
		r = -r
	}
	return r
}

// appendKey appends an encoding of row i to b such that two rows have the
// same encoding exactly when they are equal (nulls equal nulls). Grouping
// and joins key their maps by it.
func (c *column) appendKey(b []byte, i int) []byte {
	if c.isNull(i) || c.typ == TypeNull {
		return append(b, 0)
	}
	b = append(b, 1)
	switch c.typ {
	case TypeInt:
		return binary.LittleEndian.AppendUint64(b, uint64(c.ints[i]))
	case TypeFloat:
		f := c.flts[i]
		if f == 0 {
			f = 0 // -0 groups with 0
		}
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	case TypeString:
		b = binary.AppendUvarint(b, uint64(len(c.strs[i])))
		return append(b, c.strs[i]...)
	case TypeBool:
		if c.bools[i] {
			return append(b, 1)
		}
		return append(b, 0)
	case TypeTime:
		t := c.times[i]
		b = binary.LittleEndian.AppendUint64(b, uint64(t.Unix()))
		return binary.LittleEndian.AppendUint32(b, uint32(t.Nanosecond()))
	}
	return b
}

// nullColumn returns a column of n nulls.
func nullColumn(name string, n int) *column {
	null := make([]bool, n)
	for i := range null {
		null[i] = true
	}
	return &column{name: name, typ: TypeNull, n: n, null: null}
}

// columnOf builds a column from Starlark values: None is null, ints and
// floats together make a float column, NaN is null. The error names the
// row but not the column: callers add it.
func columnOf(name string, vals []starlark.Value) (*column, error) {
	c := &column{name: name, typ: TypeNull, n: len(vals)}
	first := -1 // the first non-null row, which set the type
	for i, v := range vals {
		t, err := valueType(v)
		if err != nil {
			return nil, fmt.Errorf("row %d: %v", i, err)
		}
		switch {
		case t == TypeNull || t == c.typ:
		case c.typ == TypeNull:
			c.typ, first = t, i
		case c.typ == TypeInt && t == TypeFloat:
			c.typ = TypeFloat
		case c.typ == TypeFloat && t == TypeInt:
		default:
			return nil, fmt.Errorf("row %d is %s, row %d is %s; a column holds one type (and None)", first, c.typ, i, t)
		}
	}
	n := len(vals)
	switch c.typ {
	case TypeNull:
		return nullColumn(name, n), nil
	case TypeInt:
		c.ints = make([]int64, n)
	case TypeFloat:
		c.flts = make([]float64, n)
	case TypeString:
		c.strs = make([]string, n)
	case TypeBool:
		c.bools = make([]bool, n)
	case TypeTime:
		c.times = make([]time.Time, n)
	}
	for i, v := range vals {
		switch v := v.(type) {
		case starlark.NoneType:
			c.setNull(i)
		case starlark.Int:
			x, ok := v.Int64()
			if !ok {
				return nil, fmt.Errorf("row %d: %s does not fit in 64 bits", i, v)
			}
			if c.typ == TypeFloat {
				c.flts[i] = float64(x)
			} else {
				c.ints[i] = x
			}
		case starlark.Float:
			if math.IsNaN(float64(v)) {
				c.setNull(i)
			} else {
				c.flts[i] = float64(v)
			}
		case starlark.String:
			c.strs[i] = string(v)
		case starlark.Bool:
			c.bools[i] = bool(v)
		case startime.Time:
			c.times[i] = time.Time(v)
		}
	}
	return c, nil
}

func (c *column) setNull(i int) {
	if c.null == nil {
		c.null = make([]bool, c.n)
	}
	c.null[i] = true
}

// valueType returns the column type of a Starlark value, or an error for
// values a column cannot hold.
func valueType(v starlark.Value) (Type, error) {
	switch v.(type) {
	case starlark.NoneType:
		return TypeNull, nil
	case starlark.Int:
		return TypeInt, nil
	case starlark.Float:
		return TypeFloat, nil
	case starlark.String:
		return TypeString, nil
	case starlark.Bool:
		return TypeBool, nil
	case startime.Time:
		return TypeTime, nil
	}
	return 0, fmt.Errorf("got %s, want int, float, string, bool, time or None", v.Type())
}

// A Table is the Starlark value of type "table": columns of equal length
// with unique names. It is immutable, so it is safe for concurrent use; it
// is also a [host.RowSource].
type Table struct {
	cols   []*column
	n      int
	byName map[string]int

	// orders caches the row orders that Rows sorted by, per column and
	// direction: a browser pages through one order many times.
	ordersMu sync.Mutex
	orders   map[orderKey][]int

	fpOnce sync.Once
	fp     uint64
}

type orderKey struct {
	col  string
	desc bool
}

var (
	_ starlark.HasAttrs = (*Table)(nil)
	_ starlark.Sequence = (*Table)(nil)
	_ host.RowSource    = (*Table)(nil)
)

// newTable makes a table of columns of n rows each; names must be unique.
func newTable(cols []*column, n int) (*Table, error) {
	t := &Table{cols: cols, n: n, byName: make(map[string]int, len(cols))}
	for i, c := range cols {
		if c.n != n {
			return nil, fmt.Errorf("column %q has %d values, want %d", c.name, c.n, n)
		}
		if _, dup := t.byName[c.name]; dup {
			return nil, fmt.Errorf("two columns are named %q", c.name)
		}
		t.byName[c.name] = i
	}
	return t, nil
}

// mustTable is newTable for columns known to be consistent.
func mustTable(cols []*column, n int) *Table {
	t, err := newTable(cols, n)
	if err != nil {
		panic("table: " + err.Error())
	}
	return t
}

// Len returns the number of rows.
func (t *Table) Len() int { return t.n }

// Columns returns the column names, in order.
func (t *Table) Columns() []string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	return names
}

// col returns the named column, or an error for op naming it and the
// table's columns.
func (t *Table) col(op, name string) (*column, error) {
	if i, ok := t.byName[name]; ok {
		return t.cols[i], nil
	}
	return nil, fmt.Errorf("%s: no column %q (columns: %s)", op, name, t.columnList())
}

// columnList lists the names for an error, at most 20 of them.
func (t *Table) columnList() string {
	names := t.Columns()
	if len(names) == 0 {
		return "none"
	}
	if len(names) > 20 {
		return strings.Join(names[:20], ", ") + fmt.Sprintf(", … (%d more)", len(names)-20)
	}
	return strings.Join(names, ", ")
}

// take returns the rows at idx as a new table.
func (t *Table) take(idx []int) *Table {
	cols := make([]*column, len(t.cols))
	for i, c := range t.cols {
		cols[i] = c.take(idx)
	}
	return mustTable(cols, len(idx))
}

// slice returns rows [lo, hi) as a new table sharing t's storage.
func (t *Table) slice(lo, hi int) *Table {
	cols := make([]*column, len(t.cols))
	for i, c := range t.cols {
		cols[i] = c.slice(lo, hi)
	}
	return mustTable(cols, hi-lo)
}

// keys are the column names as Starlark strings, for row dicts.
func (t *Table) keys() []starlark.Value {
	keys := make([]starlark.Value, len(t.cols))
	for i, c := range t.cols {
		keys[i] = starlark.String(c.name)
	}
	return keys
}

// row returns row i as a new dict of column name to value.
func (t *Table) row(keys []starlark.Value, i int) *starlark.Dict {
	d := starlark.NewDict(len(t.cols))
	for j, c := range t.cols {
		d.SetKey(keys[j], c.value(i))
	}
	return d
}

// Rows returns rows [start, start+count) as JSON values, sorted by the
// column sortBy (nulls last in both directions) or in the table's order
// when sortBy is "". It implements [host.RowSource].
func (t *Table) Rows(start, count int, sortBy string, desc bool) ([][]any, error) {
	if start < 0 || count < 0 {
		return nil, fmt.Errorf("rows: start %d and count %d must not be negative", start, count)
	}
	var order []int
	if sortBy != "" {
		c, err := t.col("rows", sortBy)
		if err != nil {
			return nil, err
		}
		order = t.cachedOrder(c, desc)
	}
	start = min(start, t.n)
	end := start + min(count, t.n-start)
	out := make([][]any, 0, end-start)
	for k := start; k < end; k++ {
		i := k
		if order != nil {
			i = order[k]
		}
		out = append(out, t.jsonRow(i))
	}
	return out, nil
}

// Positions returns the positions in t of the rows that Rows returns for
// the same arguments: start+k unsorted, else their places in the sorted
// order. A selection names rows by position, whatever the browser shows.
// It implements [host.RowSource].
func (t *Table) Positions(start, count int, sortBy string, desc bool) ([]int, error) {
	if start < 0 || count < 0 {
		return nil, fmt.Errorf("rows: start %d and count %d must not be negative", start, count)
	}
	var order []int
	if sortBy != "" {
		c, err := t.col("rows", sortBy)
		if err != nil {
			return nil, err
		}
		order = t.cachedOrder(c, desc)
	}
	start = min(start, t.n)
	end := start + min(count, t.n-start)
	out := make([]int, 0, end-start)
	for k := start; k < end; k++ {
		if order != nil {
			out = append(out, order[k])
		} else {
			out = append(out, k)
		}
	}
	return out, nil
}

// jsonRow returns row i as JSON values.
func (t *Table) jsonRow(i int) []any {
	row := make([]any, len(t.cols))
	for j, c := range t.cols {
		row[j] = c.jsonValue(i)
	}
	return row
}

// cachedOrder returns the order of the rows sorted by c, computing it once
// per column and direction.
func (t *Table) cachedOrder(c *column, desc bool) []int {
	k := orderKey{c.name, desc}
	t.ordersMu.Lock()
	defer t.ordersMu.Unlock()
	if o, ok := t.orders[k]; ok {
		return o
	}
	o, _ := t.order([]*column{c}, []bool{desc}, nil) // no run: nothing stops it
	if t.orders == nil {
		t.orders = make(map[orderKey][]int)
	}
	t.orders[k] = o
	return o
}

// order returns the row indices sorted by the columns, stably, nulls last.
// Ties are broken by the row index, so the unstable (and much faster)
// pattern-defeating quicksort gives the stable order. w meters the
// comparisons (nil: none); a cancelled run stops the sort with its error.
func (t *Table) order(cols []*column, desc []bool, w *host.Work) (idx []int, err error) {
	defer catchStop(&err)
	if len(cols) == 1 {
		switch c := cols[0]; c.typ {
		case TypeInt:
			return sortedBy(c.ints, c.null, desc[0], w), nil
		case TypeFloat:
			return sortedBy(c.flts, c.null, desc[0], w), nil
		case TypeString:
			return sortedBy(c.strs, c.null, desc[0], w), nil
		}
	}
	idx = make([]int, t.n)
	for i := range idx {
		idx[i] = i
	}
	cmps := make([]func(i, j int) int, len(cols))
	for k, c := range cols {
		cmps[k] = c.comparator(desc[k])
	}
	if len(cmps) == 1 {
		f := cmps[0]
		slices.SortFunc(idx, func(i, j int) int {
			tickOrStop(w)
			if r := f(i, j); r != 0 {
				return r
			}
			return i - j
		})
		return idx, nil
	}
	slices.SortFunc(idx, func(i, j int) int {
		tickOrStop(w)
		for _, f := range cmps {
			if r := f(i, j); r != 0 {
				return r
			}
		}
		return i - j
	})
	return idx, nil
}

// workStop carries a run's cancellation out of a comparator, which cannot
// return an error, to the sort's caller (see catchStop).
type workStop struct{ err error }

// tickOrStop counts one unit of w's work and unwinds to catchStop when the
// run was cancelled.
func tickOrStop(w *host.Work) {
	if err := w.Tick(); err != nil {
		panic(workStop{err})
	}
}

// catchStop, deferred, turns tickOrStop's unwinding into *err.
func catchStop(err *error) {
	if r := recover(); r != nil {
		s, ok := r.(workStop)
		if !ok {
			panic(r)
		}
		*err = s.err
	}
}

// sortedBy returns the order of the rows of one column sorted stably, nulls
// last: the common sort, done on (value, row) pairs, which is several times
// faster than sorting indices with a comparator that looks values up. It
// unwinds with tickOrStop when w's run is cancelled.
func sortedBy[T int64 | float64 | string](vals []T, null []bool, desc bool, w *host.Work) []int {
	type pair struct {
		v T
		i int
	}
	pairs := make([]pair, 0, len(vals))
	var nulls []int
	for i, v := range vals {
		if null != nil && null[i] {
			nulls = append(nulls, i)
			continue
		}
		pairs = append(pairs, pair{v, i})
	}
	if desc {
		slices.SortFunc(pairs, func(a, b pair) int {
			tickOrStop(w)
			switch {
			case a.v > b.v:
				return -1
			case a.v < b.v:
				return 1
			}
			return a.i - b.i
		})
	} else {
		slices.SortFunc(pairs, func(a, b pair) int {
			tickOrStop(w)
			switch {
			case a.v < b.v:
				return -1
			case a.v > b.v:
				return 1
			}
			return a.i - b.i
		})
	}
	idx := make([]int, len(pairs), len(vals))
	for k, p := range pairs {
		idx[k] = p.i
	}
	return append(idx, nulls...)
}

// comparator returns a function comparing rows of c, values ascending (or
// descending) and nulls after every value in both directions.
func (c *column) comparator(desc bool) func(i, j int) int {
	var f func(i, j int) int
	switch c.typ {
	case TypeNull:
		return func(i, j int) int { return 0 }
	case TypeInt:
		v := c.ints
		f = func(i, j int) int { return cmpOrdered(v[i], v[j]) }
	case TypeFloat:
		v := c.flts
		f = func(i, j int) int { return cmpOrdered(v[i], v[j]) }
	case TypeString:
		v := c.strs
		f = func(i, j int) int { return strings.Compare(v[i], v[j]) }
	case TypeBool:
		v := c.bools
		f = func(i, j int) int { return cmpBool(v[i], v[j]) }
	case TypeTime:
		v := c.times
		f = func(i, j int) int { return v[i].Compare(v[j]) }
	}
	if desc {
		asc := f
		f = func(i, j int) int { return asc(j, i) }
	}
	null := c.null
	if null == nil {
		return f
	}
	return func(i, j int) int {
		switch ni, nj := null[i], null[j]; {
		case ni && nj:
			return 0
		case ni:
			return 1
		case nj:
			return -1
		}
		return f(i, j)
	}
}

// fingerprint hashes the table's names, types and values. It is part of
// the table's string form, which cache_data keys arguments by, so that two
// tables of the same shape are different keys.
func (t *Table) fingerprint() uint64 {
	t.fpOnce.Do(func() { t.fp = fingerprint(t.cols) })
	return t.fp
}

func fingerprint(cols []*column) uint64 {
	h := fnv.New64a()
	b := make([]byte, 0, 8<<10)
	for _, c := range cols {
		b = append(b, c.name...)
		b = append(b, 0, byte(c.typ))
		for i := 0; i < c.n; i++ {
			b = c.appendKey(b, i)
			if c.typ == TypeTime && !c.isNull(i) {
				b = append(b, c.times[i].Location().String()...)
			}
			if len(b) >= 8<<10 {
				h.Write(b)
				b = b[:0]
			}
		}
	}
	h.Write(b)
	return h.Sum64()
}

// String describes the table: its shape, its columns and a fingerprint of
// its content.
func (t *Table) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "<table %d rows (", t.n)
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 20 {
			fmt.Fprintf(&b, "… %d more", len(t.cols)-20)
			break
		}
		b.WriteString(c.name + " " + c.typ.String())
	}
	fmt.Fprintf(&b, ") #%016x>", t.fingerprint())
	return b.String()
}

func (t *Table) Type() string          { return "table" }
func (t *Table) Freeze()               {} // immutable
func (t *Table) Truth() starlark.Bool  { return t.n > 0 }
func (t *Table) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: table") }

// Iterate yields the rows as dicts.
func (t *Table) Iterate() starlark.Iterator { return &rowIterator{t: t, keys: t.keys()} }

type rowIterator struct {
	t    *Table
	keys []starlark.Value
	i    int
}

func (it *rowIterator) Next(p *starlark.Value) bool {
	if it.i >= it.t.n {
		return false
	}
	*p = it.t.row(it.keys, it.i)
	it.i++
	return true
}

func (it *rowIterator) Done() {}

// Builtin is the table builtin pages see.
var Builtin = starlark.NewBuiltin("table", newTableBuiltin)

// newTableBuiltin implements table(data, columns=None): a table from a list
// of dicts, a dict of lists (or columns), a list of lists with column names,
// or a table.
func newTableBuiltin(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	var columns starlark.Value = starlark.None
	if err := host.UnpackArgs("table", args, kwargs, "data", &data, "columns?", &columns); err != nil {
		return nil, err
	}
	var names []string
	if columns != starlark.None {
		var err error
		if names, err = stringList(columns); err != nil {
			return nil, fmt.Errorf("table: for parameter columns: %v", err)
		}
	}
	return tableFrom("table", data, names)
}

// asTable returns data as a table: a table itself, or anything table()
// accepts.
func asTable(op string, data starlark.Value) (*Table, error) {
	return tableFrom(op, data, nil)
}

// tableFrom builds a table from a Starlark value for op (the builtin, named
// in errors). names, when not nil, names the columns of a list of lists.
func tableFrom(op string, data starlark.Value, names []string) (*Table, error) {
	if names != nil {
		if l, ok := data.(starlark.Indexable); !ok || isDict(data) || l.Len() > 0 && !isListOrTuple(l.Index(0)) {
			return nil, fmt.Errorf("%s: for parameter columns: columns names the columns of a list of lists; pick the columns of a table with .select()", op)
		}
	}
	switch d := data.(type) {
	case *Table:
		return d, nil
	case *Column:
		return mustTable([]*column{d.c}, d.c.n), nil
	case *starlark.Dict:
		return tableOfDict(op, d)
	case starlark.String, starlark.Bytes:
	case starlark.Indexable:
		n := d.Len()
		if n == 0 {
			cols := make([]*column, len(names))
			for i, name := range names {
				cols[i] = nullColumn(name, 0)
			}
			t, err := newTable(cols, 0)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", op, err)
			}
			return t, nil
		}
		switch d.Index(0).(type) {
		case *starlark.Dict:
			return tableOfRows(op, d)
		case *starlark.List, starlark.Tuple:
			return tableOfLists(op, d, names)
		}
		return nil, fmt.Errorf("%s: got a list of %s, want a list of dicts or of lists", op, d.Index(0).Type())
	}
	return nil, fmt.Errorf("%s: got %s, want a table, a list of dicts, a dict of lists, or a list of lists", op, data.Type())
}

// tableOfDict builds a table from a dict of column name to a list of values
// or a column.
func tableOfDict(op string, d *starlark.Dict) (*Table, error) {
	var cols []*column
	n := -1
	first := ""
	for _, kv := range d.Items() {
		name, ok := kv[0].(starlark.String)
		if !ok {
			return nil, fmt.Errorf("%s: a column name is a string, got %s", op, kv[0].Type())
		}
		var c *column
		switch v := kv[1].(type) {
		case *Column:
			c = v.c.renamed(string(name))
		case *starlark.List, starlark.Tuple:
			var err error
			if c, err = columnOf(string(name), elems(v.(starlark.Indexable))); err != nil {
				return nil, fmt.Errorf("%s: column %q: %v", op, string(name), err)
			}
		default:
			return nil, fmt.Errorf("%s: column %q: got %s, want a list of values", op, string(name), kv[1].Type())
		}
		if n >= 0 && c.n != n {
			return nil, fmt.Errorf("%s: column %q has %d values, column %q has %d", op, string(name), c.n, first, n)
		}
		if n < 0 {
			n, first = c.n, string(name)
		}
		cols = append(cols, c)
	}
	return mustTable(cols, max(n, 0)), nil
}

// tableOfRows builds a table from a list of dicts; the columns are the keys
// in order of first appearance, and a missing key is null.
func tableOfRows(op string, rows starlark.Indexable) (*Table, error) {
	n := rows.Len()
	index := map[string]int{}
	var names []string
	var vals [][]starlark.Value
	for i := 0; i < n; i++ {
		d, ok := rows.Index(i).(*starlark.Dict)
		if !ok {
			return nil, fmt.Errorf("%s: row %d is %s, want a dict as the rows before", op, i, rows.Index(i).Type())
		}
		for _, kv := range d.Items() {
			k, ok := kv[0].(starlark.String)
			if !ok {
				return nil, fmt.Errorf("%s: row %d: a column name is a string, got %s", op, i, kv[0].Type())
			}
			j, seen := index[string(k)]
			if !seen {
				j = len(names)
				index[string(k)] = j
				names = append(names, string(k))
				vals = append(vals, make([]starlark.Value, n))
			}
			vals[j][i] = kv[1]
		}
	}
	cols := make([]*column, len(names))
	for j, name := range names {
		for i, v := range vals[j] {
			if v == nil {
				vals[j][i] = starlark.None
			}
		}
		c, err := columnOf(name, vals[j])
		if err != nil {
			return nil, fmt.Errorf("%s: column %q: %v", op, name, err)
		}
		cols[j] = c
	}
	return mustTable(cols, n), nil
}

// tableOfLists builds a table from a list of lists of equal length; names
// the columns, or they are "0", "1", ….
func tableOfLists(op string, rows starlark.Indexable, names []string) (*Table, error) {
	n := rows.Len()
	width := len(names)
	if names == nil {
		width = -1
	}
	var vals [][]starlark.Value
	for i := 0; i < n; i++ {
		r := rows.Index(i)
		if !isListOrTuple(r) {
			return nil, fmt.Errorf("%s: row %d is %s, want a list as the rows before", op, i, r.Type())
		}
		l := r.(starlark.Indexable)
		if width < 0 {
			width = l.Len()
		}
		if l.Len() != width {
			if names != nil {
				return nil, fmt.Errorf("%s: row %d has %d values, want %d (columns: %s)", op, i, l.Len(), width, strings.Join(names, ", "))
			}
			return nil, fmt.Errorf("%s: row %d has %d values, row 0 has %d", op, i, l.Len(), width)
		}
		if vals == nil {
			vals = make([][]starlark.Value, width)
			for j := range vals {
				vals[j] = make([]starlark.Value, n)
			}
		}
		for j := 0; j < width; j++ {
			vals[j][i] = l.Index(j)
		}
	}
	if names == nil {
		for j := 0; j < width; j++ {
			names = append(names, strconv.Itoa(j))
		}
	}
	cols := make([]*column, width)
	for j := range cols {
		c, err := columnOf(names[j], vals[j])
		if err != nil {
			return nil, fmt.Errorf("%s: column %q: %v", op, names[j], err)
		}
		cols[j] = c
	}
	t, err := newTable(cols, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", op, err)
	}
	return t, nil
}

// elems returns the elements of a list or tuple.
func elems(l starlark.Indexable) []starlark.Value {
	out := make([]starlark.Value, l.Len())
	for i := range out {
		out[i] = l.Index(i)
	}
	return out
}

// stringList returns a string, or a list or tuple of strings, as names.
func stringList(v starlark.Value) ([]string, error) {
	if s, ok := v.(starlark.String); ok {
		return []string{string(s)}, nil
	}
	if !isListOrTuple(v) {
		return nil, fmt.Errorf("got %s, want a string or a list of strings", v.Type())
	}
	l := v.(starlark.Indexable)
	out := make([]string, l.Len())
	for i := range out {
		s, ok := l.Index(i).(starlark.String)
		if !ok {
			return nil, fmt.Errorf("got %s in the list, want string", l.Index(i).Type())
		}
		out[i] = string(s)
	}
	return out, nil
}

// isListOrTuple reports whether v is a list or a tuple.
func isListOrTuple(v starlark.Value) bool {
	switch v.(type) {
	case *starlark.List, starlark.Tuple:
		return true
	}
	return false
}

func isDict(v starlark.Value) bool { _, ok := v.(*starlark.Dict); return ok }
