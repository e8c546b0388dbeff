package table_test

// Tests of the table value: its constructors, its operations with every
// column type and with nulls, and errors that name the operation and the
// column.

import (
	"testing"

	"github.com/stark-dev/stark/host"
)

// tableCase is a page that binds x to a table (want: the table as JSON,
// {"columns", "dtypes", "rows"}) or fails (want: the error).
type tableCase struct {
	name string
	src  string
	want string
	err  string
}

// sales is a small table with every column type and nulls.
const sales = `sales = table([
    {"region": "north", "price": 12.5, "qty": 3, "ok": True, "day": "2024-01-02"},
    {"region": "south", "price": 8.0, "qty": None, "ok": False, "day": "2024-01-01"},
    {"region": "north", "price": None, "qty": 5, "ok": None, "day": None},
    {"region": None, "price": 20.0, "qty": 1, "ok": True, "day": "2024-01-03"},
    {"region": "east", "price": 8.0, "qty": 2, "ok": False, "day": "2023-12-31"},
])
`

func runTableCases(t *testing.T, tests []tableCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := runPage(t, lines(tc.src, "st.table(x)", "st.json(x.dtypes)"))
			if tc.err != "" {
				mustFail(t, res, tc.err)
				return
			}
			mustComplete(t, res)
			tbl, dtypes := only(t, res, "table"), only(t, res, "json")
			sameJSON(t, map[string]any{"columns": tbl.Props["columns"], "dtypes": dtypes.Props["value"], "rows": tbl.Props["rows"]}, tc.want)
		})
	}
}

// valueCase is a page whose last line is an expression (want: its value as
// JSON) or that fails (err).
type valueCase struct {
	name string
	src  string
	want string
	err  string
}

func runValueCases(t *testing.T, prelude string, tests []valueCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := runPage(t, lines(prelude, "st.json("+tc.src+")"))
			if tc.err != "" {
				mustFail(t, res, tc.err)
				return
			}
			mustComplete(t, res)
			sameJSON(t, only(t, res, "json").Props["value"], tc.want)
		})
	}
}

func TestTableConstructors(t *testing.T) {
	runTableCases(t, []tableCase{
		{name: "list of dicts", src: `x = table([{"a": 1, "b": "x"}, {"b": "y", "c": True}])`,
			want: `{"columns":["a","b","c"],"dtypes":{"a":"int","b":"string","c":"bool"},"rows":[[1,"x",null],[null,"y",true]]}`},
		{name: "dict of lists", src: `x = table({"a": [1, 2.5], "b": [None, None]})`,
			want: `{"columns":["a","b"],"dtypes":{"a":"float","b":"null"},"rows":[[1,null],[2.5,null]]}`},
		{name: "list of lists", src: `x = table([[1, "a"], (2, "b")], columns=["n", "s"])`,
			want: `{"columns":["n","s"],"dtypes":{"n":"int","s":"string"},"rows":[[1,"a"],[2,"b"]]}`},
		{name: "list of lists without names", src: `x = table([[1, 2]])`,
			want: `{"columns":["0","1"],"dtypes":{"0":"int","1":"int"},"rows":[[1,2]]}`},
		{name: "times", src: `x = table({"t": [time.time(year=2024, month=3, day=1, location="UTC"), None]})`,
			want: `{"columns":["t"],"dtypes":{"t":"time"},"rows":[["2024-03-01T00:00:00Z"],[null]]}`},
		{name: "NaN is null", src: `x = table({"f": [1.5, float("nan")]})`,
			want: `{"columns":["f"],"dtypes":{"f":"float"},"rows":[[1.5],[null]]}`},
		{name: "empty list", src: `x = table([])`, want: `{"columns":[],"dtypes":{},"rows":[]}`},
		{name: "empty list with columns", src: `x = table([], columns=["a"])`, want: `{"columns":["a"],"dtypes":{"a":"null"},"rows":[]}`},
		{name: "a table", src: "y = table({\"a\": [1]})\nx = table(y)", want: `{"columns":["a"],"dtypes":{"a":"int"},"rows":[[1]]}`},
		{name: "dict of columns", src: "y = table({\"a\": [1, None]})\nx = table({\"b\": y.column(\"a\")})", want: `{"columns":["b"],"dtypes":{"b":"int"},"rows":[[1],[null]]}`},

		{name: "mixed types", src: `x = table({"a": [1, "x"]})`, err: `table: column "a": row 0 is int, row 1 is string; a column holds one type (and None)`},
		{name: "bad value", src: `x = table([{"a": [1]}])`, err: `table: column "a": row 0: got list, want int, float, string, bool, time or None`},
		{name: "big int", src: `x = table({"a": [1 << 70]})`, err: `table: column "a": row 0: 1180591620717411303424 does not fit in 64 bits`},
		{name: "unequal columns", src: `x = table({"a": [1, 2], "b": [1]})`, err: `table: column "b" has 1 values, column "a" has 2`},
		{name: "row not a dict", src: `x = table([{"a": 1}, 2])`, err: `table: row 1 is int, want a dict as the rows before`},
		{name: "short row", src: `x = table([[1, 2], [3]], columns=["a", "b"])`, err: `table: row 1 has 1 values, want 2 (columns: a, b)`},
		{name: "duplicate names", src: `x = table([[1, 2]], columns=["a", "a"])`, err: `table: two columns are named "a"`},
		{name: "columns with dicts", src: `x = table([{"a": 1}], columns=["a"])`, err: `table: for parameter columns: columns names the columns of a list of lists; pick the columns of a table with .select()`},
		{name: "not a table", src: `x = table("a,b")`, err: `table: got string, want a table, a list of dicts, a dict of lists, or a list of lists`},
		{name: "non-string key", src: `x = table([{1: 2}])`, err: `table: row 0: a column name is a string, got int`},
	})
}

