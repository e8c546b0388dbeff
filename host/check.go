package host

// This file defines Check, the compile-only pass of `stark check`.

import "fmt"

// Check compiles every page of the app and every module they load, and
// returns the errors found (each with its file:line:col) and the number of
// files checked. It executes nothing.
func (a *App) Check() (errs []*Error, files int, err error) {
	pages, err := a.Pages()
	if err != nil {
		return nil, 0, err
	}
	seen := map[string]bool{}
	var visit func(abs, rel string)
	visit = func(abs, rel string) {
		if seen[rel] {
			return
		}
		seen[rel] = true
		p, err := a.Program(rel)
		if err != nil {
			errs = append(errs, compileError(a.Root, err))
			return
		}
		for _, l := range p.loads {
			dabs, drel, err := a.resolve(abs, l.module, "load")
			if err != nil {
				errs = append(errs, &Error{Kind: "compile", Message: err.Error(), Frames: []Frame{posFrame(a.Root, l.pos, "")}})
				continue
			}
			if _, err := a.moduleKey(drel, dabs, nil); err != nil && !seen[drel] {
				if _, isErr := err.(*Error); !isErr {
					errs = append(errs, &Error{Kind: "compile", Message: fmt.Sprint(err), Frames: []Frame{posFrame(a.Root, l.pos, "")}})
					seen[drel] = true
					continue
				}
			}
			visit(dabs, drel)
		}
	}
	for _, p := range pages {
		visit(a.Root+"/"+p.File, p.File)
	}
	return errs, len(seen), nil
}
