package host

// This file defines spawn: running a function on a new thread of the run,
// with everything that crosses threads frozen first.

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"go.starlark.net/starlark"
)

// A Task is a function running on a thread spawned by a run. Its value is
// frozen when it crosses back.
type Task struct {
	Name     string
	done     chan struct{}
	value    starlark.Value
	err      *Error
	observed atomic.Bool // someone has read the result
}

// Done reports whether the task has finished.
func (t *Task) Done() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// Wait returns the task's result, waiting at most timeout (forever when
// timeout < 0) and waking when the caller's run is cancelled.
func (t *Task) Wait(sb *Sandbox, timeout time.Duration) (starlark.Value, error) {
	var expire <-chan time.Time
	if timeout >= 0 {
		tm := time.NewTimer(timeout)
		defer tm.Stop()
		expire = tm.C
	}
	// A finished task returns its result whatever the timeout: select
	// would choose at random between it and an expired timer.
	if !t.Done() {
		select {
		case <-t.done:
		case <-expire:
			if !t.Done() {
				return nil, fmt.Errorf("%s did not finish within %s", t.Name, timeout)
			}
		case <-sb.run.done:
			// The task may have finished just as the run was cancelled.
			if !t.Done() {
				return nil, sb.Err()
			}
		}
	}
	t.observed.Store(true)
	if t.err != nil {
		return nil, fmt.Errorf("%s failed: %s", t.Name, t.err.Error())
	}
	return t.value, nil
}

// Exception waits like [Task.Wait] and returns the task's error message, or
// "" when it succeeded. The failure counts as observed: it does not fail the
// run.
func (t *Task) Exception(sb *Sandbox, timeout time.Duration) (string, error) {
	_, err := t.Wait(sb, timeout)
	if !t.Done() {
		return "", err
	}
	if t.err != nil {
		return t.err.Error(), nil
	}
	return "", nil
}

// Spawn starts fn(*args, **kwargs) on a new thread of the run that parent
// belongs to. Before the thread starts, fn (its defaults and free
// variables), every argument and the values of the globals fn can reach are
// frozen, so neither thread can mutate what the other sees. The new thread
// inherits the sandbox; it gets the ScriptRunContext only when withContext.
//
// Spawn blocks while the app has AppThreads threads running (the app's
// shared executor), and fails when the run has spawned its Threads.
func (sb *Sandbox) Spawn(parent *starlark.Thread, fn starlark.Callable, args starlark.Tuple, kwargs []starlark.Tuple, withContext bool) (*Task, error) {
	rs := sb.run
	var ctx *ScriptRunContext
	if withContext {
		ctx = ContextOf(parent)
		if ctx == nil {
			return nil, fmt.Errorf("context=True: thread %q has no ScriptRunContext to give; spawn with context=True from the script thread or a worker that has it", parent.Name)
		}
	}
	if err := sb.Err(); err != nil {
		return nil, err
	}
	rs.mu.Lock()
	if rs.spawned >= rs.limits.Threads {
		rs.mu.Unlock()
		rs.cancel(ThreadLimit)
		return nil, fmt.Errorf("%s", ThreadLimit.message(rs.limits))
	}
	rs.spawned++
	n := rs.spawned
	rs.mu.Unlock()

	z := newFreezer(sb.App)
	z.value(fn)
	z.value(args)
	for _, kv := range kwargs {
		z.value(kv)
	}

	// The app's thread bound is the shared pool: wait for a slot.
	select {
	case sb.App.threadSlots <- struct{}{}:
	case <-rs.done:
		return nil, sb.Err()
	}

	task := &Task{Name: fmt.Sprintf("spawn-%d", n), done: make(chan struct{})}
	th := rs.newThread(task.Name, ctx)
	rs.mu.Lock()
	rs.tasks = append(rs.tasks, task)
	rs.mu.Unlock()
	rs.wg.Add(1)
	go func() {
		defer rs.wg.Done()
		defer func() { <-sb.App.threadSlots }()
		defer close(task.done)
		defer func() {
			// A panic in a builtin fails the task, not the process.
			if p := recover(); p != nil {
				task.err = sb.App.panicError(th, p)
			}
		}()
		v, err := starlark.Call(th, fn, args, kwargs)
		if err != nil {
			task.err = sb.App.threadError(rs, err)
			return
		}
		v.Freeze()
		task.value = v
	}()
	return task, nil
}