func TestTableAttributes(t *testing.T) {
	runValueCases(t, sales, []valueCase{
		{name: "len", src: `len(sales)`, want: `5`},
		{name: "columns", src: `sales.columns`, want: `["region","price","qty","ok","day"]`},
		{name: "dtypes", src: `sales.dtypes`, want: `{"region":"string","price":"float","qty":"int","ok":"bool","day":"string"}`},
		{name: "type", src: `type(sales)`, want: `"table"`},
		{name: "truth", src: `[bool(sales), bool(sales.head(0))]`, want: `[true,false]`},
		{name: "iteration", src: `[r["qty"] for r in sales]`, want: `[3,null,5,1,2]`},
		{name: "rows", src: `sales.head(2).rows()`, want: `[{"region":"north","price":12.5,"qty":3,"ok":true,"day":"2024-01-02"},{"region":"south","price":8,"qty":null,"ok":false,"day":"2024-01-01"}]`},
		{name: "dir", src: `dir(sales)`, want: `["column","columns","dtypes","filter","group_by","head","join","rows","select","sort","tail","with_column"]`},
		{name: "unhashable", src: `{sales: 1}`, err: `unhashable type: table`},
		{name: "same content, same string", src: `str(table({"a": [1]})) == str(table({"a": [1]}))`, want: `true`},
		{name: "other content, other string", src: `str(table({"a": [1]})) == str(table({"a": [2]}))`, want: `false`},
	})
}

func TestTableSelectHeadTail(t *testing.T) {
	runTableCases(t, []tableCase{
		{name: "select", src: sales + `x = sales.select("qty", "region").head(2)`,
			want: `{"columns":["qty","region"],"dtypes":{"qty":"int","region":"string"},"rows":[[3,"north"],[null,"south"]]}`},
		{name: "select a list", src: sales + `x = sales.select(["ok"]).tail(2)`,
			want: `{"columns":["ok"],"dtypes":{"ok":"bool"},"rows":[[true],[false]]}`},
		{name: "head past the end", src: sales + `x = sales.select("qty").head(n=10)`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[[3],[null],[5],[1],[2]]}`},
		{name: "tail 0", src: sales + `x = sales.select("qty").tail(0)`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[]}`},
		{name: "select unknown", src: sales + `x = sales.select("qtyy")`, err: `select: no column "qtyy" (columns: region, price, qty, ok, day)`},
		{name: "select twice", src: sales + `x = sales.select("qty", "qty")`, err: `select: two columns are named "qty"`},
		{name: "select nothing", src: sales + `x = sales.select()`, err: `select: name at least one column`},
		{name: "select a number", src: sales + `x = sales.select(1)`, err: `select: got int, want column names (strings)`},
		{name: "head negative", src: sales + `x = sales.head(-1)`, err: `head: for parameter n: got -1, want 0 or more`},
		{name: "tail of a string", src: sales + `x = sales.tail("2")`, err: `tail: for parameter n: got string, want int`},
	})
}

