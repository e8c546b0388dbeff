// Package harness runs stark pages without a browser: one [Session] runs a
// page, takes widget values and clicks as a browser would send them, and
// exposes the element tree and session_state of each run. The tests of every
// builtin use it, and so does `stark render`.
package harness

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
)

// MaxReruns bounds the st.rerun() chain of one Run, so that a page that
// always reruns ends.
const MaxReruns = 100

// A Session is one user's session of an app, run headless.
type Session struct {
	App   *host.App
	State *host.State
	Page  string
	Query map[string][]string
	// Source, when set, is run instead of the page file.
	Source []byte
}

// New returns a session of the page file (a path to a .star file); its
// directory is the app root, configured by its stark.toml if it has one.
// The fields that limits sets override the file's.
func New(page string, limits host.Limits) (*Session, error) {
	dir := filepath.Dir(page)
	cfg, err := config.Load(dir)
	if err != nil {
		return nil, err
	}
	opts := cfg.Options(starlib.Options(host.Limits{}))
	opts.Limits = config.MergeLimits(opts.Limits, limits)
	app, err := host.NewApp(dir, opts)
	if err != nil {
		return nil, err
	}
	return &Session{App: app, State: host.NewState(), Page: filepath.Base(page)}, nil
}

// FromSource writes src as page.star (and files, path to content, beside
// it) in a new directory under dir and returns a session of it.
func FromSource(dir, src string, files map[string]string, limits host.Limits) (*Session, error) {
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	p := filepath.Join(dir, "page.star")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		return nil, err
	}
	return New(p, limits)
}

// Run runs the page once, following st.rerun() up to MaxReruns times, and
// returns the last run's result. A query the page changed (st.query_params)
// becomes the session's Query, as a browser's URL would.
func (s *Session) Run() *Result {
	var res *host.Result
	for i := 0; i <= MaxReruns; i++ {
		res = s.App.Run(host.RunOptions{Page: s.Page, Source: s.Source, State: s.State, Query: s.Query})
		if res.Query != nil {
			s.Query = res.Query
		}
		if res.Status != host.RerunRequested {
			break
		}
	}
	return &Result{Result: res, State: s.State}
}

// Set sets st.session_state[key], as `stark render --set` does: a widget
// with that key takes it as its value in the next run.
func (s *Session) Set(key string, v starlark.Value) { s.State.Set(key, v) }

// SetWidget sets a widget of the last run by its id (its key, when it has
// one), as a browser would.
func (s *Session) SetWidget(id string, v starlark.Value) error { return s.State.SetWidget(id, v) }

// Click clicks a button of the last run, by id or key.
func (s *Session) Click(id string) error { return s.State.Click(id) }

// Result is one run's outcome.
type Result struct {
	*host.Result
	State *host.State
}

// Elements returns the elements of the main container, containers with
// their children.
func (r *Result) Elements() []*host.Element { return r.Tree.Snapshot()[0].Children }

// Sidebar returns the elements of the sidebar.
func (r *Result) Sidebar() []*host.Element { return r.Tree.Snapshot()[1].Children }

// Find returns every element of the given kind, in page order, searching
// containers too.
func (r *Result) Find(kind string) []*host.Element {
	var out []*host.Element
	var walk func([]*host.Element)
	walk = func(els []*host.Element) {
		for _, e := range els {
			if e.Kind == kind {
				out = append(out, e)
			}
			walk(e.Children)
		}
	}
	walk(r.Tree.Snapshot())
	return out
}

// Output is what `stark render` prints.
type Output struct {
	Elements     []*host.Element `json:"elements"`
	Error        *host.Error     `json:"error"`
	Status       string          `json:"status"`
	SessionState map[string]any  `json:"session_state"`
}

// Output returns the run as `stark render` prints it: the main elements, then
// the sidebar as one container element when it has any.
func (r *Result) Output() *Output {
	snap := r.Tree.Snapshot()
	els := snap[0].Children
	if len(snap[1].Children) > 0 {
		els = append(els, snap[1])
	}
	if els == nil {
		els = []*host.Element{}
	}
	out := &Output{Elements: els, Error: r.Err, Status: r.Status.String(), SessionState: map[string]any{}}
	for _, k := range r.State.Keys() {
		v, _ := r.State.Get(k)
		out.SessionState[k] = host.ToJSON(v)
	}
	return out
}

// JSON returns Output as indented JSON.
func (r *Result) JSON() []byte {
	b, err := json.MarshalIndent(r.Output(), "", "  ")
	if err != nil {
		panic(fmt.Sprintf("render: %v", err)) // element properties are JSON values by construction
	}
	return b
}
