package host

// This file defines load(): modules resolved inside the app root, checked for
// cycles, executed once per content version and handed out frozen.

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"go.starlark.net/starlark"
)

// A module is the executed globals of one version of a file: its own content
// and the versions of everything it loads.
type module struct {
	key     [32]byte
	done    chan struct{}
	globals starlark.StringDict
	err     error
	// cancelled is set when err is the cancellation of the run that
	// executed the module, which other runs waiting for it do not share.
	cancelled bool
}

type moduleCache struct {
	mu sync.Mutex
	m  map[string]*module // by relative path: the latest version
}

// load is the Thread.Load of every thread stark makes.
func (a *App) load(t *starlark.Thread, name string) (starlark.StringDict, error) {
	from := t.CallFrame(0).Pos.Filename()
	abs, rel, err := a.resolve(from, name, "load")
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(rel, ".star") {
		return nil, fmt.Errorf("load %q: modules are .star files", name)
	}
	key, err := a.moduleKey(rel, abs, nil)
	if err != nil {
		return nil, err
	}
	sb := SandboxOf(t)
	if sb == nil {
		return nil, fmt.Errorf("load %q: thread %q is not a thread of a run", name, t.Name)
	}

	for {
		a.modules.mu.Lock()
		if a.modules.m == nil {
			a.modules.m = make(map[string]*module)
		}
		m := a.modules.m[rel]
		if m == nil || m.key != key {
			m = &module{key: key, done: make(chan struct{})}
			a.modules.m[rel] = m
			a.modules.mu.Unlock()
			a.execModule(sb, m, rel)
		} else {
			a.modules.mu.Unlock()
			resume := sb.Idle()
			select {
			case <-m.done:
			case <-sb.run.done:
			}
			resume()
			if err := sb.Err(); err != nil {
				return nil, err
			}
			if m.cancelled {
				// The run executing the module was cancelled: its error
				// is not this run's. Execute the module here.
				continue
			}
		}
		if m.err != nil {
			return nil, m.err
		}
		return m.globals, nil
	}
}

// moduleSettled reports whether rel is a module whose top level has run to
// its end: its globals are bound for good.
func (a *App) moduleSettled(rel string) bool {
	a.modules.mu.Lock()
	m := a.modules.m[rel]
	a.modules.mu.Unlock()
	if m == nil {
		return false
	}
	select {
	case <-m.done:
		return m.err == nil
	default:
		return false
	}
}

// execModule runs the module's top level on a thread of the run of sb, on
// the loading thread's goroutine, without a ScriptRunContext (a module is
// shared by every session, so its top level cannot write to a page),
// freezes its globals and publishes them. A failed execution is not kept:
// the next load tries again.
func (a *App) execModule(sb *Sandbox, m *module, rel string) {
	defer close(m.done)
	rs := sb.run
	p, err := a.Program(rel)
	if err != nil {
		m.err = err
	} else {
		th := rs.newThread("load "+rel, nil, sb.slot)
		m.globals, m.err = p.prog.Init(th, a.opts.Predeclared)
		if m.err != nil {
			m.cancelled = rs.cancelCause() != NotCancelled
			m.err = fmt.Errorf("%s", a.threadError(rs, m.err).Error())
		}
	}
	if m.err != nil {
		a.modules.mu.Lock()
		if a.modules.m[rel] == m {
			delete(a.modules.m, rel)
		}
		a.modules.mu.Unlock()
		return
	}
	m.globals.Freeze()
}

// moduleKey compiles rel and everything it loads, refusing cycles, and
// returns the hash of the whole version: its content and its modules' keys.
func (a *App) moduleKey(rel, abs string, chain []string) ([32]byte, error) {
	for i, c := range chain {
		if c == rel {
			cycle := append(append([]string{}, chain[i:]...), rel)
			return [32]byte{}, fmt.Errorf("load cycle: %s", strings.Join(cycle, " -> "))
		}
	}
	p, err := a.Program(rel)
	if err != nil {
		return [32]byte{}, err
	}
	h := sha256.New()
	h.Write(p.Hash[:])
	chain = append(chain, rel)
	for _, l := range p.loads {
		dabs, drel, err := a.resolve(abs, l.module, "load")
		if err != nil {
			return [32]byte{}, fmt.Errorf("%s:%d:%d: %v", rel, l.pos.Line, l.pos.Col, err)
		}
		k, err := a.moduleKey(drel, dabs, chain)
		if err != nil {
			return [32]byte{}, err
		}
		h.Write(k[:])
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out, nil
}

// relPath returns abs relative to the root, slash-separated.
func (a *App) relPath(abs string) string {
	r, err := filepath.Rel(a.Root, abs)
	if err != nil {
		return abs
	}
	return filepath.ToSlash(r)
}