func TestTableFilter(t *testing.T) {
	runTableCases(t, []tableCase{
		{name: "float", src: sales + `x = sales.filter("price > 10").select("region", "price")`,
			want: `{"columns":["region","price"],"dtypes":{"region":"string","price":"float"},"rows":[["north",12.5],[null,20]]}`},
		{name: "float with an int column", src: sales + `x = sales.filter("qty >= 2.5").select("qty")`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[[3],[5]]}`},
		{name: "int", src: sales + `x = sales.filter("qty != 3").select("qty")`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[[5],[1],[2]]}`},
		{name: "string", src: sales + `x = sales.filter("region == 'north'").select("qty")`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[[3],[5]]}`},
		{name: "string order", src: sales + `x = sales.filter("region < \"north\"").select("region")`,
			want: `{"columns":["region"],"dtypes":{"region":"string"},"rows":[["east"]]}`},
		{name: "bool column alone", src: sales + `x = sales.filter("ok").select("qty")`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[[3],[1]]}`},
		{name: "bool compared", src: sales + `x = sales.filter("ok == false").select("qty")`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[[null],[2]]}`},
		{name: "time", src: sales + `x = sales.with_column("day", [time.parse_time(d, format="2006-01-02") if d else None for d in sales.column("day")]).filter("day >= '2024-01-02'").select("qty")`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[[3],[1]]}`},
		{name: "== null", src: sales + `x = sales.filter("qty == null").select("region")`,
			want: `{"columns":["region"],"dtypes":{"region":"string"},"rows":[["south"]]}`},
		{name: "!= None", src: sales + `x = sales.filter("region != None").select("region")`,
			want: `{"columns":["region"],"dtypes":{"region":"string"},"rows":[["north"],["south"],["north"],["east"]]}`},
		{name: "null compares false", src: sales + `x = sales.filter("region != 'north'").select("region")`,
			want: `{"columns":["region"],"dtypes":{"region":"string"},"rows":[["south"],["east"]]}`},
		{name: "not of a null comparison is true", src: sales + `x = sales.filter("not region == 'north'").select("region")`,
			want: `{"columns":["region"],"dtypes":{"region":"string"},"rows":[["south"],[null],["east"]]}`},
		{name: "literal on the left", src: sales + `x = sales.filter("10 < price").select("price")`,
			want: `{"columns":["price"],"dtypes":{"price":"float"},"rows":[[12.5],[20]]}`},
		{name: "negative literal", src: sales + `x = sales.filter("qty > -1 and qty < +3").select("qty")`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[[1],[2]]}`},
		{name: "quoted name", src: "x = table({\"unit price\": [1, 2]}).filter(\"`unit price` > 1\")",
			want: `{"columns":["unit price"],"dtypes":{"unit price":"int"},"rows":[[2]]}`},
		{name: "null column", src: `x = table({"a": [None, None], "b": [1, 2]}).filter("a > 1 or a == null and b == 2")`,
			want: `{"columns":["a","b"],"dtypes":{"a":"null","b":"int"},"rows":[[null,2]]}`},
		{name: "function", src: sales + `x = sales.filter(lambda r: r["qty"] and r["qty"] > 2).select("qty")`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[[3],[5]]}`},
		{name: "nothing kept", src: sales + `x = sales.filter("price > 100").select("price")`,
			want: `{"columns":["price"],"dtypes":{"price":"float"},"rows":[]}`},

		{name: "unknown column", src: sales + `x = sales.select("price", "region").filter("pricee > 10")`, err: `filter: no column "pricee" (columns: price, region)`},
		{name: "string with a number", src: sales + `x = sales.filter("region > 10")`, err: `filter: cannot compare column "region" of type string with 10 (int)`},
		{name: "int with a string", src: sales + `x = sales.filter("qty == 'a'")`, err: `filter: cannot compare column "qty" of type int with 'a' (string)`},
		{name: "bool with a number", src: sales + `x = sales.filter("ok == 1")`, err: `filter: cannot compare column "ok" of type bool with 1 (int)`},
		{name: "time with a bad string", src: sales + `x = sales.with_column("t", [time.now()] * 5).filter("t > 'soon'")`, err: `filter: cannot compare column "t" of type time with 'soon': want a date such as '2024-01-31' or an RFC 3339 time`},
		{name: "not a bool column", src: sales + `x = sales.filter("qty")`, err: `filter: column "qty" is int, not bool; compare it with a value, e.g. qty != null`},
		{name: "function fails", src: sales + `x = sales.filter(lambda r: r["nope"])`, err: `key "nope" not in dict`},
		{name: "neither", src: sales + `x = sales.filter(1)`, err: `filter: for parameter expr: got int, want an expression string such as "price > 10" or a function of a row`},
	})
}

