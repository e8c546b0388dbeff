package table_test

// Tests of the data module: the CSV and JSON readers (type inference,
// nulls, errors with the line), files resolved inside the app only, and
// fuzz targets that the readers never panic.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/table"
)

func TestCSV(t *testing.T) {
	runTableCases(t, []tableCase{
		{name: "inference", src: `x = data.csv(b"i,f,b,t,s,n\n1,2,true,2024-01-02,x,\n-3,2.5,False,2024-01-02T10:00:00+02:00,4,\n+4,1e3,TRUE,2024-01-03T00:00:00.5Z,y,\n")`,
			want: `{"columns":["i","f","b","t","s","n"],"dtypes":{"i":"int","f":"float","b":"bool","t":"time","s":"string","n":"null"},
			"rows":[[1,2,true,"2024-01-02T00:00:00Z","x",null],[-3,2.5,false,"2024-01-02T10:00:00+02:00","4",null],[4,1000,true,"2024-01-03T00:00:00.5Z","y",null]]}`},
		{name: "empty cells are null", src: `x = data.csv(b"a,b,c\n1,,x\n,2.5,\n")`,
			want: `{"columns":["a","b","c"],"dtypes":{"a":"int","b":"float","c":"string"},"rows":[[1,null,"x"],[null,2.5,null]]}`},
		{name: "not numbers", src: `x = data.csv(b"a,b,c,d,e\nNaN,inf,0x10,1_000,1e\n1,2,3,4,5\n")`,
			want: `{"columns":["a","b","c","d","e"],"dtypes":{"a":"string","b":"string","c":"string","d":"string","e":"string"},"rows":[["NaN","inf","0x10","1_000","1e"],["1","2","3","4","5"]]}`},
		{name: "a big int is a float", src: `x = data.csv(b"a\n1\n99999999999999999999\n")`,
			want: `{"columns":["a"],"dtypes":{"a":"float"},"rows":[[1],[100000000000000000000]]}`},
		{name: "spaces around numbers", src: `x = data.csv(b"a,b\n 1, x \n2 ,y\n")`,
			want: `{"columns":["a","b"],"dtypes":{"a":"int","b":"string"},"rows":[[1," x "],[2,"y"]]}`},
		{name: "quotes", src: `x = data.csv(b'a,b\n"x, y","line\nbreak"\n"say ""hi""",2\n')`,
			want: `{"columns":["a","b"],"dtypes":{"a":"string","b":"string"},"rows":[["x, y","line\nbreak"],["say \"hi\"","2"]]}`},
		{name: "no header", src: `x = data.csv(b"1,a\n2,b\n", header=False)`,
			want: `{"columns":["0","1"],"dtypes":{"0":"int","1":"string"},"rows":[[1,"a"],[2,"b"]]}`},
		{name: "delimiter", src: `x = data.csv(b"a;b\n1;2,5\n", delimiter=";")`,
			want: `{"columns":["a","b"],"dtypes":{"a":"int","b":"string"},"rows":[[1,"2,5"]]}`},
		{name: "tab", src: `x = data.csv(b"a\tb\n1\t2\n", delimiter="\t")`,
			want: `{"columns":["a","b"],"dtypes":{"a":"int","b":"int"},"rows":[[1,2]]}`},
		{name: "byte order mark and CRLF", src: `x = data.csv(b"\xef\xbb\xbfa,b\r\n1,2\r\n")`,
			want: `{"columns":["a","b"],"dtypes":{"a":"int","b":"int"},"rows":[[1,2]]}`},
		{name: "an empty header cell", src: `x = data.csv(b",a\n0,1\n")`,
			want: `{"columns":["0","a"],"dtypes":{"0":"int","a":"int"},"rows":[[0,1]]}`},
		{name: "header only", src: `x = data.csv(b"a,b\n")`, want: `{"columns":["a","b"],"dtypes":{"a":"null","b":"null"},"rows":[]}`},
		{name: "nothing", src: `x = data.csv(b"")`, want: `{"columns":[],"dtypes":{},"rows":[]}`},
		{name: "an upload", src: `x = data.csv({"name": "up.csv", "type": "text/csv", "size": 5, "data": b"a\n1\n2"})`,
			want: `{"columns":["a"],"dtypes":{"a":"int"},"rows":[[1],[2]]}`},

		{name: "too few fields", src: `x = data.csv(b"a,b,c\n1,2,3\n4,5\n")`, err: `data.csv: line 3: 2 fields, want 3 as on the first line`},
		{name: "too many fields after a multi-line cell", src: `x = data.csv(b'a,b\n"1\n2",3\n4,5,6\n')`, err: `data.csv: line 4: 3 fields, want 2 as on the first line`},
		{name: "bare quote", src: `x = data.csv(b'a,b\n1,x"y\n')`, err: `data.csv: line 2, column 4: bare " in non-quoted-field`},
		{name: "unclosed quote", src: `x = data.csv(b'a,b\n1,"xy\n')`, err: `data.csv: line 2, column 7: extraneous or missing " in quoted-field`},
		{name: "duplicate header", src: `x = data.csv(b"a,b,a\n")`, err: `data.csv: line 1: two columns are named "a"`},
		{name: "upload's name", src: `x = data.csv({"name": "up.csv", "data": b"a\n1,2"})`, err: `data.csv: up.csv: line 2: 2 fields, want 1 as on the first line`},
		{name: "long delimiter", src: `x = data.csv(b"", delimiter="::")`, err: `data.csv: for parameter delimiter: got "::", want one character other than a quote or a line break`},
		{name: "quote delimiter", src: `x = data.csv(b"", delimiter='"')`, err: `data.csv: for parameter delimiter: got "\"", want one character other than a quote or a line break`},
		{name: "a number", src: `x = data.csv(3)`, err: `data.csv: for parameter source: got int, want a path in the app (string), bytes, or an uploaded file`},
	})
}

