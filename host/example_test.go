package host_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// A Go builtin finds the run through its thread (host.ContextOf) and appends
// an element to the container the page writes to; App.Run runs a page to
// its end without a browser, and the result holds the tree of elements.
func ExampleApp_Run() {
	dir, _ := os.MkdirTemp("", "app")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "hello.star"), []byte(`greet("world")`+"\n"), 0o644)

	greet := starlark.NewBuiltin("greet", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var name string
		if err := host.UnpackArgs(b.Name(), args, kwargs, "name", &name); err != nil {
			return nil, err
		}
		ctx := host.ContextOf(t)
		if ctx == nil {
			return nil, fmt.Errorf("%s: not in a run of a page", b.Name())
		}
		el := &host.Element{Kind: "text", Props: map[string]any{"body": "hello, " + name}}
		if _, err := ctx.Append(ctx.Cursor(t), el, false, false); err != nil {
			return nil, err
		}
		return starlark.None, nil
	})
	app, err := host.NewApp(dir, host.Options{Predeclared: starlark.StringDict{"greet": greet}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer app.Close()

	res := app.Run(host.RunOptions{Page: "hello.star"})
	fmt.Println(res.Status)
	for _, el := range res.Tree.Snapshot()[0].Children {
		fmt.Println(el.Kind, el.Prop("body"))
	}
	// Output:
	// completed
	// text hello, world
}

// A package above host keeps a setting per app: set on the Options the app
// is made with, read by its builtins from the app of their run.
func ExampleSetting() {
	greeting := host.NewSetting[string]("greeting")

	var opts host.Options
	greeting.Set(&opts, "bonjour")
	app, err := host.NewApp(os.TempDir(), opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer app.Close()

	g, ok := greeting.Get(app) // in a builtin: host.SandboxOf(t).App
	fmt.Println(g, ok)
	// Output: bonjour true
}
