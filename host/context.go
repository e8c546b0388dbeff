package host

// This file defines the ScriptRunContext: what a run's script thread (and a
// worker spawned with context=True) needs to touch the page and the session.

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"
)

// A ScriptRunContext belongs to exactly one run. Once the run is over or
// cancelled, every call through it fails with a "run is over" error and
// nothing it would emit reaches the page.
type ScriptRunContext struct {
	RunID uint64
	Page  string // the page's file, relative to the app root
	State *State
	Tree  *Tree
	Query map[string][]string
	// Visitor is whom the run is shown to; nil when unknown.
	Visitor *Visitor

	run    *runState
	script *starlark.Thread

	mu      sync.Mutex
	widgets map[string]*Widget
	cursor  []*Container // the script thread's cursor stack
	// top is the cursor stack's last entry, or nil when it is empty: set
	// with mu held wherever cursor changes (setCursorLocked), read without
	// it by the script thread's every st call (Cursor).
	top   atomic.Pointer[Container]
	frags []string // the fragments the script thread is rendering
	// fragments rendered by this run, and the fragment st.rerun(scope=
	// "fragment") asked for.
	fragments     map[string]*Fragment
	rerunFragment string
	clicks        map[string]bool // clicks this run took from the state
	seen          map[string]bool // clicks a button of this run returned
	changed       map[string]bool // widgets changed since the last run, taken by this run
	seenOnce      map[string]bool // changes a Once widget of this run returned
	forms         []*form         // the forms of this run, in creation order (form.go)
	resets        []widgetReset   // values to reset if the run completes (form.go)
	// query is the page's query after its writes to st.query_params, nil
	// before the first (query.go).
	query     map[string][]string
	switchTo  string         // the page file st.switch_page() asked for
	switchNav string         // or the page of the declared navigation
	counts    map[string]int // per-run counters (Next)
	navPage   string         // RunOptions.NavPage
	nav       *Navigation    // what st.navigation declared (nav.go)
}

// ErrRunOver is wrapped by errors of calls through a context whose run ended.
var ErrRunOver = errors.New("the run is over")

// Check returns nil while the run goes on, and otherwise an error saying why
// nothing more can be done through this context.
func (c *ScriptRunContext) Check() error {
	if c.run.over.Load() {
		return fmt.Errorf("%w: this context belongs to run %d, which has ended", ErrRunOver, c.RunID)
	}
	if cause := c.run.cancelCause(); cause != NotCancelled {
		return fmt.Errorf("%w (%s)", ErrRunOver, cause.message(c.run.limits))
	}
	return nil
}

// Live returns the context through which code holding c reaches the
// session: c while its run goes on and, once c's run has ended, the context
// of the same session's run in progress. A function defined in an earlier
// run keeps that run's st; an on_change or on_click callback, run at the
// start of the next run, reaches st.session_state through Live. When the
// session has no run in progress, Live returns c.Check()'s error.
func (c *ScriptRunContext) Live() (*ScriptRunContext, error) {
	err := c.Check()
	if err == nil {
		return c, nil
	}
	if cur := c.State.activeContext(); cur != nil && cur != c && cur.Check() == nil {
		return cur, nil
	}
	return nil, err
}

// IsScript reports whether t is the run's script thread.
func (c *ScriptRunContext) IsScript(t *starlark.Thread) bool { return t == c.script }

// Root returns the root container of the given name ("main", "sidebar").
func (c *ScriptRunContext) Root(name string) *Container { return c.Tree.Root(name) }

// Append adds an element to container box of this run. When container is
// true the element is itself a container, and the returned Container
// addresses it; single containers hold one element that each write replaces.
func (c *ScriptRunContext) Append(box *Container, el *Element, container, single bool) (*Container, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	if box.tree != c.Tree {
		return nil, fmt.Errorf("this container belongs to another run")
	}
	sub, err := c.Tree.Append(box, el, container, single)
	return sub, c.limitError(err)
}

// AppendHandle appends el to box and returns a handle whose writes replace
// the element (see [Tree.AppendHandle]).
func (c *ScriptRunContext) AppendHandle(box *Container, el *Element) (*Container, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	if box.tree != c.Tree {
		return nil, fmt.Errorf("this container belongs to another run")
	}
	h, err := c.Tree.AppendHandle(box, el)
	return h, c.limitError(err)
}

// Mark returns where elements appended to box from now on begin, for
// Recorded.
func (c *ScriptRunContext) Mark(box *Container) int { return c.Tree.Mark(box) }

// Recorded returns the elements of box from index start on (see Mark).
func (c *ScriptRunContext) Recorded(box *Container, start int) []Recorded {
	if box.tree != c.Tree {
		return nil
	}
	return c.Tree.Since(box, start)
}

