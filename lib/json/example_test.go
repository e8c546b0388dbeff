package json_test

import (
	"fmt"

	"github.com/stark-dev/stark/lib/json"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Module is a drop-in for go.starlark.net's lib/json, bounded: outside a
// run (no sandbox) only its own bounds of nesting and digits apply.
func ExampleModule() {
	thread := &starlark.Thread{Name: "example"}
	v, err := starlark.EvalOptions(&syntax.FileOptions{}, thread, "example", `json.encode(json.decode('{"a": [1, 2.5, null]}'))`, starlark.StringDict{"json": json.Module})
	fmt.Println(v, err)
	_, err = starlark.EvalOptions(&syntax.FileOptions{}, thread, "example", `json.decode("[" * 2000000)`, starlark.StringDict{"json": json.Module})
	fmt.Println(err)
	// Output:
	// "{\"a\":[1,2.5,null]}" <nil>
	// json.decode: at offset 1000, nesting deeper than 1000 levels (lists, dicts and structs inside each other)
}
