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

// dataframe implements st.dataframe(data=None, width=None, height=None, *,
// use_container_width=None, hide_index=None, column_order=None,
// column_config=None, key=None, on_select="ignore",
// selection_mode="multi-row"), in Streamlit's order. column_order and
// column_config's None values choose the columns shown: the element's table
// has only those, so rows travel without the others. With on_select other
// than "ignore" the dataframe is a widget whose value is the selection.
func dataframe(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 3 {
		return nil, c.errorf("got %d positional arguments, want at most 3 (data, width, height); give the others by name", len(args))
	}
	var data, height, config, order, hideIndex starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	var key, onSelect, modes starlark.Value = starlark.None, starlark.String("ignore"), starlark.String("multi-row")
	size := newSizing()
	pairs := []any{"data?", &data, "width?", &size.width, "height?", &height, "use_container_width?", &size.useContainer,
		"hide_index?", &hideIndex, "column_order?", &order, "column_config?", &config,
		"key?", &key, "on_select?", &onSelect, "selection_mode?", &modes}
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	if data == starlark.None {
		data = starlark.NewList(nil)
	}
	t, err := table.From(c.name+": for parameter data", data)
	if err != nil {
		return nil, err
	}
	h, err := gridHeight(&c, height, hideIndex)
	if err != nil {
		return nil, err
	}
	cfg, hidden, err := columnConfigOf(&c, t, config)
	if err != nil {
		return nil, err
	}
	hideIndex = indexShown(t, cfg, hidden, hideIndex)
	if t, err = shownColumns(&c, t, order, hidden); err != nil {
		return nil, err
	}
	keepConfig(t, cfg, hideIndex)
	if onSelect == starlark.String("ignore") {
		props := dataframeProps(t, h, cfg, width)
		if hideIndex == starlark.False {
			props["hide_index"] = false
		}
		el := &host.Element{Kind: "dataframe", Props: props, Rows: t}
		if _, err := c.ctx.Append(c.box, el, false, false); err != nil {
			return nil, c.errorf("%v", err)
		}
		c.note(el) // its handle: x = st.dataframe(t); x.dataframe(t2)
		return starlark.None, nil
	}
	return selectableDataframe(&c, t, dataframeProps(t, h, cfg, width), hideIndex, key, onSelect, modes)
}

// gridHeight checks the height and hide_index of st.dataframe and
// st.data_editor, and returns the height's property: pixels, or nil.
func gridHeight(c *call, height, hideIndex starlark.Value) (any, error) {
	var h any
	if height != starlark.None {
		px, err := starlark.AsInt32(height)
		if err != nil || px <= 0 {
			return nil, c.errorf("for parameter height: got %s, want a number of pixels (a positive int) or None", height.String())
		}
		h = int(px)
	}
	if hideIndex != starlark.None {
		if _, ok := hideIndex.(starlark.Bool); !ok {
			return nil, c.errorf("for parameter hide_index: got %s, want bool or None", hideIndex.Type())
		}
	}
	return h, nil
}

// indexKey is the column_config key of the index column, as Streamlit's.
const indexKey = "_index"

// indexShown applies column_config's "_index" (for a table without a
// column of that name) to hide_index: None hides the column of row
// positions, a configuration (a label, width, help) shows it unless
// hide_index=True, as Streamlit's index column is shown by default. It
// returns the hide_index in effect, and drops "_index" from hidden.
func indexShown(t *table.Table, cfg map[string]any, hidden map[string]bool, hideIndex starlark.Value) starlark.Value {
	if _, isCol := t.ColumnIndex(indexKey); isCol {
		return hideIndex
	}
	if hidden[indexKey] {
		delete(hidden, indexKey)
		return starlark.True
	}
	if _, ok := cfg[indexKey]; ok && hideIndex == starlark.None {
		return starlark.False
	}
	return hideIndex
}

