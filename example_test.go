package stark_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing/fstest"

	"github.com/stark-dev/stark"
	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// A Go service mounts a dashboard under /dash on its own mux. The pages come
// from an fs.FS (here a MapFS; an embed.FS in a real program) and call the
// service's Go module.
func ExampleNew() {
	pages := fstest.MapFS{
		"1_Orders.star": {Data: []byte("st.title('Orders')\nst.metric('open', orders.open())\n")},
		"2_Stock.star":  {Data: []byte("st.title('Stock')\n")},
	}
	orders := &starlarkstruct.Module{Name: "orders", Members: starlark.StringDict{
		"open": starlark.NewBuiltin("orders.open", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(12), nil
		}),
	}}
	app, err := stark.New(stark.Options{
		Pages:   pages,
		Base:    "/dash",
		Modules: starlark.StringDict{"orders": orders},
		Identity: func(r *http.Request) (*stark.User, error) {
			return &stark.User{Name: "ada"}, nil // from the service's own session cookie
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer app.Close()

	mux := http.NewServeMux()
	mux.Handle("/dash/", http.StripPrefix("/dash", app.Handler()))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ps, _ := app.Pages()
	for _, p := range ps {
		fmt.Println(p.Name, p.File)
	}
	res, err := http.Get(srv.URL + "/dash/Stock")
	if err != nil {
		fmt.Println(err)
		return
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	fmt.Println(res.Status)
	// Output:
	// Orders 1_Orders.star
	// Stock 2_Stock.star
	// 200 OK
}

// A Go builtin that writes to the page, or reads the session, asks its
// thread for the run's context; on a worker spawned without context=True
// it fails with the error stark's own builtins give.
func ExampleOptions_modules() {
	whoami := starlark.NewBuiltin("orders.whoami", func(t *starlark.Thread, b *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		ctx, err := host.ContextFor(t, b.Name())
		if err != nil {
			return nil, err // "orders.whoami: missing ScriptRunContext: …"
		}
		if ctx.Visitor != nil && ctx.Visitor.User != nil {
			return starlark.String(ctx.Visitor.User.Name), nil
		}
		return starlark.None, nil
	})
	// Blocking work takes the run's context, which ends when the run is
	// superseded, stopped or out of budget:
	//
	//	sb, err := host.SandboxFor(t, b.Name())
	//	ctx, stop := sb.Context()
	//	defer stop()
	//	rows, err := db.QueryContext(ctx, q)
	opts := stark.Options{
		Pages:   fstest.MapFS{"p.star": {Data: []byte("st.write(orders.whoami())\n")}},
		Modules: starlark.StringDict{"orders": &starlarkstruct.Module{Name: "orders", Members: starlark.StringDict{"whoami": whoami}}},
	}
	app, err := stark.New(opts)
	fmt.Println(err)
	app.Close()
	// Output:
	// <nil>
}