func TestTableSort(t *testing.T) {
	runTableCases(t, []tableCase{
		{name: "float, nulls last", src: sales + `x = sales.sort("price").select("price", "qty")`,
			want: `{"columns":["price","qty"],"dtypes":{"price":"float","qty":"int"},"rows":[[8,null],[8,2],[12.5,3],[20,1],[null,5]]}`},
		{name: "desc, nulls still last", src: sales + `x = sales.sort("qty", desc=True).select("qty")`,
			want: `{"columns":["qty"],"dtypes":{"qty":"int"},"rows":[[5],[3],[2],[1],[null]]}`},
		{name: "string", src: sales + `x = sales.sort("region").select("region")`,
			want: `{"columns":["region"],"dtypes":{"region":"string"},"rows":[["east"],["north"],["north"],["south"],[null]]}`},
		{name: "bool", src: sales + `x = sales.sort("ok").select("ok")`,
			want: `{"columns":["ok"],"dtypes":{"ok":"bool"},"rows":[[false],[false],[true],[true],[null]]}`},
		{name: "two columns", src: sales + `x = sales.sort(["price", "qty"], desc=[False, True]).select("price", "qty")`,
			want: `{"columns":["price","qty"],"dtypes":{"price":"float","qty":"int"},"rows":[[8,2],[8,null],[12.5,3],[20,1],[null,5]]}`},
		{name: "two columns as arguments", src: sales + `x = sales.sort("region", "qty").select("region", "qty")`,
			want: `{"columns":["region","qty"],"dtypes":{"region":"string","qty":"int"},"rows":[["east",2],["north",3],["north",5],["south",null],[null,1]]}`},
		{name: "time", src: `x = table({"t": [time.parse_time("2024-05-01T00:00:00Z"), None, time.parse_time("2023-05-01T00:00:00Z")]}).sort("t")`,
			want: `{"columns":["t"],"dtypes":{"t":"time"},"rows":[["2023-05-01T00:00:00Z"],["2024-05-01T00:00:00Z"],[null]]}`},

		{name: "unknown", src: sales + `x = sales.sort("prize")`, err: `sort: no column "prize" (columns: region, price, qty, ok, day)`},
		{name: "desc list too short", src: sales + `x = sales.sort(["price", "qty"], desc=[True])`, err: `sort: for parameter desc: 1 values for 2 columns`},
		{name: "bad keyword", src: sales + `x = sales.sort("price", reverse=True)`, err: `sort: unexpected keyword argument "reverse"`},
		{name: "nothing", src: sales + `x = sales.sort()`, err: `sort: name the column to sort by`},
	})
}