func TestJSON(t *testing.T) {
	runTableCases(t, []tableCase{
		{name: "rows", src: `x = data.json(b'[{"a": 1, "b": 1.5, "c": "x"}, {"c": null, "d": true, "a": -2}, {"b": 2, "t": "2024-01-02"}]')`,
			want: `{"columns":["a","b","c","d","t"],"dtypes":{"a":"int","b":"float","c":"string","d":"bool","t":"time"},
			"rows":[[1,1.5,"x",null,null],[-2,null,null,true,null],[null,2,null,null,"2024-01-02T00:00:00Z"]]}`},
		{name: "columns", src: `x = data.json(b'{"z": [3, null], "a": ["p", "q"], "n": [null, null]}')`,
			want: `{"columns":["z","a","n"],"dtypes":{"z":"int","a":"string","n":"null"},"rows":[[3,"p",null],[null,"q",null]]}`},
		{name: "numbers", src: `x = data.json(b'{"i": [1, 9007199254740993], "f": [1, 2e0], "big": [1, 1e30]}')`,
			want: `{"columns":["i","f","big"],"dtypes":{"i":"int","f":"float","big":"float"},"rows":[[1,1,1],[9007199254740993,2,1e30]]}`},
		{name: "strings that are not all times", src: `x = data.json(b'[{"t": "2024-01-02"}, {"t": "soon"}]')`,
			want: `{"columns":["t"],"dtypes":{"t":"string"},"rows":[["2024-01-02"],["soon"]]}`},
		{name: "a repeated key", src: `x = data.json(b'[{"a": 1, "a": 2}]')`, want: `{"columns":["a"],"dtypes":{"a":"int"},"rows":[[2]]}`},
		{name: "empty array", src: `x = data.json(b'[]')`, want: `{"columns":[],"dtypes":{},"rows":[]}`},
		{name: "empty object", src: `x = data.json(b' {} ')`, want: `{"columns":[],"dtypes":{},"rows":[]}`},
		{name: "empty rows", src: `x = data.json(b'[{}, {}]')`, want: `{"columns":[],"dtypes":{},"rows":[[],[]]}`},

		{name: "nested", src: `x = data.json(b'[{"a": 1},\n {"a": [1]}]')`, err: `data.json: line 2: row 1, column "a": got an array; nested arrays and objects are not supported`},
		{name: "mixed", src: `x = data.json(b'[{"a": 1}, {"a": null}, {"a": "x"}]')`, err: `data.json: column "a": row 0 is a number, row 2 is a string; a column holds one type (and null)`},
		{name: "scalar", src: `x = data.json(b'3')`, err: `data.json: line 1: got a number, want an array of objects or an object of arrays`},
		{name: "row not an object", src: `x = data.json(b'[{"a": 1}, 2]')`, err: `data.json: line 1: row 1 is a number, want an object`},
		{name: "column not an array", src: `x = data.json(b'{"a": {"b": 1}}')`, err: `data.json: line 1: column "a" is an object, want an array`},
		{name: "unequal columns", src: `x = data.json(b'{"a": [1, 2],\n"b": [1]}')`, err: `data.json: line 2: column "b" has 1 values, column "a" has 2`},
		{name: "duplicate column", src: `x = data.json(b'{"a": [1], "a": [2]}')`, err: `data.json: line 1: two columns are named "a"`},
		{name: "syntax", src: `x = data.json(b'[\n{"a": 1,}\n]')`, err: `data.json: line 2: invalid character '}' looking for beginning of object key string`},
		{name: "truncated", src: `x = data.json(b'[{"a": 1}')`, err: `data.json: line 1: the JSON text ends early`},
		{name: "trailing", src: `x = data.json(b'[] []')`, err: `data.json: line 1: more JSON after the table`},
		{name: "nothing", src: `x = data.json(b'')`, err: `data.json: no JSON value: want an array of objects or an object of arrays`},
		{name: "out of range", src: `x = data.json(b'{"a": [1e999]}')`, err: `data.json: column "a": row 0: the number 1e999 is out of range`},
	})
}

