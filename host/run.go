package host

// This file defines a run: one execution of a page on a fresh thread with
// its sandbox and ScriptRunContext, ending when every thread it spawned has.

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"go.starlark.net/starlark"
)

// RunOptions say what to run and where its output goes.
type RunOptions struct {
	// Page is the page's file relative to the app root.
	Page string
	// Source, when set, is run as the content of Page instead of the file.
	Source []byte
	// State is the session's state; nil means a fresh one.
	State *State
	Query map[string][]string
	// Visitor is whom the run is shown to (st.context, st.user); nil is
	// an unknown visitor, as in a test or a headless render.
	Visitor *Visitor
	// Fragment, when set, runs only this fragment of the page (recorded by
	// an earlier run of the same session) into its container.
	Fragment *Fragment
	// NavPage is the page of the navigation the session's last run
	// declared (st.navigation) that the session asks for; "" for its default.
	NavPage string
	// OnChange, when set, is called for every element appended, in order,
	// while the run goes. It must not block: it is called with the tree locked.
	OnChange func(Change)
	// OnEnd, when set, is called once the run has ended (its Wait returns),
	// on the goroutine that ran it: what follows a run (its end sent, the
	// session's next run started) needs no goroutine of its own, and uses
	// the stack the run grew.
	OnEnd func(*Run)
}

// Status is how a run ended.
type Status int

const (
	Completed           Status = iota // the script returned and every thread finished
	Failed                            // an error ended it; Result.Err says which
	StoppedByPage                     // st.stop()
	RerunRequested                    // st.rerun(): the session should run again
	Cancelled                         // superseded or shut down; its output is moot
	SwitchPageRequested               // st.switch_page(): the session should show Result.SwitchTo
)

var statusNames = [...]string{"completed", "failed", "stopped", "rerun", "cancelled", "switch_page"}

func (s Status) String() string { return statusNames[s] }

// Result is what a run produced.
type Result struct {
	RunID   uint64
	Page    string
	Status  Status
	Cause   Cause  // why it was cancelled, if it was
	Err     *Error // for Failed
	Tree    *Tree
	Widgets map[string]*Widget
	Steps   uint64 // executed by all the run's threads
	// Duration is from the run's first run slot (when its wall time
	// starts) to the end of its last thread; Queued is how long it waited
	// for that slot before.
	Duration time.Duration
	Queued   time.Duration
	// Fragments are the fragments the run rendered (a full run: all of the
	// page's; a fragment run: its own), by id.
	Fragments map[string]*Fragment
	// Fragment is the id of the fragment a fragment run ran, or "".
	Fragment string
	// RerunFragment is the fragment st.rerun(scope="fragment") asked for.
	RerunFragment string
	// Query is the page's query after its writes to st.query_params, for
	// the session to show in the URL; nil when the page left it unchanged.
	Query map[string][]string
	// SwitchTo is, for SwitchPageRequested, the page file (relative to the
	// app root) that the session should show next.
	SwitchTo string
	// SwitchNav is, for SwitchPageRequested, the URL name of a page of the
	// run's declared navigation (SwitchTo is then "").
	SwitchNav string
	// Navigation is what st.navigation declared, or nil.
	Navigation *Navigation
}

// A Run is a run in progress.
type Run struct {
	ID     uint64
	rs     *runState
	done   chan struct{}
	result *Result
}

// Cancel ends the run early with cause c; Wait still returns its result.
func (r *Run) Cancel(c Cause) { r.rs.cancel(c) }

// Done is closed when the run has ended.
func (r *Run) Done() <-chan struct{} { return r.done }

// Wait waits for the run to end and returns its result.
func (r *Run) Wait() *Result {
	<-r.done
	return r.result
}

// Run runs a page on the calling goroutine and returns its result. Like
// [App.Start], it waits for a run slot first.
func (a *App) Run(opts RunOptions) *Result {
	r, ctx := a.newRun(&opts)
	r.result = a.execute(r.rs, ctx, opts, time.Now(), takeSlot)
	close(r.done)
	return r.result
}