func TestTableGroupBy(t *testing.T) {
	runTableCases(t, []tableCase{
		{name: "sum count mean", src: sales + `x = sales.group_by("region").agg(total=("price", "sum"), n=("qty", "count"), avg=("qty", "mean"), rows=("region", "count"))`,
			want: `{"columns":["region","total","n","avg","rows"],"dtypes":{"region":"string","total":"float","n":"int","avg":"float","rows":"int"},
			"rows":[["east",8,1,2,1],["north",12.5,2,4,2],["south",8,0,null,1],[null,20,1,1,0]]}`},
		{name: "int sum stays int", src: sales + `x = sales.group_by("ok").agg(q=("qty", "sum"))`,
			want: `{"columns":["ok","q"],"dtypes":{"ok":"bool","q":"int"},"rows":[[false,2],[true,4],[null,5]]}`},
		{name: "min max of strings and floats", src: sales + `x = sales.group_by("ok").agg(lo=("region", "min"), hi=("region", "max"), p=("price", "max"))`,
			want: `{"columns":["ok","lo","hi","p"],"dtypes":{"ok":"bool","lo":"string","hi":"string","p":"float"},"rows":[[false,"east","south",8],[true,"north","north",20],[null,"north","north",null]]}`},
		{name: "two keys", src: `x = table({"a": [1, 1, 2, 1], "b": ["x", "y", "x", "x"], "v": [1, 2, 3, 4]}).group_by("a", "b").agg(s=("v", "sum"))`,
			want: `{"columns":["a","b","s"],"dtypes":{"a":"int","b":"string","s":"int"},"rows":[[1,"x",5],[1,"y",2],[2,"x",3]]}`},
		{name: "float keys", src: `x = table({"k": [0.5, -0.0, 0.0, 0.5]}).group_by("k").agg(n=("k", "count"))`,
			want: `{"columns":["k","n"],"dtypes":{"k":"float","n":"int"},"rows":[[0,2],[0.5,2]]}`},
		{name: "no aggregates", src: sales + `x = sales.group_by(["region"]).agg()`,
			want: `{"columns":["region"],"dtypes":{"region":"string"},"rows":[["east"],["north"],["south"],[null]]}`},
		{name: "null column", src: `x = table({"k": ["a", "a"], "n": [None, None]}).group_by("k").agg(s=("n", "sum"), m=("n", "max"), c=("n", "count"))`,
			want: `{"columns":["k","s","m","c"],"dtypes":{"k":"string","s":"int","m":"null","c":"int"},"rows":[["a",0,null,0]]}`},
		{name: "empty table", src: sales + `x = sales.head(0).group_by("region").agg(n=("qty", "count"))`,
			want: `{"columns":["region","n"],"dtypes":{"region":"string","n":"int"},"rows":[]}`},

		{name: "sum of strings", src: sales + `x = sales.group_by("ok").agg(t=("region", "sum"))`, err: `agg: cannot sum column "region" of type string`},
		{name: "mean of bools", src: sales + `x = sales.group_by("region").agg(t=("ok", "mean"))`, err: `agg: cannot average column "ok" of type bool`},
		{name: "unknown column", src: sales + `x = sales.group_by("region").agg(t=("revenue", "sum"))`, err: `agg: no column "revenue" (columns: region, price, qty, ok, day)`},
		{name: "unknown key", src: sales + `x = sales.group_by("regio")`, err: `group_by: no column "regio" (columns: region, price, qty, ok, day)`},
		{name: "unknown operation", src: sales + `x = sales.group_by("region").agg(t=("qty", "avg"))`, err: `agg: for t: unknown operation "avg"; want count, sum, mean, min or max`},
		{name: "not a pair", src: sales + `x = sales.group_by("region").agg(t="qty")`, err: `agg: for t: got string, want a (column, operation) tuple such as ("revenue", "sum")`},
		{name: "positional", src: sales + `x = sales.group_by("region").agg(("qty", "sum"))`, err: `agg: name each result, e.g. agg(total=("revenue", "sum"))`},
		{name: "name of a key", src: sales + `x = sales.group_by("region").agg(region=("qty", "sum"))`, err: `agg: the result region has the name of a key column`},
		{name: "overflow", src: `x = table({"k": [1, 1], "v": [(1 << 63) - 1, 1]}).group_by("k").agg(s=("v", "sum"))`, err: `agg: the sum of column "v" overflows a 64-bit int`},
	})
}

