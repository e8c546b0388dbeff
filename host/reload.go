package host

// This file defines Reload: what the app does when its files change on disk.

import (
	"errors"
	"io/fs"
	"path/filepath"
	"sort"

	"go.starlark.net/syntax"
)

// A Reload says what a change of files means for the app's pages.
type Reload struct {
	Files []string // the files that changed, relative to the root
	// Affected lists the pages (files) that are or load a changed file,
	// directly or through other modules.
	Affected []string
	// Errors holds, for affected pages that no longer compile (the page or a
	// module it loads), the first error.
	Errors map[string]*Error
	// Pages is the app's page list after the change.
	Pages []Page
}

// Reload drops what the app holds for files (relative paths) that changed
// on disk, recompiles each changed file once, and reports the affected
// pages. Compiled programs of unchanged files and modules whose whole load
// tree is unchanged are kept.
func (a *App) Reload(files []string) *Reload {
	r := &Reload{Files: files, Errors: map[string]*Error{}}
	changed := map[string]bool{}
	for _, f := range files {
		changed[f] = true
		a.stats.Delete(f)
		if _, err := a.stat(filepath.Join(a.Root, filepath.FromSlash(f))); errors.Is(err, fs.ErrNotExist) {
			a.forgetFile(f)
		}
	}
	r.Pages, _ = a.Pages()
	for _, p := range r.Pages {
		deps, err := a.closure(p.File)
		hit := false
		for d := range deps {
			if changed[d] {
				hit = true
				break
			}
		}
		if !hit {
			continue
		}
		r.Affected = append(r.Affected, p.File)
		if err != nil {
			r.Errors[p.File] = err
		}
	}
	sort.Strings(r.Affected)
	return r
}

// forgetFile drops the program and module of a removed file.
func (a *App) forgetFile(rel string) {
	a.programs.mu.Lock()
	if p := a.programs.entries[rel]; p != nil {
		delete(a.programs.entries, rel)
	}
	a.programs.mu.Unlock()
	a.byFile.Delete(filepath.Join(a.Root, filepath.FromSlash(rel)))
	a.modules.mu.Lock()
	delete(a.modules.m, rel)
	a.modules.mu.Unlock()
}

// closure compiles the page rel and every module it loads and returns the
// set of files it depends on (itself included), with the first error met.
// Files that fail still count as dependencies.
func (a *App) closure(rel string) (map[string]bool, *Error) {
	deps := map[string]bool{}
	var first *Error
	var visit func(abs, rel string)
	visit = func(abs, rel string) {
		if deps[rel] {
			return
		}
		deps[rel] = true
		p, err := a.Program(rel)
		if err != nil {
			if first == nil {
				first = compileError(a.Root, err)
			}
			return
		}
		for _, l := range p.loads {
			dabs, drel, err := a.resolve(abs, l.module, "load")
			if err != nil {
				if first == nil {
					first = &Error{Kind: "compile", Message: err.Error(), Frames: []Frame{posFrame(a.Root, l.pos, "")}}
				}
				continue
			}
			visit(dabs, drel)
		}
	}
	visit(filepath.Join(a.Root, filepath.FromSlash(rel)), rel)
	if first == nil {
		// Cycles are found by moduleKey, not by the walk above.
		for _, l := range a.loadsOf(rel) {
			if _, err := a.moduleKey(l.rel, l.abs, []string{rel}); err != nil {
				var he *Error
				if errors.As(err, &he) {
					first = he
				} else {
					first = &Error{Kind: "compile", Message: err.Error(), Frames: []Frame{posFrame(a.Root, l.pos, "")}}
				}
				break
			}
		}
	}
	return deps, first
}

// depLoad is a load of a compiled file, resolved.
type depLoad struct {
	abs, rel string
	pos      syntax.Position
}

// loadsOf returns the resolvable loads of the compiled file rel.
func (a *App) loadsOf(rel string) []depLoad {
	p, err := a.Program(rel)
	if err != nil {
		return nil
	}
	abs := filepath.Join(a.Root, filepath.FromSlash(rel))
	var out []depLoad
	for _, l := range p.loads {
		if dabs, drel, err := a.resolve(abs, l.module, "load"); err == nil {
			out = append(out, depLoad{dabs, drel, l.pos})
		}
	}
	return out
}