// Start starts a run of a page and returns at once. The run executes when
// it gets a run slot of the app ([Limits] Runs), after the runs that queued
// before it; cancelled while it waits, it leaves the queue and ends
// Cancelled without executing anything. A run that waits holds no
// goroutine: it starts on one of the app's goroutines when the queue gives
// it a slot (or when it is cancelled), on one that an earlier run's stack
// grew when such a goroutine waits ([runQueue.goLocked]).
func (a *App) Start(opts RunOptions) *Run {
	r, ctx := a.newRun(&opts)
	queued := time.Now()
	run := func(slot slotGrant) {
		func() {
			defer close(r.done)
			r.result = a.execute(r.rs, ctx, opts, queued, slot)
		}()
		if opts.OnEnd != nil {
			opts.OnEnd(r)
		}
	}
	a.runs.takeOrQueue(r.rs, func(granted bool) {
		if granted {
			run(slotGranted)
		} else {
			run(slotRefused)
		}
	})
	return r
}

// slotGrant is how a run's script thread gets its first run slot.
type slotGrant int

const (
	takeSlot    slotGrant = iota // it waits for one in the queue (App.Run)
	slotGranted                  // the queue gave it one (App.Start)
	slotRefused                  // cancelled, or the app closed, in the queue
)

// newRun makes the run that opts ask for and its ScriptRunContext.
func (a *App) newRun(opts *RunOptions) (*Run, *ScriptRunContext) {
	if opts.State == nil {
		opts.State = NewState()
	}
	id := a.runIDs.Add(1)
	rs := newRunState(a, id)
	ctx := &ScriptRunContext{
		RunID:   id,
		Page:    opts.Page,
		State:   opts.State,
		Tree:    a.treeFor(opts),
		Query:   opts.Query,
		Visitor: opts.Visitor,
		navPage: opts.NavPage,
		run:     rs,
		widgets: make(map[string]*Widget),
	}
	return &Run{ID: id, rs: rs, done: make(chan struct{})}, ctx
}

func (a *App) execute(rs *runState, ctx *ScriptRunContext, opts RunOptions, queued time.Time, slot slotGrant) *Result {
	res := &Result{RunID: rs.id, Page: opts.Page, Tree: ctx.Tree}
	if opts.Fragment != nil {
		res.Fragment = opts.Fragment.ID
	}
	sl := rs.newSlot()
	var held bool
	switch slot {
	case takeSlot:
		held = sl.take()
	case slotGranted:
		held = sl.granted()
	default:
		held = sl.refused()
	}
	if !held {
		// Cancelled (or shut down) in the queue: nothing ran, nothing of
		// the session's state was taken.
		rs.over.Store(true)
		res.Status, res.Cause = Cancelled, rs.cancelCause()
		res.Queued = time.Since(queued)
		return res
	}
	defer sl.give() // when the script ends early; a no-op after the give below
	start := time.Now()
	res.Queued = start.Sub(queued)
	rs.begin(start)
	trackRun(rs, ctx.Tree)
	// widgets is the copy of the run's widgets the session's state keeps
	// and the result reports (one copy per run, not two); made at the end,
	// or by the deferred function when the run ends before.
	var widgets map[string]*Widget
	defer func() {
		untrackRun(rs)
		rs.timer.Stop()
		rs.over.Store(true)
		if widgets == nil {
			widgets = ctx.Widgets()
		}
		res.Widgets = widgets
		res.Fragments = ctx.Fragments()
		res.Query = ctx.changedQuery()
		res.Navigation = ctx.Navigation()
		ctx.mu.Lock()
		res.RerunFragment = ctx.rerunFragment
		ctx.mu.Unlock()
		res.Steps = rs.stepsTaken()
		res.Duration = time.Since(start)
	}()

	var prog *Program
	var err error
	switch {
	case opts.Fragment != nil:
		// A fragment run calls a function of an earlier run: nothing to compile.
	case opts.Source != nil:
		prog, err = a.Compile(opts.Page, opts.Source)
	default:
		prog, err = a.Program(opts.Page)
	}
	if err != nil {
		res.Status, res.Err = Failed, compileError(a.Root, err)
		return res
	}

	th := rs.newThread("script", ctx, sl)
	ctx.script = th
	var callbacks []*Callback
	ctx.clicks, callbacks = opts.State.begin(ctx)

	err = a.guard(th, func() (err error) {
		for _, cb := range callbacks {
			if _, err = starlark.Call(th, cb.Fn, cb.Args, cb.Kwargs); err != nil {
				return err
			}
		}
		if f := opts.Fragment; f != nil {
			if _, err = ctx.RenderFragment(th, f, ctx.Tree.roots[0]); err != nil {
				return err
			}
			return ctx.checkForms()
		}
		globals := a.opts.Predeclared
		if a.opts.PageGlobals != nil {
			globals = a.opts.PageGlobals(ctx)
		}
		if _, err = prog.prog.Init(th, globals); err != nil {
			return err
		}
		return ctx.checkForms()
	})
	rs.endThread(th)
	if err != nil {
		// Stop the workers of a failed script; a cancelled run's workers
		// are already stopped.
		rs.cancel(ScriptFailed)
	}
	// The workers may need the slot to end.
	sl.give()
	rs.wg.Wait()

	cause := rs.cancelCause()
	switch {
	case cause == Stopped:
		res.Status = StoppedByPage
	case cause == Rerun:
		res.Status = RerunRequested
	case cause == SwitchPage:
		res.Status = SwitchPageRequested
		res.SwitchTo, res.SwitchNav = ctx.switchTarget()
	case cause == Superseded || cause == Shutdown || cause == Disconnected:
		res.Status, res.Cause = Cancelled, cause
	case err != nil:
		res.Status, res.Err, res.Cause = Failed, a.threadError(rs, err), cause
	case cause.IsLimit():
		// A limit reached by a worker whose result nobody read.
		res.Status, res.Err, res.Cause = Failed, &Error{Kind: "limit", Message: cause.message(rs.limits)}, cause
	default:
		if t := rs.unobservedFailure(); t != nil {
			res.Status, res.Err = Failed, t.err
			res.Err.Message = t.Name + " failed: " + res.Err.Message
		} else {
			res.Status = Completed
		}
	}
	res.Err = a.redactError(res.Err)
	if res.Status == Cancelled {
		opts.State.restoreClicks(ctx.unseenClicks())
		opts.State.restoreOnce(ctx.unseenOnce())
	}
	// A fragment run only adds its widgets: the rest of the page's stay.
	completed := res.Status == Completed || res.Status == StoppedByPage
	widgets = ctx.takeWidgets() // the script thread has ended (rs.endThread above)
	opts.State.finish(ctx, widgets, opts.Fragment == nil && completed)
	if completed {
		opts.State.resetWidgets(ctx.takeResets())
		if opts.Fragment == nil {
			opts.State.mainLen.Store(int32(len(ctx.Tree.roots[0].kids)))
		}
	}
	return res
}