func TestTableWithColumn(t *testing.T) {
	runTableCases(t, []tableCase{
		{name: "list", src: sales + `x = sales.select("qty").with_column("flag", [True, None, False, True, True])`,
			want: `{"columns":["qty","flag"],"dtypes":{"qty":"int","flag":"bool"},"rows":[[3,true],[null,null],[5,false],[1,true],[2,true]]}`},
		{name: "function", src: sales + `x = sales.select("price", "qty").with_column("total", lambda r: r["price"] * r["qty"] if r["price"] != None and r["qty"] != None else None)`,
			want: `{"columns":["price","qty","total"],"dtypes":{"price":"float","qty":"int","total":"float"},"rows":[[12.5,3,37.5],[8,null,null],[null,5,null],[20,1,20],[8,2,16]]}`},
		{name: "replace in place", src: sales + `x = sales.select("qty", "ok").with_column("qty", lambda r: str(r["qty"]))`,
			want: `{"columns":["qty","ok"],"dtypes":{"qty":"string","ok":"bool"},"rows":[["3",true],["None",false],["5",null],["1",true],["2",false]]}`},
		{name: "a column of another table", src: sales + `x = sales.select("qty").with_column("p", sales.column("price"))`,
			want: `{"columns":["qty","p"],"dtypes":{"qty":"int","p":"float"},"rows":[[3,12.5],[null,8],[5,null],[1,20],[2,8]]}`},

		{name: "wrong length", src: sales + `x = sales.with_column("a", [1, 2])`, err: `with_column: column "a": 2 values for 5 rows`},
		{name: "mixed", src: sales + `x = sales.with_column("a", [1, 2, "3", 4, 5])`, err: `with_column: column "a": row 0 is int, row 2 is string; a column holds one type (and None)`},
		{name: "function returns a list", src: sales + `x = sales.with_column("a", lambda r: [r["qty"]])`, err: `with_column: column "a": row 0: the function got list, want int, float, string, bool, time or None`},
		{name: "not values", src: sales + `x = sales.with_column("a", 3)`, err: `with_column: for parameter values: got int, want a list, a column or a function of a row`},
	})
}

func TestTableJoin(t *testing.T) {
	const prices = sales + `targets = table({"region": ["north", "south", "west", None], "target": [10, 20, 30, 40], "qty": [0, 0, 0, 0]})
`
	runTableCases(t, []tableCase{
		{name: "inner", src: prices + `x = sales.select("region", "qty").join(targets, on="region")`,
			want: `{"columns":["region","qty","target","qty_right"],"dtypes":{"region":"string","qty":"int","target":"int","qty_right":"int"},"rows":[["north",3,10,0],["south",null,20,0],["north",5,10,0]]}`},
		{name: "left", src: prices + `x = sales.select("region").join(targets.select("region", "target"), on="region", how="left")`,
			want: `{"columns":["region","target"],"dtypes":{"region":"string","target":"int"},"rows":[["north",10],["south",20],["north",10],[null,null],["east",null]]}`},
		{name: "many matches, two keys", src: `a = table({"k": [1, 2], "j": ["x", "x"]})
b = table({"k": [1, 1, 2], "j": ["x", "x", "y"], "v": [7, 8, 9]})
x = a.join(b, on=["k", "j"])`,
			want: `{"columns":["k","j","v"],"dtypes":{"k":"int","j":"string","v":"int"},"rows":[[1,"x",7],[1,"x",8]]}`},

		{name: "unknown key", src: prices + `x = sales.join(targets, on="regio")`, err: `join: no column "regio" (columns: region, price, qty, ok, day)`},
		{name: "unknown key in other", src: prices + `x = sales.join(targets, on="price")`, err: `join: the other table has no column "price" (columns: region, target, qty)`},
		{name: "types differ", src: prices + `x = sales.join(targets.with_column("region", [1, 2, 3, 4]), on="region")`, err: `join: column "region" is string in this table and int in the other`},
		{name: "how", src: prices + `x = sales.join(targets, on="region", how="outer")`, err: `join: for parameter how: got "outer", want "inner" or "left"`},
		{name: "not a table", src: prices + `x = sales.join([], on="region")`, err: `join: for parameter other: got list, want table`},
	})
}

