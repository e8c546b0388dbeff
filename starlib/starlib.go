// Package starlib defines the builtins that stark pages call — the st module
// (elements, widgets, containers, session_state), spawn, wait, sleep,
// cache_data, cache_resource and fmt — and puts together every name a page
// sees (Predeclared): those, the modules of the packages under lib/ (table
// and data from lib/table, sql, http, stark's bounded json) and Starlark's
// time and math modules.
//
// Every st builtin finds the run through the calling thread's
// ScriptRunContext and fails, naming itself, the thread and the fix, on a
// thread without one. The other builtins need only the sandbox and work on
// every thread.
package starlib

import (
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/http"
	"github.com/stark-dev/stark/lib/json"
	"github.com/stark-dev/stark/lib/sql"
	"github.com/stark-dev/stark/lib/table"
	"go.starlark.net/lib/math"
	"go.starlark.net/lib/time"
	"go.starlark.net/starlark"
)

// predeclared are the names every page and module sees.
var predeclared starlark.StringDict

// init is the one registration of the package: it builds the st module and
// then the predeclared names, in this order, each step using the ones
// before it.
func init() {
	methods = stMethods() // st.go
	dispatchers = newDispatchers()
	kindMethods = containerKindMethods() // layout.go
	methodNames, stNames, kindMethodNames = attrNames()
	staticMain = newRoot("st", "main")
	staticSidebar = newRoot("st.sidebar", "sidebar")
	staticST = &stModule{Container: staticMain}
	stComponents = componentsModule()
	predeclared = newPredeclared()
}

// newPredeclared returns the names pages see: st and the builtins of
// starlib, and the module of each package of lib/ (json, table and data,
// http, sql) with go.starlark.net's time and math.
func newPredeclared() starlark.StringDict {
	predeclared := starlark.StringDict{
		"st":              staticST,
		"spawn":           starlark.NewBuiltin("spawn", spawn),
		"wait":            starlark.NewBuiltin("wait", wait),
		"sleep":           starlark.NewBuiltin("sleep", sleep),
		"cache_data":      stCacheData,
		"cache_resource":  stCacheResource,
		"fmt":             starlark.NewBuiltin("fmt", format),
		"time":            time.Module,
		"json":            json.Module,
		"math":            math.Module,
		"data":            table.DataModule,
		"table":           table.Builtin,
		"http":            http.Module,
		"sql":             sql.Module,
		host.AttrBuiltin:  starlark.NewBuiltin(host.AttrBuiltin, stAttr),
		host.MagicBuiltin: starlark.NewBuiltin(host.MagicBuiltin, magic),
	}
	for k, v := range guardedBuiltins() {
		predeclared[k] = v
	}
	predeclared.Freeze()
	return predeclared
}

// Predeclared returns the names every page and module sees. The map is
// shared: do not modify it.
func Predeclared() starlark.StringDict { return predeclared }

// Options returns host options with the starlib builtins and the given
// limits.
func Options(limits host.Limits) host.Options {
	return host.Options{Limits: limits, Predeclared: predeclared}
}

// NewApp returns the app in dir with the starlib builtins.
func NewApp(dir string, limits host.Limits) (*host.App, error) {
	return host.NewApp(dir, Options(limits))
}
