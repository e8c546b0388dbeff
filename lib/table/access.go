package table

// This file is the Go side of tables: what the packages that build tables
// (sql) or show them (st's dataframe and charts) call. Column indexes j run
// over the table's columns in order, row indexes i over its rows.

import (
	"time"

	"go.starlark.net/starlark"
)

// NewColumn builds a column from Starlark values as table() does: None is
// null, ints and floats together make a float column, NaN is null. The
// error names the row but not the column: callers add it.
func NewColumn(name string, vals []starlark.Value) (*Column, error) {
	c, err := columnOf(name, vals)
	if err != nil {
		return nil, err
	}
	return &Column{c}, nil
}

// New makes a table of columns of n rows each; names must be unique.
func New(cols []*Column, n int) (*Table, error) {
	cs := make([]*column, len(cols))
	for j, c := range cols {
		cs[j] = c.c
	}
	return newTable(cs, n)
}

// From returns data as a table: a table itself, or anything table() takes
// (a list of dicts, a dict of lists, a list of lists). op names the builtin
// in errors.
func From(op string, data starlark.Value) (*Table, error) { return asTable(op, data) }

// Table returns the table of the one column.
func (v *Column) Table() *Table { return mustTable([]*column{v.c}, v.c.n) }

// Column returns column j.
func (t *Table) Column(j int) *Column { return &Column{t.cols[j]} }

// ColumnIndex returns the index of the named column.
func (t *Table) ColumnIndex(name string) (int, bool) {
	j, ok := t.byName[name]
	return j, ok
}

// ColumnList is the table's column names for an error message: "a, b" or
// "none".
func (t *Table) ColumnList() string { return t.columnList() }

// ColumnName returns the name of column j.
func (t *Table) ColumnName(j int) string { return t.cols[j].name }

// ColumnType returns the type of column j.
func (t *Table) ColumnType(j int) Type { return t.cols[j].typ }

// IsNull reports whether row i of column j is null.
func (t *Table) IsNull(j, i int) bool { return t.cols[j].isNull(i) }

// TimeAt returns row i of the time column j; the zero time when the row is
// null or the column is not of times.
func (t *Table) TimeAt(j, i int) time.Time {
	if c := t.cols[j]; c.typ == TypeTime {
		return c.times[i]
	}
	return time.Time{}
}

// StringAt returns row i of the string column j; "" when the row is null
// or the column is not of strings.
func (t *Table) StringAt(j, i int) string {
	if c := t.cols[j]; c.typ == TypeString {
		return c.strs[i]
	}
	return ""
}

// JSONValue returns row i of column j as a value encoding/json writes: nil
// for null and for an infinite float, times as RFC 3339 strings.
func (t *Table) JSONValue(j, i int) any { return t.cols[j].jsonValue(i) }

// Lookup returns the index of the named column, or op's error listing the
// columns the table has.
func (t *Table) Lookup(op, name string) (int, error) {
	if _, err := t.col(op, name); err != nil {
		return 0, err
	}
	return t.byName[name], nil
}
