package starlib_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// An app with every module pages see (st, table, sql, http, json, …) runs
// a page without a browser: the result holds the elements it wrote.
func Example() {
	dir, _ := os.MkdirTemp("", "app")
	defer os.RemoveAll(dir)
	page := `t = table([{"city": "Oslo", "temp": 4}, {"city": "Rome", "temp": 18}])
st.title("Weather")
st.text("warmest: " + t.sort("temp", desc=True).rows()[0]["city"])
`
	os.WriteFile(filepath.Join(dir, "weather.star"), []byte(page), 0o644)

	app, err := starlib.NewApp(dir, host.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer app.Close()
	res := app.Run(host.RunOptions{Page: "weather.star"})
	fmt.Println(res.Status)
	for _, el := range res.Tree.Snapshot()[0].Children {
		fmt.Println(el.Kind, el.Prop("body"))
	}
	// Output:
	// completed
	// title Weather
	// text warmest: Rome
}

// A Go program adds a module of its own beside starlib's: the predeclared
// names are a map that Options carries.
func ExampleOptions() {
	dir, _ := os.MkdirTemp("", "app")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "page.star"), []byte(`st.text(units.celsius(50.0))`+"\n"), 0o644)

	units := &starlarkstruct.Module{Name: "units", Members: starlark.StringDict{
		"celsius": starlark.NewBuiltin("units.celsius", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var f float64
			if err := host.UnpackArgs(b.Name(), args, kwargs, "fahrenheit", &f); err != nil {
				return nil, err
			}
			return starlark.Float((f - 32) * 5 / 9), nil
		}),
	}}
	opts := starlib.Options(host.Limits{})
	opts.Predeclared = starlark.StringDict{"units": units}
	for name, v := range starlib.Predeclared() {
		opts.Predeclared[name] = v
	}
	app, err := host.NewApp(dir, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer app.Close()
	res := app.Run(host.RunOptions{Page: "page.star"})
	if res.Err != nil {
		fmt.Println(res.Err.Message)
		return
	}
	fmt.Println(res.Tree.Snapshot()[0].Children[0].Prop("body"))
	// Output: 10.0
}
