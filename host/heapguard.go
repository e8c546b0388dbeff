package host

// This file defines the heap guard: one goroutine per process that samples
// the Go heap and, when it crosses the budget, cancels the runs of the app
// most likely responsible. Starlark-go has no allocation hook, so this is a
// heuristic; docs/threading.md ("The heap guard") says what it can and
// cannot see.

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
	"weak"
)

// DefaultHeapGuardInterval is how often the heap guard samples the heap.
const DefaultHeapGuardInterval = 50 * time.Millisecond

// heapDecay is the share of an app's score kept from one sample to the next:
// growth attributed a second ago weighs about a tenth of growth now.
const heapDecay = 0.9

// heapGuard is the process's guard. Its goroutine starts with the first run
// (or StartHeapGuard) and lives as long as the process.
var heapGuard = &guard{
	interval: DefaultHeapGuardInterval,
	runs:     map[*runState]*trackedRun{},
	apps:     map[weak.Pointer[App]]*appUsage{},
}

type guard struct {
	mu       sync.Mutex
	started  bool
	budget   int64 // explicit process budget; 0: the sum of the apps' Limits.Memory
	interval time.Duration
	runs     map[*runState]*trackedRun // runs in progress
	apps     map[weak.Pointer[App]]*appUsage
	last     uint64    // the heap at the previous sample
	lastGC   time.Time // when the guard last forced a collection
	// cancelled are the runs the guard cancelled that have not ended yet:
	// while any is unwinding, the guard cancels nothing more.
	cancelled map[*runState]bool
	// Cancellations counts the runs the guard cancelled, for tests and logs.
	cancellations int
	sample        []metrics.Sample
	// leftNow is the budget minus the heap at the last sample (negative
	// past it; math.MaxInt64 while there is no budget or no sample yet),
	// for Sandbox.Alloc, which must not take mu.
	leftNow     atomic.Int64
	sampledOnce atomic.Bool
}

// left returns what the process's memory budget had left at the guard's
// last sample.
func (g *guard) left() int64 {
	if !g.sampledOnce.Load() {
		return math.MaxInt64
	}
	return g.leftNow.Load()
}

type trackedRun struct {
	rs    *runState
	tree  *Tree
	bytes int64         // the tree's bytes at the previous sample
	held  time.Duration // the run's slot time at the previous sample
	// cancelled is the first sample that saw the run cancelled.
	cancelled time.Time
}

// heapUnwindGrace is how long a cancelled run may take to end before the
// guard blames other apps for the heap.
const heapUnwindGrace = time.Second

// heapWeightCap bounds the weight of one run in the attribution of heap
// growth: the slot time it has had, up to this.
const heapWeightCap = time.Second

// appUsage is what the guard knows of one app.
type appUsage struct {
	memory int64   // the app's Limits.Memory
	score  float64 // decayed bytes of heap growth attributed to the app
}

// StartHeapGuard starts the process's heap guard (when no run has yet) and
// sets its budget and sampling interval. budget 0 means the sum of the
// Limits.Memory of the apps the process runs; interval 0 means
// DefaultHeapGuardInterval. It may be called again to change them: the
// latest call wins.
func StartHeapGuard(budget int64, interval time.Duration) {
	if interval <= 0 {
		interval = DefaultHeapGuardInterval
	}
	g := heapGuard
	g.mu.Lock()
	g.budget, g.interval = budget, interval
	g.sampledOnce.Store(false) // until the next sample measures against it
	g.startLocked()
	g.mu.Unlock()
}

// HeapGuardCancellations returns how many runs the heap guard has cancelled
// since the process started.
func HeapGuardCancellations() int {
	heapGuard.mu.Lock()
	defer heapGuard.mu.Unlock()
	return heapGuard.cancellations
}

func (g *guard) startLocked() {
	if g.started {
		return
	}
	g.started = true
	g.sample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	g.cancelled = map[*runState]bool{}
	g.last = g.heap()
	go g.loop()
}

// trackRun tells the guard that rs is in progress (and starts the guard).
func trackRun(rs *runState, tree *Tree) {
	g := heapGuard
	g.mu.Lock()
	defer g.mu.Unlock()
	g.startLocked()
	// The guard's record of the run is part of rs (one allocation less per
	// run); the guard drops it in untrackRun.
	rs.tracked = trackedRun{rs: rs, tree: tree}
	g.runs[rs] = &rs.tracked
	wp := weak.Make(rs.app)
	if g.apps[wp] == nil {
		g.apps[wp] = &appUsage{memory: rs.limits.Memory}
	}
}

// untrackRun tells the guard that rs has ended.
func untrackRun(rs *runState) {
	g := heapGuard
	g.mu.Lock()
	delete(g.runs, rs)
	delete(g.cancelled, rs)
	rs.tracked = trackedRun{} // the record holds the tree: let it go with the run
	g.mu.Unlock()
}