// Replay appends copies of recorded elements to box, containers with their
// children, as a cached function's elements are written again when its
// value comes from the cache. Widgets are left out: a widget exists only in
// a run that called its builtin. Replayed elements count toward the run's
// element limits as any others.
func (c *ScriptRunContext) Replay(box *Container, rs []Recorded) error {
	for _, r := range rs {
		if r.El.ID != "" {
			continue
		}
		el := &Element{Kind: r.El.Kind, Props: r.El.Props, Text: r.El.Text, TextBody: r.El.TextBody, Rows: r.El.Rows}
		sub, err := c.Append(box, el, r.Box, r.Single)
		if err != nil {
			return err
		}
		if r.Box {
			if err := c.Replay(sub, r.Kids); err != nil {
				return err
			}
		}
	}
	return nil
}

// limitError turns the tree's refusal of an element (the element count or
// bytes limit) into the cancellation of the run with that limit's message.
func (c *ScriptRunContext) limitError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.As(err, new(elementLimitError)):
		c.run.cancel(ElementLimit)
		return errors.New(ElementLimit.message(c.run.limits))
	case errors.As(err, new(elementBytesError)):
		c.run.cancel(ElementBytesLimit)
		return errors.New(ElementBytesLimit.message(c.run.limits))
	}
	return err
}

// Cursor returns the container that st.* calls on st itself write to on
// thread t: for the script thread, the fragment or other container it is
// rendering, or main; for a worker given the context, the container its
// spawner's calls wrote to when it was spawned (so a worker spawned inside
// a fragment writes into that fragment, in a full run and in a fragment
// run, whose tree has no main). It is nil only for a thread of another run.
func (c *ScriptRunContext) Cursor(t *starlark.Thread) *Container {
	if t != c.script {
		if box, ok := t.Local(cursorKey).(*Container); ok && box.tree == c.Tree {
			return box
		}
		return c.Tree.Root("main")
	}
	if box := c.top.Load(); box != nil {
		return box
	}
	return c.Tree.Root("main")
}

// setCursorLocked sets the script thread's cursor stack; c.mu is held.
func (c *ScriptRunContext) setCursorLocked(stack []*Container) {
	c.cursor = stack
	if len(stack) == 0 {
		c.top.Store(nil)
	} else {
		c.top.Store(stack[len(stack)-1])
	}
}

// cursorKey is the thread-local key of a worker's cursor (see
// [ScriptRunContext.Cursor]).
const cursorKey = "stark.cursor"

// PushCursor makes box the script thread's cursor until the returned pop is
// called.
func (c *ScriptRunContext) PushCursor(box *Container) (pop func()) {
	c.mu.Lock()
	c.setCursorLocked(append(c.cursor, box))
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		c.setCursorLocked(c.cursor[:len(c.cursor)-1])
		c.mu.Unlock()
	}
}

// Widget registers a widget created by the page and returns its value for
// this run: for a trigger (button), whether it was clicked; otherwise the
// value stored for it, checked by w.Coerce, or def, which is then stored.
// Only the script thread creates widgets: their order defines their identity.
func (c *ScriptRunContext) Widget(t *starlark.Thread, w *Widget, def starlark.Value) (starlark.Value, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	if t != c.script {
		return nil, fmt.Errorf("widgets are created by the script thread only (thread %q is a worker); create the widget in the page and pass its value to the worker", t.Name)
	}
	c.mu.Lock()
	if prev := c.widgets[w.ID]; prev != nil {
		c.mu.Unlock()
		if w.Key != "" {
			return nil, fmt.Errorf("two widgets have the key %q: %s at %s and %s at %s; keys must be unique in a page", w.Key, prev.Kind, prev.At, w.Kind, w.At)
		}
		return nil, fmt.Errorf("two %s widgets have the same label and parameters: at %s and at %s; give each a unique key=", w.Kind, prev.At, w.At)
	}
	if len(c.frags) > 0 {
		w.Fragment = c.frags[len(c.frags)-1]
	}
	if err := c.joinForm(w); err != nil {
		c.mu.Unlock()
		return nil, err
	}
	c.widgets[w.ID] = w
	if w.Trigger {
		clicked := c.clicks[w.ID]
		if clicked {
			if c.seen == nil {
				c.seen = make(map[string]bool) // most runs see no click
			}
			c.seen[w.ID] = true
		}
		c.mu.Unlock()
		if w.Key != "" {
			// As in Streamlit, a keyed button's value is in
			// st.session_state: True in the run that saw the click.
			if c.State.setByPage(w) {
				return nil, fmt.Errorf("st.session_state[%q] was set by the page, but a %s's value is not the page's to set: it is True in the run after a click; use another key for the page's value", w.Key, w.Kind)
			}
			c.State.storeWidgetValue(w, starlark.Bool(clicked))
		}
		return starlark.Bool(clicked), nil
	}
	if w.Once {
		if !c.changed[w.ID] {
			c.mu.Unlock()
			c.State.storeWidgetValue(w, def)
			return def, nil
		}
		if c.seenOnce == nil {
			c.seenOnce = make(map[string]bool)
		}
		c.seenOnce[w.ID] = true
	}
	c.mu.Unlock()
	c.resetIfCleared(w, def)

	if v, ok := c.State.widgetValue(w); ok {
		cv, err := w.Coerce(v)
		if err != nil {
			if w.Key != "" {
				return nil, fmt.Errorf("st.session_state[%q]: %v", w.Key, err)
			}
			cv = def
		}
		// Coerce may return a new value (a clamped number, a range as a
		// tuple); store it so the state holds what the page got. Values are
		// not compared: tuples and lists are not comparable in Go.
		c.State.storeWidgetValue(w, cv)
		return cv, nil
	}
	c.State.storeWidgetValue(w, def)
	return def, nil
}