// freezer freezes what crosses to a new thread: values, and for every
// Starlark function among them (an argument, an element of one, a bound
// method's receiver, the function a cache_data wrapper calls) the values of
// the globals its body can reach, transitively through the functions it
// names. The set of names comes from the compiled file; globals a worker
// never names stay mutable.
type freezer struct {
	app     *App
	seen    map[any]bool // functions and containers already walked
	globals map[*starlark.Module]starlark.StringDict
}

func newFreezer(a *App) *freezer {
	return &freezer{app: a, seen: make(map[any]bool), globals: make(map[*starlark.Module]starlark.StringDict)}
}

// unwrapper is implemented by callables that call another, such as the
// wrappers of cache_data: what the wrapped function reaches is frozen too.
type unwrapper interface{ Unwrap() starlark.Value }

// value freezes v and walks it for functions. A container that is already
// frozen is not walked again: freezing is what the walk is for, and a
// frozen container was walked when it was frozen by a spawn, or holds no
// function of a page (module globals and cached values are frozen whole).
func (z *freezer) value(v starlark.Value) {
	switch x := v.(type) {
	case *starlark.Function:
		z.function(x)
		return
	case *starlark.Builtin:
		if r := x.Receiver(); r != nil {
			z.value(r)
		}
	case unwrapper:
		z.value(x.Unwrap())
	case *starlark.List:
		if !z.walked(x) {
			for i := 0; i < x.Len(); i++ {
				z.value(x.Index(i))
			}
		}
	case starlark.Tuple:
		for _, e := range x {
			z.value(e)
		}
	case *starlark.Dict:
		if !z.walked(x) {
			for _, kv := range x.Items() {
				z.value(kv[0])
				z.value(kv[1])
			}
		}
	case *starlark.Set:
		if !z.walked(x) {
			for _, e := range setElems(x) {
				z.value(e)
			}
		}
	}
	v.Freeze()
}

// walked reports whether the container c needs no walk: it was walked
// already, is empty or is frozen. It is frozen by the caller all the same. Containers are marked as they are
// walked, which also ends cycles.
func (z *freezer) walked(c starlark.Value) bool {
	if z.seen[c] {
		return true
	}
	z.seen[c] = true
	return isFrozen(c)
}

// isFrozen reports whether a list, dict or set is frozen or empty. starlark
// has no query for it, so the probe stores an element back in its place:
// that fails on a frozen value and changes nothing on a mutable one, which
// only the spawning thread can reach. A walk of an already frozen value
// would be repeated at every spawn and cost its size.
func isFrozen(c starlark.Value) bool {
	var err error
	switch c := c.(type) {
	case *starlark.List:
		if c.Len() == 0 {
			return true
		}
		err = c.SetIndex(0, c.Index(0))
	case *starlark.Dict:
		k, ok := first(c)
		if !ok {
			return true
		}
		v, _, _ := c.Get(k)
		err = c.SetKey(k, v)
	case *starlark.Set:
		k, ok := first(c)
		if !ok {
			return true
		}
		err = c.Insert(k)
	}
	return err != nil && strings.Contains(err.Error(), "frozen")
}

func setElems(s *starlark.Set) []starlark.Value {
	out := make([]starlark.Value, 0, s.Len())
	it := s.Iterate()
	defer it.Done()
	var x starlark.Value
	for it.Next(&x) {
		out = append(out, x)
	}
	return out
}

// first returns the first element of an iterable, ending the iteration.
func first(c starlark.Iterable) (starlark.Value, bool) {
	it := c.Iterate()
	defer it.Done()
	var x starlark.Value
	ok := it.Next(&x)
	return x, ok
}

// function freezes f (its defaults and free variables) and the globals its
// body can reach.
func (z *freezer) function(f *starlark.Function) {
	if z.seen[f] {
		return
	}
	z.seen[f] = true
	f.Freeze()
	globals := z.globals[f.Module()]
	if globals == nil {
		globals = f.Globals()
		z.globals[f.Module()] = globals
	}
	p := z.app.programFor(f.Position().Filename())
	if p == nil {
		// Unknown file: freeze every global of the module, the safe side.
		for _, v := range globals {
			z.value(v)
		}
		return
	}
	pos := f.Position()
	for _, name := range p.reach[posKey{pos.Line, pos.Col}] {
		if v, ok := globals[name]; ok {
			z.value(v)
		}
	}
}
