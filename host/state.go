package host

// This file defines a session's state across runs: st.session_state, widget
// values, pending clicks and the widgets of the last run.

import (
	"fmt"
	"maps"
	"sort"
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"
)

// A Widget is what a run records of a widget it created: its identity, where
// it was declared, how to check a value sent for it, and its callback.
type Widget struct {
	ID    string
	Kind  string
	Key   string // the page's key=, or ""
	Label string
	At    Frame // where the page created it
	// Coerce checks a value sent for the widget (from a browser, a test or
	// st.session_state) and returns it in the widget's type.
	Coerce func(v starlark.Value) (starlark.Value, error)
	// FromWire, when set, converts a value as a browser sends it (an option's
	// index, say) before Coerce checks it.
	FromWire func(v starlark.Value) (starlark.Value, error)
	// Files, when set, makes the widget take files a browser uploads: the
	// session holds the files, and the value a browser sends (tokens naming
	// them) becomes the widget's value through Files, which looks each token
	// up with upload, before FromWire and Coerce see it.
	Files func(v starlark.Value, upload func(token string) (Upload, bool)) (starlark.Value, error)
	// Trigger widgets (buttons) are true in the one run that follows a click.
	Trigger bool
	// Once widgets (chat_input) have their value in the one run that
	// follows its change, and their default in every other run, as a
	// trigger with a value: the browser's value is seen once.
	Once bool
	// Fragment is the id of the fragment the widget is in, or "": a change
	// re-runs only that fragment.
	Fragment string
	// Form is the key of the form the widget is in, or "". A trigger widget
	// in a form is the form's submit button.
	Form string
	// Callback is on_change or on_click, run at the start of the next run.
	Callback *Callback
	// Quiet widgets take a browser's value without a run: the next run,
	// whatever starts it, sees it (a dialog dismissed with
	// on_dismiss="ignore").
	Quiet bool
}

// An Upload is a file a browser uploaded for a widget that takes files
// ([Widget] Files).
type Upload struct {
	Name, Type string // the file's name and media type, as the browser gave them
	// Data is the file's content, read once: every run that reads it
	// shares it.
	Data string
}

// A Callback is a function with its arguments, frozen when recorded.
type Callback struct {
	Fn     starlark.Callable
	Args   starlark.Tuple
	Kwargs []starlark.Tuple
}

// State is what a session keeps between runs. Values are stored frozen so
// that every thread of a run may read them without a race; a page updates a
// value by assigning a new one. State is safe for concurrent use.
type State struct {
	mu      sync.Mutex
	values  map[string]starlark.Value // st.session_state, including keyed widgets
	widgets map[string]starlark.Value // values of widgets without a key, by id
	changed map[string]bool           // widgets whose value was set since the last run; nil for none
	// spareChanged is the emptied map of changes of an ended run, for changed.
	spareChanged map[string]bool
	clicks       map[string]int     // clicks of trigger widgets not yet seen by a run
	specs        map[string]*Widget // widgets of the last completed run
	active       *ScriptRunContext  // the context of the run in progress, if any
	lock         stateLock          // st.session_state.locked (statelock.go)
	options      map[string]string  // st.set_option's, by Streamlit's name
	// mainLen is how many elements the last completed full run wrote to
	// main, the room the next run's main is made with (App.treeFor), so
	// that a page's child list does not grow from nothing on every run.
	mainLen atomic.Int32

	id atomic.Uint64 // see ID
}

// stateIDs numbers the states of the process.
var stateIDs atomic.Uint64

// ID returns a number that identifies s among every state of the process,
// now and later (unlike its address, which a new state may reuse): what
// keys session-scoped caches.
func (s *State) ID() uint64 {
	if id := s.id.Load(); id != 0 {
		return id
	}
	s.id.CompareAndSwap(0, stateIDs.Add(1))
	return s.id.Load()
}

// NewState returns an empty session state.
func NewState() *State {
	return &State{
		values:  make(map[string]starlark.Value),
		widgets: make(map[string]starlark.Value),
		changed: make(map[string]bool),
		clicks:  make(map[string]int),
		specs:   make(map[string]*Widget),
	}
}

// Option returns the session's value of an option st.set_option set.
func (s *State) Option(name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.options[name]
	return v, ok
}

