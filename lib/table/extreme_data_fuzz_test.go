package table_test

// FuzzDataExtremes calls the data builtins (json, table filter and join,
// data.csv and data.json) with extreme arguments — sizes, depths, widths —
// under a small call_bytes: every call completes or fails with an error,
// and the process survives. Decoding is also compared with go.starlark.net's
// lib/json, whose results stark's json must give for the input both accept.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	golib "go.starlark.net/lib/json"
	"go.starlark.net/starlark"
)

// extremeCalls are the calls the fuzzer makes: %[1]d is a size or depth,
// %[2]q a string.
var extremeCalls = []string{
	`json.decode("[" * %[1]d + "]" * %[1]d)`,
	`json.decode("{\"a\":" * %[1]d + "1" + "}" * %[1]d, default=None)`,
	`json.decode(%[2]q * %[1]d, default=None)`,
	`json.indent(%[2]q, indent=" " * %[1]d)`,
	`json.indent("[" * %[1]d + "]" * %[1]d, prefix=%[2]q)`,
	"x = []\nfor i in range(%[1]d):\n    x = [x, %[2]q]\njson.encode_indent(x)",
	`table({"k": [1] * %[1]d}).join(table({"k": [1] * %[1]d}), on="k")`,
	`table({"region": ["north"] * 10}).filter("(" * %[1]d + "region == " + %[2]q + ")" * %[1]d)`,
	`table({"v": list(range(10))}).filter(%[2]q * (%[1]d %% 1000))`,
	`data.csv(bytes(%[2]q * %[1]d))`,
	`data.csv(bytes(("," * %[1]d + "\n") * %[1]d))`,
	`data.json(bytes("[" + "{\"a\": %[2]q}," * %[1]d + "{}]"))`,
	`table({"v": [i %% 7 for i in range(%[1]d)]}).sort("v").group_by("v").agg(n=("v", "count"))`,
}

func FuzzDataExtremes(f *testing.F) {
	for i := range extremeCalls {
		f.Add(uint8(i), uint32(1<<20), `[1,{"a":"\u00e9"}]`)
		f.Add(uint8(i), uint32(3000), ",")
		f.Add(uint8(i), uint32(7), `((`)
	}
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.star"), []byte("pass\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	const callBytes = 4 << 20
	app, err := host.NewApp(dir, starlib.Options(host.Limits{CallBytes: callBytes, WallTime: 2e9}))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { app.Close() })
	f.Fuzz(func(t *testing.T, op uint8, n uint32, s string) {
		if len(s) > 1<<12 {
			s = s[:1<<12]
		}
		compareDecode(t, s)
		call := extremeCalls[int(op)%len(extremeCalls)]
		size := int(n % (1 << 20))
		src := fmt.Sprintf(call, size, s) + "\n"
		res := app.Run(host.RunOptions{Page: "page.star", Source: []byte(src), State: host.NewState()})
		if res.Status == host.Failed && res.Err != nil && strings.Contains(res.Err.Message, "panic") {
			t.Fatalf("%s: %s", src, res.Err.Message)
		}
	})
}

// compareDecode decodes s with stark's json and lib/json: for text that
// nests within the bound and is small, both accept it or both refuse it,
// and what both accept is the same value and encodes the same.
func compareDecode(t *testing.T, s string) {
	if strings.Count(s, "[")+strings.Count(s, "{") >= 1000 || len(s) > 1<<12 {
		return
	}
	th := &starlark.Thread{Name: "fuzz"}
	ours := starlib.Predeclared()["json"].(starlark.HasAttrs)
	decode, _ := ours.Attr("decode")
	encode, _ := ours.Attr("encode")
	got, gotErr := starlark.Call(th, decode, starlark.Tuple{starlark.String(s)}, nil)
	want, wantErr := starlark.Call(th, golib.Module.Members["decode"], starlark.Tuple{starlark.String(s)}, nil)
	if (gotErr == nil) != (wantErr == nil) {
		if gotErr != nil && strings.Contains(gotErr.Error(), "digits, more than") {
			return // stark's bound on huge integers
		}
		t.Fatalf("decode %q: stark %v, %v; lib/json %v, %v", s, got, gotErr, want, wantErr)
	}
	if gotErr != nil {
		return
	}
	if got.String() != want.String() {
		t.Fatalf("decode %q: stark %s, lib/json %s", s, got, want)
	}
	e1, err1 := starlark.Call(th, encode, starlark.Tuple{got}, nil)
	e2, err2 := starlark.Call(th, golib.Module.Members["encode"], starlark.Tuple{want}, nil)
	if (err1 == nil) != (err2 == nil) || err1 == nil && e1.String() != e2.String() {
		t.Fatalf("encode of %q: stark %v, %v; lib/json %v, %v", s, e1, err1, e2, err2)
	}
}
