// Command embed is a small Go service that serves a stark dashboard from
// inside its binary: its own JSON endpoint and orders store, the pages in an
// embed.FS calling the service's Go module, and its own idea of who the
// visitor is. Run it and open http://127.0.0.1:8080/dash/.
package main

import (
	"embed"
	"encoding/json"
	"io/fs"
	"log"
	"net/http"
	"sync"

	"github.com/stark-dev/stark"
	"github.com/stark-dev/stark/web"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

//go:embed dashboards
var files embed.FS

// store is the service's orders.
type store struct {
	mu   sync.Mutex
	open int
}

func (s *store) add() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.open++
	return s.open
}

func (s *store) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.open
}

// service returns the service's mux with the dashboard mounted under /dash.
func service(s *store) (http.Handler, *stark.App, error) {
	pages, err := fs.Sub(files, "dashboards")
	if err != nil {
		return nil, nil, err
	}
	orders := &starlarkstruct.Module{Name: "orders", Members: starlark.StringDict{
		"open": starlark.NewBuiltin("orders.open", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(s.count()), nil
		}),
	}}
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
		json.NewEncoder(w).Encode(map[string]int{"open": s.count()})
	})
	mux.HandleFunc("POST /api/orders", func(w http.ResponseWriter, r *http.Request) {
		s.add()
		app.Rerun("orders.star") // the dashboards that show orders update
		w.WriteHeader(http.StatusCreated)
	})
	mux.Handle("/dash/", http.StripPrefix("/dash", app.Handler()))
	return mux, app, nil
}

func main() {
	h, app, err := service(&store{})
	if err != nil {
		log.Fatal(err)
	}
	defer app.Close()
	log.Print("serving http://127.0.0.1:8080/dash/")
	srv := web.HTTPServer(h) // timeouts against idle and slow connections
	srv.Addr = "127.0.0.1:8080"
	log.Fatal(srv.ListenAndServe())
}
