// Command embed is a small Go service that serves a stark dashboard from
// inside its binary: its own JSON endpoint and orders store, the pages in an
// embed.FS calling the service's Go module, and its own idea of who the
// visitor is. Run it and open http://127.0.0.1:8080/dash/; add an order
// with
//
//	curl -d '{"item": "pens", "total": 3}' http://127.0.0.1:8080/api/orders
package main

import (
	"embed"
	"encoding/json"
	"flag"
	"io/fs"
	"log"
	"net"
	"net/http"
	"sync"

	"github.com/stark-dev/stark"
	"github.com/stark-dev/stark/lib/table"
	"github.com/stark-dev/stark/web"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

//go:embed dashboards
var files embed.FS

// An order of the store.
type order struct {
	Item  string  `json:"item"`
	Total float64 `json:"total"`
}

// store is the service's orders.
type store struct {
	mu     sync.Mutex
	orders []order
}

func (s *store) add(o order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders = append(s.orders, o)
}

func (s *store) all() []order {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]order(nil), s.orders...)
}

// module is the service's Go module for its pages: orders.open(),
// orders.latest() and orders.list(), a table built from Go columns.
func (s *store) module() *starlarkstruct.Module {
	fn := func(name string, f func() (starlark.Value, error)) *starlark.Builtin {
		return starlark.NewBuiltin("orders."+name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			return f()
		})
	}
	return &starlarkstruct.Module{Name: "orders", Members: starlark.StringDict{
		"open": fn("open", func() (starlark.Value, error) { return starlark.MakeInt(len(s.all())), nil }),
		"latest": fn("latest", func() (starlark.Value, error) {
			all := s.all()
			if len(all) == 0 {
				return starlark.String("none"), nil
			}
			return starlark.String(all[len(all)-1].Item), nil
		}),
		"list": fn("list", func() (starlark.Value, error) {
			all := s.all()
			items := make([]starlark.Value, len(all))
			totals := make([]starlark.Value, len(all))
			for i, o := range all {
				items[i], totals[i] = starlark.String(o.Item), starlark.Float(o.Total)
			}
			item, err := table.NewColumn("item", items)
			if err != nil {
				return nil, err
			}
			total, err := table.NewColumn("total", totals)
			if err != nil {
				return nil, err
			}
			return table.New([]*table.Column{item, total}, len(all))
		}),
	}}
}

// service returns the service's mux with the dashboard mounted under /dash.
func service(s *store) (http.Handler, *stark.App, error) {
	pages, err := fs.Sub(files, "dashboards")
	if err != nil {
		return nil, nil, err
	}
	orders := s.module()
	var app *stark.App
	app, err = stark.New(stark.Options{
		Pages:   pages,
		Base:    "/dash",
		Modules: starlark.StringDict{"orders": orders},
		Identity: func(r *http.Request) (*stark.User, error) {
			// A real service reads its own session cookie here.
			if name := r.Header.Get("X-User"); name != "" {
				return &stark.User{Name: name}, nil
			}
			return &stark.User{Name: "guest"}, nil
		},
	})
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/orders", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(s.all())
	})
	mux.HandleFunc("POST /api/orders", func(w http.ResponseWriter, r *http.Request) {
		var o order
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&o); err != nil || o.Item == "" {
			http.Error(w, `want {"item": "...", "total": 9.5}`, http.StatusBadRequest)
			return
		}
		s.add(o)
		app.Rerun("orders.star") // the dashboards that show orders update
		w.WriteHeader(http.StatusCreated)
	})
	mux.Handle("/dash/", http.StripPrefix("/dash", app.Handler()))
	return mux, app, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to serve on")
	flag.Parse()
	h, app, err := service(&store{orders: []order{{"ledger", 12.5}, {"stapler", 4}}})
	if err != nil {
		log.Fatal(err)
	}
	defer app.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("serving http://%s/dash/", ln.Addr())
	srv := web.HTTPServer(h) // timeouts against idle and slow connections
	log.Fatal(srv.Serve(ln))
}