// treeFor makes the tree of a run: rooted at main and sidebar for a page, at
// the fragment's container for a fragment run.
func (a *App) treeFor(opts *RunOptions) *Tree {
	var t *Tree
	if f := opts.Fragment; f != nil {
		t = newTreeAt(a.limits.Elements, opts.OnChange, []string{f.Path}, 0)
	} else {
		t = newTree(a.limits.Elements, opts.OnChange, int(opts.State.mainLen.Load()))
	}
	t.byteLimit = a.limits.ElementBytes
	return t
}

// unobservedFailure returns the first task that failed and whose result no
// thread read: its error is the run's, rather than lost.
func (rs *runState) unobservedFailure() *Task {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, t := range rs.tasks {
		if t.err != nil && !t.observed.Load() {
			return t
		}
	}
	return nil
}

// threadError converts the error that ended a thread of rs. When a limit
// cancelled the run, the message names the limit; the frames say where the
// thread was.
func (a *App) threadError(rs *runState, err error) *Error {
	e := runtimeError(a.Root, err)
	if cause := rs.cancelCause(); cause.IsLimit() {
		e.Kind = "limit"
		e.Message = cause.message(rs.limits)
	}
	var ce *cancelError
	if errors.As(err, &ce) && ce.cause.IsLimit() {
		e.Kind = "limit"
		e.Message = ce.msg
	}
	return e
}

// guard calls f, turning a panic (a bug in a builtin) into the error of the
// thread th, so that one page's failure never takes the process down.
func (a *App) guard(th *starlark.Thread, f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = a.panicError(th, p)
		}
	}()
	return f()
}

// panicError logs a panic recovered on thread th, with its Go stack, and
// returns the error the page author sees.
func (a *App) panicError(th *starlark.Thread, p any) *Error {
	a.log.Error("panic in a run", "app", a.Name, "thread", th.Name, "panic", p, "stack", string(debug.Stack()))
	return &Error{Kind: "runtime", Message: fmt.Sprintf("internal error in stark: %v (a bug in stark, not in the page; the server log has the details)", p)}
}
