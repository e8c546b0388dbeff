package table_test

// This file tests the bounds of the data builtins against extreme
// arguments (issue 12): nesting (filter expressions, JSON), result sizes
// (joins, readers, JSON) and long loops that a cancelled run must stop.

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
)

// Each page fails with an error containing every one of want, or completes
// when want is empty; the process survives either way.
func TestDataExtremes(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		// Finding 2: a visitor's deep filter expression.
		{"filter 500000 parentheses", `t = table({"region": ["north"]})
t.filter("(" * 500000 + "region == 'north'" + ")" * 500000)`,
			[]string{`filter: bad expression (1000017 bytes) at column 101, near "((((`, "parentheses and not nest more than 100 deep; write the condition flatter"}},
		{"filter 100000 nots", `table({"ok": [True]}).filter("not " * 100000 + "ok")`,
			[]string{"filter: bad expression (400002 bytes) at column 401", "nest more than 100 deep"}},
		{"filter 100 parentheses", `x = table({"region": ["north"]}).filter("(" * 100 + "region == 'north'" + ")" * 100)
st.write(len(x))`, nil},
		{"filter long or chain", `x = table({"v": [1, 2, 3]}).filter("v == 0 or " * 100000 + "v == 2")
st.write(len(x))`, nil},
		// Finding 3: deep JSON, decoded without recursion.
		{"json.decode 2M deep", `json.decode("[" * 2000000 + "]" * 2000000)`,
			[]string{"json.decode: at offset 1000, nesting deeper than 1000 levels"}},
		{"json.decode deep with default", `json.decode("{\"a\":" * 5000 + "1" + "}" * 5000, default=None)`,
			[]string{"json.decode: at offset 5000, nesting deeper than 1000 levels"}},
		{"json.decode 1000 deep", `x = json.decode("[" * 1000 + "]" * 1000)
st.write(len(x))`, nil},
		{"json.decode bad with default", `st.write(json.decode("[1,", default=7))`, nil},
		{"json.decode huge integer", `json.decode("1" * 100000)`,
			[]string{"json.decode: at offset 0, an integer of 100000 digits, more than the 4300 json.decode converts"}},
		{"json.decode past call_bytes", `json.decode("[" + "[]," * 3000000 + "[]]")`,
			[]string{"json.decode: the result would take", "past the 64 MiB one call may allocate (raise [limits] call_bytes in stark.toml)"}},
		// Finding 13: json.encode of a list nested 100,000 deep.
		{"json.encode 100000 deep", `x = []
for i in range(100000):
    x = [x]
json.encode(x)`, []string{"json.encode: nesting deeper than 1000 levels"}},
		{"json.encode_indent 100000 deep", `x = {}
for i in range(100000):
    x = {"a": x}
json.encode_indent(x)`, []string{"json.encode_indent: nesting deeper than 1000 levels"}},
		{"json.encode a cycle", `l = [1]
l.append(l)
json.encode(l)`, []string{"json.encode: at list index 1: cycle in JSON structure"}},
		{"json.indent deep", `json.indent("[" * 5000 + "]" * 5000)`, []string{"json.indent: nesting deeper than 1000 levels"}},
		{"json.indent wide indent", `json.indent("[" * 900 + "]" * 900, indent=" " * 1000)`,
			[]string{"json.indent: the result would take", "past the 64 MiB one call may allocate"}},
		// Finding 5: a chained join of equal keys.
		{"chained join", `a = table({"k": [1] * 2000})
a.join(a, on="k").join(a, on="k")`,
			[]string{"join: the result would take", "past the 64 MiB one call may allocate (raise [limits] call_bytes in stark.toml) (4000000 rows)"}},
		{"join that fits", `a = table({"k": [1] * 300, "v": list(range(300))})
st.write(len(a.join(a, on="k")))`, nil},
		{"rows of a big table", `a = table({"k": [1] * 1000})
a.join(a, on="k").rows()`,
			[]string{"rows: the result would take"}},
		// Finding 10: an uploaded CSV of commas.
		{"csv of commas", `data.csv(bytes(("," * 999 + "\n") * 10000))`,
			[]string{"data.csv: the result would take", "past the 64 MiB one call may allocate (raise [limits] call_bytes in stark.toml), at line "}},
		{"csv of one line of commas", `data.csv(bytes("," * 10000000))`,
			[]string{"data.csv: the result would take 2.4 GiB, past the 64 MiB"}},
		{"json table past call_bytes", `data.json(bytes("[" + "{\"a\": 1, \"b\": 2}," * 1000000 + "{}]"))`,
			[]string{"data.json: the result would take", ", at line 1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Generous wall time: what is under test is the allocation
			// bound, and under the race detector on a loaded machine the
			// largest inputs take longer than the default 30 s to refuse.
			res := session(t, tt.src, nil, host.Limits{WallTime: 10 * time.Minute}).Run()
			if tt.want == nil {
				mustComplete(t, res)
				return
			}
			msg := errText(res)
			if res.Status != host.Failed {
				t.Fatalf("status %s, want failed with %q", res.Status, tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q\nwant it to contain %q", msg, w)
				}
			}
			if len(msg) > 2000 {
				t.Errorf("the error is %d bytes long", len(msg))
			}
		})
	}
}

// A long loop of a data builtin stops when its run is cancelled (by the
// wall time, the heap guard or a newer run): called on a run cancelled
// just before, each returns the run's error instead of its result.
// (Within the interpreter a cancelled run stops at its next step; inside a
// builtin only the builtin itself can look.)
func TestDataLoopsStopWhenCancelled(t *testing.T) {
	const setup = `big = table({"k": [i % 100 for i in range(10000)], "v": [(i * 7919) % 10007 for i in range(10000)]})
small = table({"k": [1] * 100})
rows = "[" + ",".join(['{"a": %d}' % i for i in range(10000)]) + "]"
`
	for _, tt := range []struct{ name, call string }{
		{"join", `after_cancel(small.join, small, on="k")`},
		{"sort", `after_cancel(big.sort, "v")`},
		{"sort two columns", `after_cancel(big.sort, ["k", "v"])`},
		{"group_by agg", `after_cancel(big.group_by("v").agg, n=("k", "count"))`},
		{"filter", `after_cancel(big.filter, "v > 10")`},
		{"data.csv", `after_cancel(data.csv, bytes("a,b\n" + "1,2\n" * 10000))`},
		{"data.json", `after_cancel(data.json, bytes(rows))`},
		{"json.decode", `after_cancel(json.decode, rows)`},
		{"json.encode", `after_cancel(json.encode, list(range(10000)))`},
		{"json.indent", `after_cancel(json.indent, rows)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []string
			afterCancel := starlark.NewBuiltin("after_cancel", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				host.SandboxOf(th).Cancel(host.Timeout)
				v, err := starlark.Call(th, args[0], args[1:], kwargs)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					got = append(got, err.Error())
				} else {
					got = append(got, "returned "+v.Type())
				}
				return starlark.None, err
			})
			opts := starlib.Options(host.Limits{})
			pre := starlark.StringDict{"after_cancel": afterCancel}
			for k, v := range opts.Predeclared {
				pre[k] = v
			}
			opts.Predeclared = pre
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "page.star"), []byte(setup+tt.call+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			app, err := host.NewApp(dir, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer app.Close()
			app.Run(host.RunOptions{Page: "page.star", State: host.NewState()})
			mu.Lock()
			defer mu.Unlock()
			if len(got) != 1 || !strings.Contains(got[0], "run stopped: wall time limit") {
				t.Errorf("the call on a cancelled run: %q; want the run's error", got)
			}
		})
	}
}
