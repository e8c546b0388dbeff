package starlib

// This file defines the threading builtins: spawn, wait, sleep and the task
// value, and st.rerun and st.stop, which end the run's threads.

import (
	"fmt"
	"math"
	"time"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// spawn(fn, *args, context=False, **kwargs) starts fn on a new thread of the
// run and returns a task.
func spawn(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sb, err := host.SandboxFor(t, "spawn")
	if err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("spawn: missing argument fn (the function to run)")
	}
	fn, ok := args[0].(starlark.Callable)
	if !ok {
		return nil, fmt.Errorf("spawn: for parameter fn: got %s, want a function", args[0].Type())
	}
	withContext := false
	var rest []starlark.Tuple
	for _, kv := range kwargs {
		if kv[0] == starlark.String("context") {
			b, ok := kv[1].(starlark.Bool)
			if !ok {
				return nil, fmt.Errorf("spawn: for parameter context: got %s, want bool", kv[1].Type())
			}
			withContext = bool(b)
			continue
		}
		rest = append(rest, kv)
	}
	task, err := sb.Spawn(t, fn, args[1:], rest, withContext)
	if err != nil {
		return nil, fmt.Errorf("spawn: %w", err)
	}
	return &taskValue{task: task}, nil
}

// taskValue is the Starlark value of a spawned task.
type taskValue struct{ task *host.Task }

func (v *taskValue) String() string        { return fmt.Sprintf("<task %s>", v.task.Name) }
func (v *taskValue) Type() string          { return "task" }
func (v *taskValue) Freeze()               {} // its state is synchronised
func (v *taskValue) Truth() starlark.Bool  { return true }
func (v *taskValue) Hash() (uint32, error) { return starlark.String(v.task.Name).Hash() }
func (v *taskValue) AttrNames() []string {
	return []string{"done", "exception", "name", "result"}
}

func (v *taskValue) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(v.task.Name), nil
	case "done":
		return starlark.NewBuiltin("task.done", taskDone).BindReceiver(v), nil
	case "result":
		return starlark.NewBuiltin("task.result", taskResult).BindReceiver(v), nil
	case "exception":
		return starlark.NewBuiltin("task.exception", taskException).BindReceiver(v), nil
	}
	return nil, nil
}

func taskDone(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.Bool(b.Receiver().(*taskValue).task.Done()), nil
}

// timeoutArg converts a timeout in seconds (None: forever) to a duration,
// negative meaning forever.
func timeoutArg(name string, v starlark.Value) (time.Duration, error) {
	if v == nil || v == starlark.None {
		return -1, nil
	}
	f, ok := starlark.AsFloat(v)
	if !ok || math.IsNaN(f) || f < 0 {
		return 0, fmt.Errorf("%s: for parameter timeout: got %s, want seconds (a non-negative number) or None", name, v)
	}
	return time.Duration(f * float64(time.Second)), nil
}

func taskResult(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var timeout starlark.Value = starlark.None
	if err := host.UnpackArgs(b.Name(), args, kwargs, "timeout?", &timeout); err != nil {
		return nil, err
	}
	d, err := timeoutArg(b.Name(), timeout)
	if err != nil {
		return nil, err
	}
	if _, err := host.SandboxFor(t, b.Name()); err != nil {
		return nil, err
	}
	v, err := b.Receiver().(*taskValue).task.Wait(t, d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.Name(), err)
	}
	return v, nil
}

// taskException waits for the task and returns its error message, or None
// when it succeeded; unlike result() it does not raise.
func taskException(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var timeout starlark.Value = starlark.None
	if err := host.UnpackArgs(b.Name(), args, kwargs, "timeout?", &timeout); err != nil {
		return nil, err
	}
	d, err := timeoutArg(b.Name(), timeout)
	if err != nil {
		return nil, err
	}
	if _, err := host.SandboxFor(t, b.Name()); err != nil {
		return nil, err
	}
	msg, err := b.Receiver().(*taskValue).task.Exception(t, d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.Name(), err)
	}
	if msg == "" {
		return starlark.None, nil
	}
	return starlark.String(msg), nil
}

// wait(tasks, timeout=None) waits for every task and returns their results
// in order; the first failure is raised.
func wait(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tasks starlark.Iterable
	var timeout starlark.Value = starlark.None
	if err := host.UnpackArgs("wait", args, kwargs, "tasks", &tasks, "timeout?", &timeout); err != nil {
		return nil, err
	}
	d, err := timeoutArg("wait", timeout)
	if err != nil {
		return nil, err
	}
	sb, err := host.SandboxFor(t, "wait")
	if err != nil {
		return nil, err
	}
	var deadline time.Time
	if d >= 0 {
		deadline = time.Now().Add(d)
	}
	var out []starlark.Value
	it := tasks.Iterate()
	defer it.Done()
	var x starlark.Value
	for it.Next(&x) {
		tv, ok := x.(*taskValue)
		if !ok {
			return nil, fmt.Errorf("wait: got %s in tasks, want task", x.Type())
		}
		left := time.Duration(-1)
		if !deadline.IsZero() {
			left = max(time.Until(deadline), 0)
		}
		v, err := tv.task.Wait(t, left)
		if err != nil {
			if !tv.task.Done() && sb.Err() == nil {
				// Name the timeout the page gave, not what was left of it.
				return nil, fmt.Errorf("wait: %s did not finish within %s", tv.task.Name, d)
			}
			return nil, fmt.Errorf("wait: %w", err)
		}
		out = append(out, v)
	}
	return starlark.NewList(out), nil
}

// sleep(seconds) pauses the thread; cancellation of the run wakes it.
func sleep(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var secs starlark.Value
	if err := starlark.UnpackPositionalArgs("sleep", args, kwargs, 1, &secs); err != nil {
		return nil, err
	}
	f, ok := starlark.AsFloat(secs)
	if !ok || math.IsNaN(f) || f < 0 {
		return nil, fmt.Errorf("sleep: got %s, want seconds (a non-negative number)", secs)
	}
	sb, err := host.SandboxFor(t, "sleep")
	if err != nil {
		return nil, err
	}
	if err := sb.Sleep(time.Duration(f * float64(time.Second))); err != nil {
		return nil, fmt.Errorf("sleep: %w", err)
	}
	return starlark.None, nil
}

func rerun(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	scope := "app"
	if err := host.UnpackArgs(c.name, args, kwargs, "scope?", &scope); err != nil {
		return nil, err
	}
	switch scope {
	case "app":
		return nil, c.ctx.Rerun()
	case "fragment":
		if c.ctx.CurrentFragment() == "" {
			return nil, c.errorf("scope=\"fragment\" is for code inside a fragment; call it in the fragment's function, or use st.rerun() for the whole page")
		}
		return nil, c.ctx.RerunFragment()
	}
	return nil, c.errorf("for parameter scope: got %q, want \"app\" or \"fragment\"", scope)
}

func stop(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := host.UnpackArgs(c.name, args, kwargs); err != nil {
		return nil, err
	}
	return nil, c.ctx.Stop()
}