func TestDataFiles(t *testing.T) {
	files := map[string]string{
		"sales.csv":    "region,n\nnorth,1\nsouth,2\n",
		"sales.json":   `[{"region": "north", "n": 1}]`,
		"sub/x.csv":    "a\n7\n",
		"sub/lib.star": "def rows():\n    return data.csv('./x.csv').rows()\n",
		"bad.csv":      "a,b\n1,2\n3\n",
	}
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("s\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, src, want, err string
	}{
		{name: "csv at the root", src: `st.json(data.csv("sales.csv").rows())`, want: `[{"region":"north","n":1},{"region":"south","n":2}]`},
		{name: "json at the root", src: `st.json(data.json("sales.json").rows())`, want: `[{"region":"north","n":1}]`},
		{name: "a subdirectory", src: `st.json(data.csv("sub/x.csv").rows())`, want: `[{"a":7}]`},
		{name: "dot slash", src: `st.json(data.csv("./sales.csv").column("n").sum())`, want: `3`},
		{name: "relative to a module", src: "load(\"sub/lib.star\", \"rows\")\nst.json(rows())", want: `[{"a":7}]`},
		{name: "a symlink inside", src: `st.json(data.csv("inside.csv").column("n").sum())`, want: `3`},

		{name: "parent", src: `data.csv("../secret.csv")`, err: `data.csv "../secret.csv": the path leaves the app directory`},
		{name: "parent inside the path", src: `data.csv("sub/../../secret.csv")`, err: `data.csv "sub/../../secret.csv": the path leaves the app directory`},
		{name: "absolute", src: `data.csv("/etc/passwd")`, err: `data.csv "/etc/passwd": absolute paths are not allowed; name a file inside the app, relative to its root`},
		{name: "a symlink out", src: `data.csv("link.csv")`, err: `data.csv "link.csv": link.csv is a symlink that leaves the app directory`},
		{name: "a symlinked directory out", src: `data.json("outdir/secret.csv")`, err: `data.json "outdir/secret.csv": outdir/secret.csv is a symlink that leaves the app directory`},
		{name: "missing", src: `data.csv("nope.csv")`, err: `data.csv "nope.csv": no such file in the app (looked for nope.csv)`},
		{name: "a directory", src: `data.csv("sub")`, err: `data.csv "sub": sub is a directory`},
		{name: "empty", src: `data.csv("")`, err: `data.csv: empty path`},
		{name: "an error in the file", src: `data.csv("bad.csv")`, err: `data.csv: bad.csv: line 3: 1 fields, want 2 as on the first line`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := session(t, tc.src, files, host.Limits{})
			root := s.App.Root
			for link, target := range map[string]string{
				"link.csv":   filepath.Join(outside, "secret.csv"),
				"outdir":     outside,
				"inside.csv": filepath.Join(root, "sales.csv"),
			} {
				if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
					t.Fatal(err)
				}
			}
			res := s.Run()
			if tc.err != "" {
				mustFail(t, res, tc.err)
				return
			}
			mustComplete(t, res)
			sameJSON(t, only(t, res, "json").Props["value"], tc.want)
		})
	}
}

