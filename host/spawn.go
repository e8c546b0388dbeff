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
	rs       *runState
	thread   *starlark.Thread
	start    chan struct{} // closed when the task has a place in the app's pool
	done     chan struct{}
	value    starlark.Value
	err      *Error
	observed atomic.Bool // someone has read the result

	// place and lender are guarded by the app's threadPool.mu.
	place  place
	lender *Task // for a lent place: the task waiting for this one
}

// taskKey is the thread-local key of a spawned thread's task.
const taskKey = "stark.task"

// Done reports whether the task has finished.
func (t *Task) Done() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// Wait returns the task's result to thread th, waiting at most timeout
// (forever when timeout < 0) and waking when th's run is cancelled.
//
// A wait that would never end is refused at once: for a task of another
// run, or one that waits, directly or through others, for th. While th
// waits it gives up its run slot and, when the task is still queued for a
// place in the app's pool, lends it th's place.
func (t *Task) Wait(th *starlark.Thread, timeout time.Duration) (starlark.Value, error) {
	sb := SandboxOf(th)
	if t.rs != sb.run {
		return nil, fmt.Errorf("%s belongs to run %d, which is not this thread's; a task is waited for in the run that spawned it", t.Name, t.rs.id)
	}
	var expire <-chan time.Time
	if timeout >= 0 {
		tm := time.NewTimer(timeout)
		defer tm.Stop()
		expire = tm.C
	}
	// A finished task returns its result whatever the timeout: select
	// would choose at random between it and an expired timer.
	if !t.Done() {
		end, err := beginWait(th, t.thread)
		if err != nil {
			return nil, err
		}
		self, _ := th.Local(taskKey).(*Task)
		t.rs.app.pool.lend(self, t)
		resume := sb.Idle()
		select {
		case <-t.done:
		case <-expire:
		case <-sb.run.done:
		}
		resume()
		end()
		// The task may have finished just as the timer expired or the run
		// was cancelled.
		if !t.Done() {
			if err := sb.Err(); err != nil {
				return nil, err
			}
			return nil, fmt.Errorf("%s did not finish within %s", t.Name, timeout)
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
func (t *Task) Exception(th *starlark.Thread, timeout time.Duration) (string, error) {
	_, err := t.Wait(th, timeout)
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
// frozen, so neither thread can mutate what the other sees; and fn may not
// reach a global of a running module that could be bound again (see
// [freezer]). The new thread inherits the sandbox; it gets the
// ScriptRunContext only when withContext.
//
// Spawn fails when the run has spawned its Threads; it does not block. The
// new thread executes once it has a place in the app's pool of AppThreads
// (the app's shared executor, see [threadPool]) and a run slot of the app
// (see [Limits] Runs).
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
	z := newFreezer(sb.App, parent, "a worker")
	z.value(fn)
	z.value(args)
	for _, kv := range kwargs {
		z.value(kv)
	}
	if z.err != nil {
		return nil, z.err
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

	task := &Task{Name: fmt.Sprintf("spawn-%d", n), rs: rs, start: make(chan struct{}), done: make(chan struct{})}
	sl := rs.newSlot()
	th := rs.newThread(task.Name, ctx, sl)
	task.thread = th
	th.SetLocal(taskKey, task)
	th.SetLocal(globalsKey, z.globals)
	if ctx != nil {
		th.SetLocal(cursorKey, ctx.Cursor(parent))
	}
	rs.mu.Lock()
	rs.tasks = append(rs.tasks, task)
	rs.mu.Unlock()
	pool := sb.App.pool
	pool.enter(task)
	rs.wg.Add(1)
	go func() {
		defer rs.wg.Done()
		defer close(task.done)
		// Wait for a place in the app's pool, then for a run slot. A task
		// cancelled in either queue never executes.
		select {
		case <-task.start:
		case <-rs.done:
		}
		if !pool.started(task) {
			task.err = sb.App.threadError(rs, sb.Err())
			return
		}
		defer pool.leave(task)
		defer rs.endThread(th)
		if !sl.take() {
			task.err = sb.App.threadError(rs, sb.Err())
			return
		}
		defer sl.give()
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
		if err := SandboxOf(th).Share(th, v, "the thread that reads "+task.Name+"'s result"); err != nil {
			task.err = sb.App.threadError(rs, err)
			return
		}
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
//
// Freezing a value does not stop the page from binding its global to
// another: a worker reading a global that the script thread binds again
// would race with it. So a worker may reach only the globals of a module
// still running that are bound once, outside loops, and already bound.
type freezer struct {
	app    *App
	parent *starlark.Thread
	to     string // who gets the values, for errors: "a worker", "every session"
	// shallow: functions' defaults and free variables are walked, the
	// globals they reach are not (see [Keep]).
	shallow bool
	seen    map[any]bool // functions and containers already walked
	// globals are the snapshots of module globals read so far, starting
	// with those the parent thread inherited; the new thread inherits them
	// all. A snapshot is never modified once a thread has it.
	globals map[*starlark.Module]starlark.StringDict
	err     error // the first global a worker may not reach
}

// globalsKey is the thread-local key of the snapshots of module globals a
// spawned thread inherits.
const globalsKey = "stark.globals"

func newFreezer(a *App, parent *starlark.Thread, to string) *freezer {
	z := &freezer{app: a, parent: parent, to: to, seen: make(map[any]bool), globals: make(map[*starlark.Module]starlark.StringDict)}
	if inherited, ok := parent.Local(globalsKey).(map[*starlark.Module]starlark.StringDict); ok {
		for m, g := range inherited {
			z.globals[m] = g
		}
	}
	return z
}

// unwrapper is implemented by callables that call another, such as the
// wrappers of cache_data: what the wrapped function reaches is frozen too.
type unwrapper interface{ Unwrap() starlark.Value }

// A RunBound value is bound to the ScriptRunContext of the thread that made
// it, and its operations that carry no thread (index, attribute, in, len,
// str) act through that context: st.session_state and st.query_params. So
// that they always act for the calling thread, such values never cross to
// another thread: spawn, task results, caches and session state refuse
// them ([Sandbox.Share]). RunBound returns what the value is, for errors.
type RunBound interface {
	starlark.Value
	RunBound() string
}

// Share freezes v, which thread t hands to other threads (to says whom, for
// errors: "every session" for a cached value), as spawn freezes what it
// passes to a worker: the functions v holds, and the globals they reach,
// are frozen too. It fails when v holds a [RunBound] value, or a function
// that reaches a global another thread may be binding.
func (sb *Sandbox) Share(t *starlark.Thread, v starlark.Value, to string) error {
	z := newFreezer(sb.App, t, to)
	z.value(v)
	return z.err
}

// Keep freezes v, which the session keeps across runs (to says where, for
// errors), and fails when it holds a [RunBound] value. Unlike [Sandbox.Share]
// it does not freeze the globals of the functions v holds: only the runs of
// the same session, one at a time, see what the session keeps.
func Keep(v starlark.Value, to string) error {
	z := &freezer{to: to, shallow: true, seen: make(map[any]bool)}
	z.value(v)
	return z.err
}

// value freezes v and walks it for functions. A container that is already
// frozen is not walked again: freezing is what the walk is for, and a
// frozen container was walked when it was frozen by a spawn, or holds no
// function of a page (module globals and cached values are frozen whole).
func (z *freezer) value(v starlark.Value) {
	switch x := v.(type) {
	case RunBound:
		what := x.RunBound()
		z.fail(fmt.Errorf("%s cannot be handed to %s: it acts for the ScriptRunContext of the thread that read it; read %s where it is used (a worker needs context=True)", what, z.to, what))
		return
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
	// Defaults and free variables may hold functions and run-bound values.
	for i := 0; i < f.NumParams(); i++ {
		if d := f.ParamDefault(i); d != nil {
			z.value(d)
		}
	}
	for i := 0; i < f.NumFreeVars(); i++ {
		if _, v := f.FreeVar(i); v != nil {
			z.value(v)
		}
	}
	if z.shallow {
		return
	}
	pos := f.Position()
	rel := relFile(z.app.Root, pos.Filename())
	p := z.app.programFor(pos.Filename())
	if p != nil && p.prog != f.Module().Program() {
		p = nil // f is of another version of the file: p's analysis is not f's
	}
	running := p == nil || !z.app.moduleSettled(p.Path)
	globals, ok := z.globals[f.Module()]
	if !ok {
		if running && !z.writesGlobals(rel) {
			// Another thread may be binding this module's globals: reading
			// them here would race.
			z.fail(fmt.Errorf("%s (%s) cannot be handed to %s from thread %q: its module is still running; hand it over from the script thread, or pass it to the worker that does", f.Name(), posFrame(z.app.Root, pos, ""), z.to, z.parent.Name))
			return
		}
		globals = f.Globals()
		z.globals[f.Module()] = globals
	}
	if p == nil {
		// Unknown version: freeze every global of the module, the safe side.
		for _, v := range globals {
			z.value(v)
		}
		return
	}
	for _, name := range p.reach[posKey{pos.Line, pos.Col}] {
		v, bound := globals[name]
		if running {
			if b := p.binds[name]; b != nil && !b.settled() {
				how := "more than once"
				if len(b.at) == 1 {
					how = "in a loop"
				}
				z.fail(fmt.Errorf("%s reaches the global %s, which %s binds %s (%s): %s would race with the next binding; bind it once, or pass its value as an argument", f.Name(), name, p.Path, how, z.sites(b), z.to))
				return
			} else if !bound && b != nil {
				z.fail(fmt.Errorf("%s reaches the global %s before %s binds it (%s): bind it before the spawn, or pass its value as an argument", f.Name(), name, p.Path, z.sites(b)))
				return
			}
		}
		if bound {
			z.value(v)
		}
	}
}

// writesGlobals reports whether the parent thread is the one that binds the
// globals of the module of the file rel, or runs in the same goroutine as
// it: the script thread for the page, a module's load thread for the module.
func (z *freezer) writesGlobals(rel string) bool {
	if ctx := ContextOf(z.parent); ctx != nil && ctx.IsScript(z.parent) {
		return true
	}
	return z.parent.Name == "load "+rel
}

func (z *freezer) sites(b *bindSites) string {
	out := make([]string, len(b.at))
	for i, pos := range b.at {
		out[i] = posFrame(z.app.Root, pos, "").String()
	}
	return strings.Join(out, ", ")
}

func (z *freezer) fail(err error) {
	if z.err == nil {
		z.err = err
	}
}