// heap returns the bytes of heap objects, live or not yet swept.
func (g *guard) heap() uint64 {
	metrics.Read(g.sample)
	if g.sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return g.sample[0].Value.Uint64()
}

func (g *guard) loop() {
	for {
		g.mu.Lock()
		d := g.interval
		g.mu.Unlock()
		time.Sleep(d)
		g.check()
	}
}

// check takes one sample: it attributes the heap's growth since the last
// one and, over budget, cancels the runs of the most likely app.
func (g *guard) check() {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	h := g.heap()
	growth := float64(0)
	if h > g.last {
		growth = float64(h - g.last)
	}
	g.last = h

	// Decay the scores and forget apps that are gone.
	for wp, u := range g.apps {
		if wp.Value() == nil {
			delete(g.apps, wp)
			continue
		}
		u.score *= heapDecay
	}

	// Attribute the growth: every run that executed in the interval (held
	// a run slot: a run that waits for a task, a timer or the network
	// allocates nothing) gets a share in proportion to the slot time it has
	// had in all, up to heapWeightCap: runs that both span the interval,
	// such as a short run stalled by the collector while a hog allocates,
	// are told apart by how long each has executed. The bytes of elements
	// a run emitted (the only allocation we see) are its own.
	weights := map[*App]float64{}
	total := 0.0
	for _, tr := range g.runs {
		held := tr.rs.slotTime(now)
		if held > tr.held {
			w := min(held, heapWeightCap).Seconds()
			weights[tr.rs.app] += w
			total += w
		}
		tr.held = held
		if tr.tree != nil {
			b := tr.tree.Bytes()
			if u := g.usage(tr.rs.app); u != nil {
				u.score += float64(b - tr.bytes)
			}
			tr.bytes = b
		}
	}
	if growth > 0 && total > 0 {
		for a, w := range weights {
			if u := g.usage(a); u != nil {
				u.score += growth * w / total
			}
		}
	}

	budget := g.budget
	if budget == 0 {
		for _, u := range g.apps {
			budget += u.memory
		}
	}
	g.setLeft(budget, h)
	if budget == 0 || int64(h) <= budget || len(g.cancelled) > 0 {
		return
	}
	// The sample counts garbage not yet swept: collect before blaming
	// anyone, at most once a second.
	if now.Sub(g.lastGC) > time.Second {
		g.lastGC = now
		g.mu.Unlock()
		runtime.GC()
		g.mu.Lock()
		h = g.heap()
		g.last = h
		g.setLeft(budget, h)
		if int64(h) <= budget {
			return
		}
	}
	// The app whose score is the largest share of its own memory limit,
	// among those with runs in progress. When all its runs are cancelled
	// already (superseded, say, and unwinding), nothing is: their memory is
	// about to be freed, and the runs of an app with a lower score are not
	// to blame. A run cancelled for longer than heapUnwindGrace no longer
	// counts: a run stuck in its unwinding does not stop the guard.
	var worst *App
	best := -1.0
	for _, tr := range g.runs {
		if tr.rs.cancelCause() != NotCancelled {
			if tr.cancelled.IsZero() {
				tr.cancelled = now
			}
			if now.Sub(tr.cancelled) > heapUnwindGrace {
				continue
			}
		}
		u := g.usage(tr.rs.app)
		if u == nil {
			continue
		}
		if share := u.score / float64(max(u.memory, 1)); share > best {
			worst, best = tr.rs.app, share
		}
	}
	if worst == nil {
		return
	}
	n := 0
	for rs := range g.runs {
		if rs.app == worst && rs.cancelCause() == NotCancelled {
			rs.cancel(MemoryLimit)
			g.cancelled[rs] = true
			n++
		}
	}
	if n == 0 {
		return
	}
	g.cancellations += n
	g.lastGC = time.Time{} // the next crossing collects first: these runs' values may linger
	// The app keeps its score (it decays): an app that was the hog is the
	// likeliest one still when the heap crosses again, while its new runs
	// have executed too little to weigh much, and another app's run that
	// happened to execute meanwhile would be blamed instead.
	worst.log.Warn("heap guard: memory limit exceeded; runs cancelled", "app", worst.Name, "runs", n, "heap_bytes", h, "budget_bytes", budget)
	go func() {
		// Once the runs unwind their values are garbage: give the memory
		// back. The runs end within microseconds of the cancel, but their
		// last values may be held until then.
		runtime.GC()
		debug.FreeOSMemory()
	}()
}

// setLeft records what the budget has left over heap h.
func (g *guard) setLeft(budget int64, h uint64) {
	if budget == 0 {
		g.leftNow.Store(math.MaxInt64)
	} else {
		g.leftNow.Store(budget - int64(h))
	}
	g.sampledOnce.Store(true)
}

func (g *guard) usage(a *App) *appUsage { return g.apps[weak.Make(a)] }