func TestTableColumn(t *testing.T) {
	runValueCases(t, sales, []valueCase{
		{name: "sum float", src: `sales.column("price").sum()`, want: `48.5`},
		{name: "sum int", src: `sales.column("qty").sum()`, want: `11`},
		{name: "mean skips nulls", src: `sales.column("qty").mean()`, want: `2.75`},
		{name: "min max", src: `[sales.column("price").min(), sales.column("region").max(), sales.column("ok").min()]`, want: `[8,"south",false]`},
		{name: "empty", src: `[sales.head(0).column("qty").sum(), sales.head(0).column("qty").mean(), sales.head(0).column("qty").max()]`, want: `[0,null,null]`},
		{name: "to_list", src: `sales.column("ok").to_list()`, want: `[true,false,null,true,false]`},
		{name: "len and index", src: `[len(sales.column("qty")), sales.column("qty")[0], sales.column("qty")[-1], sales.column("qty")[1]]`, want: `[5,3,2,null]`},
		{name: "iterate", src: `[v for v in sales.column("region")]`, want: `["north","south","north",null,"east"]`},
		{name: "name and dtype", src: `[sales.column("qty").name, sales.column("qty").dtype, type(sales.column("qty"))]`, want: `["qty","int","column"]`},
		{name: "time min", src: `str(table({"t": [time.parse_time("2024-05-01T00:00:00Z"), time.parse_time("2023-05-01T00:00:00Z")]}).column("t").min())`, want: `"2023-05-01 00:00:00 +0000 UTC"`},

		{name: "sum of strings", src: `sales.column("region").sum()`, err: `sum: cannot sum column "region" of type string`},
		{name: "mean of bools", src: `sales.column("ok").mean()`, err: `mean: cannot average column "ok" of type bool`},
		{name: "out of range", src: `sales.column("qty")[5]`, err: `column index 5 out of range [-5:4]`},
		{name: "unknown", src: `sales.column("qtyy")`, err: `column: no column "qtyy" (columns: region, price, qty, ok, day)`},
	})
}

// TestTableFrozenShared reads one cached (frozen) table from several
// threads at once: the table is immutable, so go test -race finds nothing.
func TestTableFrozenShared(t *testing.T) {
	res := runPage(t, lines(
		`def build():`,
		`    return table({"k": [i % 7 for i in range(2000)], "v": [i * 0.5 for i in range(2000)], "s": [str(i % 3) for i in range(2000)]})`,
		`build = cache_data(build)`,
		`t = build()`,
		`def work(n):`,
		`    g = t.filter("v > %d or s == '1'" % n).sort("v", desc=True).group_by("k").agg(total=("v", "sum"), n=("v", "count"))`,
		`    j = g.join(t.head(50), on="k", how="left")`,
		`    w = t.with_column("w", lambda r: r["v"] * 2).select("w")`,
		`    return [len(g), len(j), w.column("w").sum(), len(t.rows())]`,
		`tasks = [spawn(work, n) for n in range(4)]`,
		`results = [task.result() for task in tasks]`,
		`mine = work(0)`,
		`st.json([results, mine, build() == t])`,
	))
	mustComplete(t, res)
	sameJSON(t, only(t, res, "json").Props["value"],
		`[[[7,50,1999000,2000],[7,50,1999000,2000],[7,50,1999000,2000],[7,50,1999000,2000]],[7,50,1999000,2000],true]`)
}

// TestTableWorkerWithoutContext: tables are built and read on threads
// without the run's context, like the other sandbox builtins.
func TestTableWorkerWithoutContext(t *testing.T) {
	s := session(t, lines(
		`def fetch():`,
		`    return data.csv("sales.csv").filter("n > 1")`,
		`st.write(len(spawn(fetch).result()))`,
	), map[string]string{"sales.csv": "n\n1\n2\n3\n"}, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	sameJSON(t, only(t, res, "markdown").Prop("body"), "\"`2`\"")
}