// columnConfigOf checks column_config: each key a column of t, each value
// a dict (st.column_config's or a plain one), a string (the label) or None
// (the column hidden, returned in hidden).
func columnConfigOf(c *call, t *table.Table, config starlark.Value) (map[string]any, map[string]bool, error) {
	cfg, hidden := map[string]any{}, map[string]bool{}
	switch d := config.(type) {
	case starlark.NoneType:
	case *starlark.Dict:
		for _, kv := range d.Items() {
			name, ok := kv[0].(starlark.String)
			if !ok {
				return nil, nil, c.errorf("for parameter column_config: a key is a column name, got %s", kv[0].Type())
			}
			if _, isCol := t.ColumnIndex(indexKey); string(name) == indexKey && !isCol {
				// Streamlit's key of the index column: stark's tables
				// have none, so it configures the column of row
				// positions (see indexShown).
			} else if _, err := t.Lookup(c.name+": for parameter column_config", string(name)); err != nil {
				return nil, nil, err
			}
			switch v := kv[1].(type) {
			case starlark.NoneType:
				hidden[string(name)] = true
			case starlark.String, *starlark.Dict:
				cfg[string(name)] = host.ToJSON(v)
			default:
				return nil, nil, c.errorf("for parameter column_config: column %q: got %s, want a st.column_config value, a dict, a string (the label) or None (hidden)", string(name), v.Type())
			}
		}
	default:
		return nil, nil, c.errorf("for parameter column_config: got %s, want a dict of column name to its configuration", config.Type())
	}
	return cfg, hidden, nil
}

// keepConfig drops from cfg the columns not shown in t, and "_index"
// unless the column of row positions is shown.
func keepConfig(t *table.Table, cfg map[string]any, hideIndex starlark.Value) {
	for name := range cfg {
		if _, ok := t.ColumnIndex(name); !ok && (name != indexKey || hideIndex != starlark.False) {
			delete(cfg, name) // configures a column not shown
		}
	}
}

// shownColumns returns t with the columns shown: those of column_order, in
// its order (all when None), less the hidden ones. t is returned itself
// when nothing changes.
func shownColumns(c *call, t *table.Table, order starlark.Value, hidden map[string]bool) (*table.Table, error) {
	var names []string
	switch o := order.(type) {
	case starlark.NoneType:
		names = t.Columns()
	case starlark.String:
		names = []string{string(o)}
	case starlark.Iterable:
		it := o.Iterate()
		defer it.Done()
		var x starlark.Value
		for it.Next(&x) {
			s, ok := x.(starlark.String)
			if !ok {
				return nil, c.errorf("for parameter column_order: got %s in the list, want column names (strings)", x.Type())
			}
			if _, err := t.Lookup(c.name+": for parameter column_order", string(s)); err != nil {
				return nil, err
			}
			names = append(names, string(s))
		}
	default:
		return nil, c.errorf("for parameter column_order: got %s, want a list of column names or None", order.Type())
	}
	var cols []*table.Column
	seen := map[string]bool{}
	for _, n := range names {
		if hidden[n] || seen[n] {
			continue
		}
		seen[n] = true
		j, _ := t.ColumnIndex(n)
		cols = append(cols, t.Column(j))
	}
	if len(cols) == len(t.Columns()) && order == starlark.None {
		return t, nil
	}
	shown, err := table.New(cols, t.Len())
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	shown.Freeze()
	return shown, nil
}

// dataframeProps returns the properties of a dataframe element of t: its
// columns and the first rows (the rest come from t as the row source).
func dataframeProps(t *table.Table, height any, config map[string]any, width any) map[string]any {
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
	return withWidth(props, width)
}

// appendDataframe appends a dataframe element of t.
func appendDataframe(c *call, t *table.Table, height any, config map[string]any, width any) error {
	el := &host.Element{Kind: "dataframe", Props: dataframeProps(t, height, config, width), Rows: t}
	if _, err := c.ctx.Append(c.box, el, false, false); err != nil {
		return c.errorf("%v", err)
	}
	c.note(el)
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
