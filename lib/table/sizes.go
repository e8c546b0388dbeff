package table

// This file gives the values of starlib their sizes, for the cache's byte
// budget (host.SizeOf): tables and columns hold far more than the fixed
// estimate of an unknown value.

import "github.com/stark-dev/stark/host"

var (
	_ host.Sizer = (*Table)(nil)
	_ host.Sizer = (*Column)(nil)
)

// Size is the bytes of the table's columns. Tables derived from one another
// share columns; each is counted in full, as if it were alone.
func (t *Table) Size() int {
	n := 64 + len(t.cols)*64
	for _, c := range t.cols {
		n += c.size()
	}
	return n
}

// Size is the bytes of the column's values.
func (v *Column) Size() int { return 64 + v.c.size() }

func (c *column) size() int {
	n := len(c.name) + len(c.ints)*8 + len(c.flts)*8 + len(c.bools) + len(c.times)*24 + len(c.null)
	for _, s := range c.strs {
		n += 16 + len(s)
	}
	return n
}