// takeWidgets returns the run's map of widgets itself, not a copy, once the
// script thread (the only one that adds widgets, [ScriptRunContext.Widget])
// has ended: the session's state and the run's Result share it, and nothing
// writes to it any more.
func (c *ScriptRunContext) takeWidgets() map[string]*Widget {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.widgets
}

// Widgets returns the widgets this run has created so far.
func (c *ScriptRunContext) Widgets() map[string]*Widget {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]*Widget, len(c.widgets))
	for k, v := range c.widgets {
		out[k] = v
	}
	return out
}

// unseenOnce returns the changed widgets of which no Once widget of this
// run returned the value.
func (c *ScriptRunContext) unseenOnce() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for id := range c.changed {
		if !c.seenOnce[id] {
			out = append(out, id)
		}
	}
	return out
}

// unseenClicks returns the clicks this run took but no button returned.
func (c *ScriptRunContext) unseenClicks() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for id := range c.clicks {
		if !c.seen[id] {
			out = append(out, id)
		}
	}
	return out
}

// Update sets properties of the container element that box addresses (a
// status, say), keeping its other properties and its children; the element
// is replaced at its path and reported as a change there (see
// [Tree.Update]).
func (c *ScriptRunContext) Update(box *Container, props map[string]any) error {
	if err := c.Check(); err != nil {
		return err
	}
	if box.tree != c.Tree {
		return fmt.Errorf("this container belongs to another run")
	}
	_, err := c.Tree.Update(box, props)
	return c.limitError(err)
}

// SwitchPage ends the run as st.switch_page() does: the run's result has
// status SwitchPageRequested and SwitchTo file, the page file (relative to
// the app root) that the session should show next. The caller checks that
// the page exists.
func (c *ScriptRunContext) SwitchPage(file string) error {
	c.mu.Lock()
	c.switchTo = file
	c.mu.Unlock()
	c.run.cancel(SwitchPage)
	return errStopRun
}

// SwitchNavPage ends the run as st.switch_page() of a page of the run's
// declared navigation (st.navigation) does: the result has status
// SwitchPageRequested and SwitchNav name, the page's URL name, which the
// session shows next by running the declaring page again.
func (c *ScriptRunContext) SwitchNavPage(name string) error {
	c.mu.Lock()
	c.switchNav = name
	c.mu.Unlock()
	c.run.cancel(SwitchPage)
	return errStopRun
}

func (c *ScriptRunContext) switchTarget() (file, nav string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.switchTo, c.switchNav
}

// Stop ends the run as st.stop() does: what was written stays.
func (c *ScriptRunContext) Stop() error {
	c.run.cancel(Stopped)
	return errStopRun
}

// Rerun ends the run and asks for a new one, as st.rerun() does.
func (c *ScriptRunContext) Rerun() error {
	c.run.cancel(Rerun)
	return errStopRun
}

var errStopRun = errors.New("run stopped by the page")

// RelFile returns a compiled file name relative to the app root.
func (c *ScriptRunContext) RelFile(name string) string { return relFile(c.run.app.Root, name) }

// Caller returns the position in the app's files of the call to the builtin
// running on t.
func (c *ScriptRunContext) Caller(t *starlark.Thread) Frame {
	fr := t.CallFrame(1)
	a, name := c.run.app, fr.Pos.Filename()
	last := a.lastRel.Load()
	if last == nil || last[0] != name {
		last = &[2]string{name, relFile(a.Root, name)}
		a.lastRel.Store(last)
	}
	return Frame{File: last[1], Line: int(fr.Pos.Line), Col: int(fr.Pos.Col)}
}

// Next returns how many times Next(name) was called before in this run:
// 0, then 1, ... (st.header's divider=True cycles its colours with it).
func (c *ScriptRunContext) Next(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = map[string]int{}
	}
	n := c.counts[name]
	c.counts[name] = n + 1
	return n
}
