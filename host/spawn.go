package host

// This file defines spawn: running a function on a new thread of the run,
// with everything that crosses threads frozen first.

import (
	"fmt"
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
	select {
	case <-t.done:
	case <-expire:
		return nil, fmt.Errorf("%s did not finish within %s", t.Name, timeout)
	case <-sb.run.done:
		// The task may have finished just as the run was cancelled.
		if !t.Done() {
			return nil, sb.Err()
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

	freezeReachable(sb.App, fn)
	args.Freeze()
	for _, kv := range kwargs {
		kv.Freeze()
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

// freezeReachable freezes fn and, for a Starlark function, the values of the
// globals its body can reach, transitively through the global functions of
// the same module it names. The set of names comes from the compiled file;
// globals a worker never names stay mutable.
func freezeReachable(a *App, fn starlark.Value) {
	fn.Freeze()
	f, ok := fn.(*starlark.Function)
	if !ok {
		return
	}
	globals := f.Globals()
	seen := map[*starlark.Function]bool{}
	var visit func(f *starlark.Function)
	visit = func(f *starlark.Function) {
		if seen[f] {
			return
		}
		seen[f] = true
		f.Freeze()
		p := a.programFor(f.Position().Filename())
		if p == nil {
			// Unknown file: freeze every global of the module, the safe side.
			for _, v := range globals {
				v.Freeze()
			}
			return
		}
		pos := f.Position()
		for _, name := range p.reach[posKey{pos.Line, pos.Col}] {
			v, ok := globals[name]
			if !ok {
				continue
			}
			if g, ok := v.(*starlark.Function); ok && g.Module() == f.Module() {
				visit(g)
				continue
			}
			v.Freeze()
		}
	}
	visit(f)
}
