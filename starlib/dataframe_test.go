package starlib_test

// Tests of st.dataframe — its element, the rows it carries and the row
// source that serves the rest, paged and sorted — and of tables given to
// st.table and st.write.

import (
	"sync"
	"testing"

	"github.com/stark-dev/stark/host"
)

// sales is a small table with every column type and nulls.
const sales = `sales = table([
    {"region": "north", "price": 12.5, "qty": 3, "ok": True, "day": "2024-01-02"},
    {"region": "south", "price": 8.0, "qty": None, "ok": False, "day": "2024-01-01"},
    {"region": "north", "price": None, "qty": 5, "ok": None, "day": None},
    {"region": None, "price": 20.0, "qty": 1, "ok": True, "day": "2024-01-03"},
    {"region": "east", "price": 8.0, "qty": 2, "ok": False, "day": "2023-12-31"},
])
`

func TestDataframeElement(t *testing.T) {
	tests := []struct {
		name, src, want, err string
	}{
		{name: "a table", src: sales + `st.dataframe(sales.select("region", "qty").head(2), height=300, column_config={"qty": {"format": "%d"}, "region": "Region"})`,
			want: `{"kind":"dataframe","path":"main.0","columns":[{"name":"region","type":"string"},{"name":"qty","type":"int"}],"num_rows":2,"height":300,
			"column_config":{"qty":{"format":"%d"},"region":"Region"},"rows":[["north",3],["south",null]]}`},
		{name: "a list of dicts", src: `st.dataframe([{"a": 1.5, "t": time.parse_time("2024-01-02T03:04:05Z")}])`,
			want: `{"kind":"dataframe","path":"main.0","columns":[{"name":"a","type":"float"},{"name":"t","type":"time"}],"num_rows":1,"height":null,"column_config":{},"rows":[[1.5,"2024-01-02T03:04:05Z"]]}`},
		{name: "written", src: `st.write(table({"a": [1, 2]}))`,
			want: `{"kind":"dataframe","path":"main.0","columns":[{"name":"a","type":"int"}],"num_rows":2,"height":null,"column_config":{},"rows":[[1],[2]]}`},
		{name: "a column written", src: `st.write(table({"a": [1, 2]}).column("a"))`,
			want: `{"kind":"dataframe","path":"main.0","columns":[{"name":"a","type":"int"}],"num_rows":2,"height":null,"column_config":{},"rows":[[1],[2]]}`},

		{name: "unknown column in the config", src: sales + `st.dataframe(sales.select("price", "region"), column_config={"pricee": {"format": "%.2f"}})`,
			err: `st.dataframe: for parameter column_config: no column "pricee" (columns: price, region)`},
		{name: "config not a dict", src: `st.dataframe([], column_config=["a"])`, err: `st.dataframe: for parameter column_config: got list, want a dict of column name to its configuration`},
		{name: "config key not a string", src: `st.dataframe([], column_config={1: 2})`, err: `st.dataframe: for parameter column_config: a key is a column name, got int`},
		{name: "bad height", src: `st.dataframe([], height=0)`, err: `st.dataframe: for parameter height: got 0, want a number of pixels (a positive int) or None`},
		{name: "bad data", src: `st.dataframe(3)`, err: `st.dataframe: for parameter data: got int, want a table, a list of dicts, a dict of lists, or a list of lists`},
		{name: "bad rows", src: `st.dataframe([{"a": 1}, {"a": "x"}])`, err: `st.dataframe: for parameter data: column "a": row 0 is int, row 1 is string; a column holds one type (and None)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := runPage(t, tc.src)
			if tc.err != "" {
				mustFail(t, res, tc.err)
				return
			}
			mustComplete(t, res)
			el := only(t, res, "dataframe")
			sameJSON(t, el, tc.want)
			if el.Rows == nil {
				t.Errorf("the element has no row source")
			}
		})
	}
}

func TestStaticTable(t *testing.T) {
	res := runPage(t, `st.table(table({"a": [1, None], "b": ["x", "y"]}))`)
	mustComplete(t, res)
	sameJSON(t, only(t, res, "table"), `{"kind":"table","path":"main.0","columns":["a","b"],"rows":[[1,"x"],[null,"y"]]}`)

	res = runPage(t, `st.table(table({"a": list(range(10001))}))`)
	mustFail(t, res, `st.table: the table has 10001 rows, more than the 10000 that st.table sends to the browser at once; use st.dataframe, which pages its rows`)

	res = runPage(t, `st.table(table({"a": [1]}), columns=["b"])`)
	mustFail(t, res, `st.table: for parameter columns: a table names its own columns; pick or order them with .select()`)
}

// bigPage writes a dataframe of 250 rows: n counts down from 249, and every
// fifth row has no g.
const bigPage = `t = table({"i": list(range(250)), "n": [249 - i for i in range(250)], "g": [None if i % 5 == 0 else "g%d" % (i % 3) for i in range(250)]})
st.dataframe(t)
`

func dataframeOf(t *testing.T, src string) *host.Element {
	t.Helper()
	res := runPage(t, src)
	mustComplete(t, res)
	return only(t, res, "dataframe")
}

func TestDataframeRows(t *testing.T) {
	el := dataframeOf(t, bigPage)
	if got := el.Props["num_rows"]; got != 250 {
		t.Errorf("num_rows = %v, want 250", got)
	}
	inline := el.Props["rows"].([][]any)
	if len(inline) != 100 || inline[99][0] != int64(99) {
		t.Errorf("%d inline rows, the last %v; want 100 ending with row 99", len(inline), inline[len(inline)-1])
	}
	src := el.Rows
	if src.Len() != 250 {
		t.Errorf("Len() = %d, want 250", src.Len())
	}
	firstOf := func(rows [][]any) []any {
		if len(rows) == 0 {
			return nil
		}
		return rows[0]
	}
	tests := []struct {
		name         string
		start, count int
		by           string
		desc         bool
		n            int    // rows returned
		first        string // the first of them, as JSON
		err          string
	}{
		{name: "second page", start: 100, count: 100, n: 100, first: `[100,149,null]`},
		{name: "last page", start: 200, count: 100, n: 50, first: `[200,49,null]`},
		{name: "past the end", start: 300, count: 10, n: 0, first: `null`},
		{name: "sorted", start: 0, count: 3, by: "n", n: 3, first: `[249,0,"g0"]`},
		{name: "sorted descending", start: 0, count: 3, by: "i", desc: true, n: 3, first: `[249,0,"g0"]`},
		{name: "nulls last ascending", start: 200, count: 1, by: "g", n: 1, first: `[0,249,null]`},
		{name: "nulls last descending", start: 0, count: 1, by: "g", desc: true, n: 1, first: `[2,247,"g2"]`},
		{name: "unknown column", by: "x", count: 1, err: `rows: no column "x" (columns: i, n, g)`},
		{name: "negative", start: -1, count: 1, err: `rows: start -1 and count 1 must not be negative`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := src.Rows(tc.start, tc.count, tc.by, tc.desc)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tc.n {
				t.Fatalf("%d rows, want %d", len(rows), tc.n)
			}
			sameJSON(t, firstOf(rows), tc.first)
		})
	}
	// Sorted by g: the 200 values in order, then the 50 nulls in their own
	// order.
	rows, _ := src.Rows(0, 250, "g", false)
	for k := 1; k < 200; k++ {
		if rows[k-1][2].(string) > rows[k][2].(string) {
			t.Fatalf("rows %d and %d are out of order: %v %v", k-1, k, rows[k-1], rows[k])
		}
	}
	for k := 200; k < 250; k++ {
		if rows[k][2] != nil || rows[k][0] != int64((k-200)*5) {
			t.Fatalf("row %d = %v, want the nulls last in table order", k, rows[k])
		}
	}
}

// TestRowsConcurrent pages one table's rows from many goroutines, sorted
// several ways at once, as sessions serving one cached table do.
func TestRowsConcurrent(t *testing.T) {
	src := dataframeOf(t, bigPage).Rows
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			by := []string{"", "i", "n", "g"}[g%4]
			for start := 0; start < 250; start += 50 {
				rows, err := src.Rows(start, 50, by, g%2 == 0)
				if err != nil || len(rows) != 50 {
					t.Errorf("Rows(%d, 50, %q): %d rows, %v", start, by, len(rows), err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestColumnConfigIndex: column_config's "_index" configures the index
// column as Streamlit's: a label or a column's configuration shows the
// column of row positions with it (unless hide_index=True), None hides it;
// a table with a real column "_index" configures that column.
func TestColumnConfigIndex(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"a configuration shows it", `st.dataframe({"a": [1]}, column_config={"_index": st.column_config.Column("Row", width="small")})`,
			`{"kind":"dataframe","path":"main.0","columns":[{"name":"a","type":"int"}],"num_rows":1,"height":null,"hide_index":false,
			"column_config":{"_index":{"label":"Row","width":"small"}},"rows":[[1]]}`},
		{"a label", `st.dataframe({"a": [1]}, column_config={"_index": "No."}, hide_index=False)`,
			`{"kind":"dataframe","path":"main.0","columns":[{"name":"a","type":"int"}],"num_rows":1,"height":null,"hide_index":false,
			"column_config":{"_index":"No."},"rows":[[1]]}`},
		{"hide_index=True wins", `st.dataframe({"a": [1]}, column_config={"_index": "No."}, hide_index=True)`,
			`{"kind":"dataframe","path":"main.0","columns":[{"name":"a","type":"int"}],"num_rows":1,"height":null,"column_config":{},"rows":[[1]]}`},
		{"None hides it", `st.dataframe({"a": [1]}, column_config={"_index": None}, hide_index=False)`,
			`{"kind":"dataframe","path":"main.0","columns":[{"name":"a","type":"int"}],"num_rows":1,"height":null,"column_config":{},"rows":[[1]]}`},
		{"a real column", `st.dataframe({"_index": [1], "b": [2]}, column_config={"_index": None})`,
			`{"kind":"dataframe","path":"main.0","columns":[{"name":"b","type":"int"}],"num_rows":1,"height":null,"column_config":{},"rows":[[2]]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runPage(t, tc.src)
			mustComplete(t, res)
			sameJSON(t, only(t, res, "dataframe"), tc.want)
		})
	}
	t.Run("selectable", func(t *testing.T) {
		res := runPage(t, `st.dataframe({"a": [1]}, column_config={"_index": "No."}, on_select="rerun", key="d")`)
		mustComplete(t, res)
		p := props(only(t, res, "dataframe"), "kind", "path")
		if p["hide_index"] != false || p["column_config"].(map[string]any)["_index"] != "No." {
			t.Errorf("props = %v", p)
		}
	})
	t.Run("data_editor", func(t *testing.T) {
		res := runPage(t, `x = st.data_editor({"a": [1]}, column_config={"_index": st.column_config.NumberColumn("Id", help="row")}, num_rows="dynamic")
st.text(str(x))`)
		mustComplete(t, res)
		p := props(only(t, res, "data_editor"), "kind", "path")
		if p["hide_index"] != false || p["column_config"].(map[string]any)["_index"] == nil {
			t.Errorf("props = %v", p)
		}
		res = runPage(t, `st.data_editor({"a": [1]}, column_config={"_index": None, "a": st.column_config.NumberColumn(min_value=0)})`)
		mustComplete(t, res)
		if p := props(only(t, res, "data_editor"), "kind", "path"); p["hide_index"] != nil {
			t.Errorf("hide_index = %v, want absent", p["hide_index"])
		}
	})
}