// TestReadCSVOptions uses the Go API: the zero options read a header and
// commas.
func TestReadCSVOptions(t *testing.T) {
	tbl, err := table.ReadCSV([]byte("a|b\n1|x\n"), table.CSVOptions{Comma: '|'})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := tbl.Rows(0, 10, "", false)
	sameJSON(t, []any{tbl.Columns(), rows}, `[["a","b"],[[1,"x"]]]`)
	if _, err := table.ReadCSV(nil, table.CSVOptions{Comma: '\n'}); err == nil {
		t.Errorf("a newline delimiter was accepted")
	}
}

// checkTable reads every row of t, in order and sorted by each column, and
// checks that they encode as JSON.
func checkTable(t *testing.T, tbl *table.Table) {
	cols := tbl.Columns()
	for _, by := range append([]string{""}, cols...) {
		for _, desc := range []bool{false, true} {
			rows, err := tbl.Rows(0, tbl.Len()+1, by, desc)
			if err != nil {
				t.Fatalf("Rows(%q): %v", by, err)
			}
			if len(rows) != tbl.Len() {
				t.Fatalf("Rows(%q) returned %d rows of %d", by, len(rows), tbl.Len())
			}
			for _, r := range rows {
				if len(r) != len(cols) {
					t.Fatalf("a row of %d values for %d columns", len(r), len(cols))
				}
			}
			if _, err := json.Marshal(rows); err != nil {
				t.Fatalf("rows do not encode: %v", err)
			}
		}
	}
}

// FuzzCSV: the CSV reader returns a table or an error for any input, and
// the table's rows can be served.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"), false, ',')
	f.Add([]byte("x;y\n1.5;true\n;2024-01-01\n"), false, ';')
	f.Add([]byte("1,\"a\"\"b\"\n"), true, ',')
	f.Fuzz(func(t *testing.T, data []byte, noHeader bool, comma rune) {
		tbl, err := table.ReadCSV(data, table.CSVOptions{NoHeader: noHeader, Comma: comma})
		if err != nil {
			return
		}
		checkTable(t, tbl)
	})
}

// FuzzJSON: the JSON reader returns a table or an error for any input,
// errors for text that is not JSON, and the table's rows can be served.
func FuzzJSON(f *testing.F) {
	f.Add([]byte(`[{"a": 1, "b": "x"}, {"b": null}]`))
	f.Add([]byte(`{"a": [1.5, 2], "t": ["2024-01-01", null]}`))
	f.Add([]byte(`[1]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := table.ReadJSON(data)
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("ReadJSON accepted text that is not JSON: %q", data)
		}
		checkTable(t, tbl)
	})
}