// SetOption sets the session's value of an option (st.set_option).
func (s *State) SetOption(name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.options == nil {
		s.options = map[string]string{}
	}
	s.options[name] = value
}

// Get returns st.session_state[key].
func (s *State) Get(key string) (starlark.Value, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[key]
	return v, ok
}

// Set sets st.session_state[key] = v, freezing v.
func (s *State) Set(key string, v starlark.Value) {
	v.Freeze()
	s.mu.Lock()
	s.values[key] = v
	s.mu.Unlock()
}

// Delete removes key and reports whether it was present.
func (s *State) Delete(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.values[key]
	delete(s.values, key)
	return ok
}

// Keys returns the keys of st.session_state, sorted.
func (s *State) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.values))
	for k := range s.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Len returns the number of keys in st.session_state.
func (s *State) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.values)
}

// activeContext returns the context of the session's run in progress.
func (s *State) activeContext() *ScriptRunContext {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active
}

// Widget returns the spec of a widget of the last completed run or, failing
// that, of the run in progress: a browser may change a widget as soon as
// its element arrives, before the run that made it ends (the session's
// first run, say), and the change then supersedes that run.
func (s *State) Widget(id string) *Widget {
	s.mu.Lock()
	w, active := s.specs[id], s.active
	s.mu.Unlock()
	if w == nil && active != nil {
		active.mu.Lock()
		w = active.widgets[id]
		active.mu.Unlock()
	}
	return w
}

// SetWidget records a value sent for a widget of the last run, checked
// against the widget. It reports an error for an unknown id or a value the
// widget refuses; the state is unchanged then.
func (s *State) SetWidget(id string, v starlark.Value) error {
	w := s.Widget(id)
	if w == nil {
		return fmt.Errorf("unknown widget id %q", id)
	}
	if w.Trigger {
		if b, ok := v.(starlark.Bool); !ok || !bool(b) {
			return fmt.Errorf("widget %q (%s): a click carries true, got %s", id, w.Kind, v.Type())
		}
		s.mu.Lock()
		s.clicks[id]++
		s.mu.Unlock()
		return nil
	}
	cv, err := w.Coerce(v)
	if err != nil {
		return fmt.Errorf("widget %q (%s %q): %v", id, w.Kind, w.Label, err)
	}
	cv.Freeze()
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.Key != "" {
		s.values[w.Key] = cv
	} else {
		s.widgets[id] = cv
	}
	s.markChangedLocked(id)
	return nil
}

// SetWire is SetWidget for a value as a browser sends it.
func (s *State) SetWire(id string, v starlark.Value) error {
	if w := s.Widget(id); w != nil && w.FromWire != nil && !w.Trigger {
		cv, err := w.FromWire(v)
		if err != nil {
			return fmt.Errorf("widget %q (%s %q): %v", id, w.Kind, w.Label, err)
		}
		v = cv
	}
	return s.SetWidget(id, v)
}

// Click records a click of a trigger widget (a button) of the last run.
func (s *State) Click(id string) error { return s.SetWidget(id, starlark.True) }

// widgetValue returns the stored value of a widget, by key or id.
func (s *State) widgetValue(w *Widget) (starlark.Value, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.Key != "" {
		v, ok := s.values[w.Key]
		return v, ok
	}
	v, ok := s.widgets[w.ID]
	return v, ok
}

// setByPage reports whether the page set the st.session_state value of the
// keyed button w: the button is new (not of the last run) and its key has
// a value. (A keyed button's value goes when a completed run leaves the
// button out.)
func (s *State) setByPage(w *Widget) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, known := s.specs[w.ID]
	_, set := s.values[w.Key]
	return !known && set
}

func (s *State) storeWidgetValue(w *Widget, v starlark.Value) {
	v.Freeze()
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.Key != "" {
		s.values[w.Key] = v
	} else {
		s.widgets[w.ID] = v
	}
}

