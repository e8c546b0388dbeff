package host

// This file defines fragments: parts of a page that re-run on their own,
// when a widget inside them changes or on a timer, while the rest of the page
// stays as it is.

import (
	"fmt"
	"hash/fnv"
	"time"

	"go.starlark.net/starlark"
)

// A Fragment is a function of the page rendered into its own container. A
// full run records every fragment it renders; a fragment run calls the
// function again, with the same arguments, on a fresh thread whose tree is
// rooted at the fragment's container.
type Fragment struct {
	ID       string
	Fn       starlark.Callable
	Args     starlark.Tuple
	Kwargs   []starlark.Tuple
	Path     string        // the fragment container's path
	RunEvery time.Duration // 0: only when a widget inside changes
}

// FragmentID derives a fragment's identity from its function and the path
// of its container, stable across runs of the same page.
func FragmentID(fnKey, path string) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s", fnKey, path)
	return fmt.Sprintf("fragment-%016x", h.Sum64())
}

// RenderFragment runs f's function on the script thread t with the cursor
// and the current fragment set to box, which must be the fragment's
// container. Widgets created meanwhile belong to the fragment. The function,
// its arguments and keyword arguments are frozen: a later fragment run calls
// them again.
func (c *ScriptRunContext) RenderFragment(t *starlark.Thread, f *Fragment, box *Container) (starlark.Value, error) {
	if t != c.script {
		return nil, fmt.Errorf("fragments are rendered by the script thread only (thread %q is a worker)", t.Name)
	}
	f.Fn.Freeze()
	f.Args.Freeze()
	for _, kv := range f.Kwargs {
		kv.Freeze()
	}
	c.mu.Lock()
	if c.fragments == nil {
		c.fragments = map[string]*Fragment{}
	}
	if prev := c.fragments[f.ID]; prev != nil && prev.Path == f.Path {
		c.mu.Unlock()
		return nil, fmt.Errorf("fragment %s rendered twice at %s", f.ID, f.Path)
	}
	c.fragments[f.ID] = f
	c.frags = append(c.frags, f.ID)
	c.setCursorLocked(append(c.cursor, box))
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.setCursorLocked(c.cursor[:len(c.cursor)-1])
		c.frags = c.frags[:len(c.frags)-1]
		c.mu.Unlock()
	}()
	return starlark.Call(t, f.Fn, f.Args, f.Kwargs)
}

// CurrentFragment returns the id of the innermost fragment the script thread
// is rendering, or "".
func (c *ScriptRunContext) CurrentFragment() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.frags) == 0 {
		return ""
	}
	return c.frags[len(c.frags)-1]
}

// Fragments returns the fragments this run rendered, by id; nil for none.
func (c *ScriptRunContext) Fragments() map[string]*Fragment {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.fragments) == 0 {
		return nil // most runs render none: no map for them
	}
	out := make(map[string]*Fragment, len(c.fragments))
	for k, v := range c.fragments {
		out[k] = v
	}
	return out
}

// RerunFragment ends the run and asks for a run of the current fragment
// only, as st.rerun(scope="fragment") does.
func (c *ScriptRunContext) RerunFragment() error {
	id := c.CurrentFragment()
	if id == "" {
		return fmt.Errorf("scope=\"fragment\" is for code inside a fragment; this call is not in one")
	}
	c.mu.Lock()
	c.rerunFragment = id
	c.mu.Unlock()
	c.run.cancel(Rerun)
	return errStopRun
}
