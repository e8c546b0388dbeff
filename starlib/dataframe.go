package starlib

// This file defines st.dataframe, the element of a table whose rows the
// browser pages through, and the table forms of st.table and st.write.

import (
	"fmt"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/table"
	"go.starlark.net/starlark"
)

const (
	// inlineRows is how many rows a dataframe element carries: a small
	// table needs no request for more, and a large one shows its first
	// page at once.
	inlineRows = 100
	// maxStaticRows bounds st.table, which sends every row in its element.
	maxStaticRows = 10_000
)

// dataframe implements st.dataframe(data, height=None, column_config=None).
func dataframe(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	var height, config starlark.Value = starlark.None, starlark.None
	size := newSizing()
	pairs := append([]any{"data", &data, "height?", &height, "column_config?", &config}, size.pairs()...)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	t, err := table.From(c.name+": for parameter data", data)
	if err != nil {
		return nil, err
	}
	var h any
	if height != starlark.None {
		px, err := starlark.AsInt32(height)
		if err != nil || px <= 0 {
			return nil, c.errorf("for parameter height: got %s, want a number of pixels (a positive int) or None", height.String())
		}
		h = int(px)
	}
	cfg := map[string]any{}
	switch d := config.(type) {
	case starlark.NoneType:
	case *starlark.Dict:
		for _, kv := range d.Items() {
			name, ok := kv[0].(starlark.String)
			if !ok {
				return nil, c.errorf("for parameter column_config: a key is a column name, got %s", kv[0].Type())
			}
			if _, err := t.Lookup(c.name+": for parameter column_config", string(name)); err != nil {
				return nil, err
			}
			cfg[string(name)] = host.ToJSON(kv[1])
		}
	default:
		return nil, c.errorf("for parameter column_config: got %s, want a dict of column name to its configuration", config.Type())
	}
	return starlark.None, appendDataframe(&c, t, h, cfg, width)
}

// appendDataframe appends a dataframe element of t: its columns, the first
// rows, and t as the element's row source for the rest.
func appendDataframe(c *call, t *table.Table, height any, config map[string]any, width any) error {
	names := t.Columns()
	cols := make([]any, len(names))
	for j, name := range names {
		cols[j] = map[string]any{"name": name, "type": t.ColumnType(j).String()}
	}
	rows, _ := t.Rows(0, inlineRows, "", false)
	props := map[string]any{
		"columns":       cols,
		"num_rows":      t.Len(),
		"height":        height,
		"column_config": config,
		"rows":          rows,
	}
	withWidth(props, width)
	if _, err := c.ctx.Append(c.box, &host.Element{Kind: "dataframe", Props: props, Rows: t}, false, false); err != nil {
		return c.errorf("%v", err)
	}
	return nil
}

// tableValue returns v as a table when it is a table or a column.
func tableValue(v starlark.Value) (*table.Table, bool) {
	switch v := v.(type) {
	case *table.Table:
		return v, true
	case *table.Column:
		return v.Table(), true
	}
	return nil, false
}

// appendStaticTable appends a table element with every row of t, for
// st.table; past maxStaticRows it refuses, pointing at st.dataframe.
func appendStaticTable(c *call, t *table.Table) error {
	if t.Len() > maxStaticRows {
		return c.errorf("the table has %d rows, more than the %d that st.table sends to the browser at once; use st.dataframe, which pages its rows", t.Len(), maxStaticRows)
	}
	rows, _ := t.Rows(0, t.Len(), "", false)
	return c.appendEl("table", map[string]any{"columns": t.Columns(), "rows": rows})
}

// writeTable is st.write of a table or a column: a dataframe, as in
// Streamlit.
func writeTable(c *call, t *table.Table) error {
	return appendDataframe(c, t, nil, map[string]any{}, nil)
}

// errColumnsWithTable is st.table's error for columns= given with a table.
func errColumnsWithTable(c *call) error {
	return fmt.Errorf("%s: for parameter columns: a table names its own columns; pick or order them with .select()", c.name)
}