// begin takes what a new run consumes: the pending clicks and the callbacks
// of widgets changed or clicked since the last run. ctx becomes the
// session's run in progress.
func (s *State) begin(ctx *ScriptRunContext) (clicks map[string]bool, callbacks []*Callback) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active = ctx
	// A run takes one click of each button: clicks that arrive faster than
	// runs are queued, not merged, so every click is seen by one run.
	if len(s.clicks) > 0 { // most runs take no click: a nil map reads as empty
		clicks = make(map[string]bool, len(s.clicks))
	}
	for id, n := range s.clicks {
		clicks[id] = true
		if n <= 1 {
			delete(s.clicks, id)
		} else {
			s.clicks[id] = n - 1
		}
	}
	ids := make([]string, 0, len(s.changed)+len(clicks))
	for id := range s.changed {
		ids = append(ids, id)
	}
	for id := range clicks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if w := s.specs[id]; w != nil && w.Callback != nil {
			callbacks = append(callbacks, w.Callback)
		}
	}
	// The run takes the map of changes; the next changes go to the map an
	// earlier run gave back (finish), or to one made by the first change.
	ctx.changed = s.changed
	s.changed, s.spareChanged = s.spareChanged, nil
	// A keyed button's st.session_state value is whether this run saw its
	// click, from the run's start: its callback and the page before the
	// button see it too.
	for id, w := range s.specs {
		if w.Trigger && w.Key != "" {
			s.values[w.Key] = starlark.Bool(clicks[id])
		}
	}
	return clicks, callbacks
}

// restoreClicks puts back clicks that a cancelled run took but never read,
// so that the next run sees them: a click is seen by exactly one run.
func (s *State) restoreClicks(ids []string) {
	if len(ids) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.clicks[id]++
	}
}

// markChangedLocked notes that widget id's value was set since the last
// run. Call it with s.mu held.
func (s *State) markChangedLocked(id string) {
	if s.changed == nil {
		s.changed = make(map[string]bool)
	}
	s.changed[id] = true
}

// restoreOnce marks again as changed the Once widgets whose change a
// cancelled run took but never returned, so that the next run returns it.
func (s *State) restoreOnce(ids []string) {
	if len(ids) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if w := s.specs[id]; w != nil && w.Once {
			s.markChangedLocked(id)
		}
	}
}

// PendingClicks reports whether clicks wait for a run.
func (s *State) PendingClicks() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clicks) > 0
}

// finish records the widgets of a run and ends ctx's time as the
// session's run in progress. A completed run's widgets replace the
// last ones, and values of widgets without a key that it did not create are
// forgotten; a run that ended early only adds the widgets it reached.
func (s *State) finish(ctx *ScriptRunContext, widgets map[string]*Widget, completed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.active == ctx {
		s.active = nil
	}
	// The run has read its map of changes (the script thread in
	// ScriptRunContext.Widget, execute in unseenOnce): it becomes the
	// spare that a later begin gives the changes after it.
	if m := ctx.changed; m != nil && s.spareChanged == nil {
		clear(m)
		s.spareChanged, ctx.changed = m, nil
	}
	if !completed {
		// s.specs may be the map of an earlier run's Result.Widgets
		// (execute shares it): add to a copy, never to it.
		specs := make(map[string]*Widget, len(s.specs)+len(widgets))
		maps.Copy(specs, s.specs)
		maps.Copy(specs, widgets)
		s.specs = specs
		return
	}
	for id, w := range s.specs {
		if w.Trigger && w.Key != "" && widgets[id] == nil {
			delete(s.values, w.Key) // a keyed button left out: its value goes
		}
	}
	s.specs = widgets
	for id := range s.widgets {
		if widgets[id] == nil {
			delete(s.widgets, id)
		}
	}
}

// Snapshot returns what a checkpoint of the session keeps (docs/replicas.md):
// st.session_state (keyed widgets included) and the values of widgets
// without a key, by id. The maps are copies; the values are frozen.
func (s *State) Snapshot() (values, widgets map[string]starlark.Value) {
	s.mu.Lock()
	defer s.mu.Unlock()
	values = make(map[string]starlark.Value, len(s.values))
	for k, v := range s.values {
		values[k] = v
	}
	widgets = make(map[string]starlark.Value, len(s.widgets))
	for k, v := range s.widgets {
		widgets[k] = v
	}
	return values, widgets
}

// Restore puts back what [State.Snapshot] returned, in a new state that no
// run has used: the first run sees the values as if its widgets had been
// set by the visitor.
func (s *State) Restore(values, widgets map[string]starlark.Value) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range values {
		v.Freeze()
		s.values[k] = v
	}
	for k, v := range widgets {
		v.Freeze()
		s.widgets[k] = v
	}
}
