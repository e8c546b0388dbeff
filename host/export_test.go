package host

import "go.starlark.net/starlark"

// StarlarkProgram returns the compiled program inside p, for the
// benchmarks of package host_test.
func StarlarkProgram(p *Program) *starlark.Program { return p.prog }

// MaxJSONNodes is how many values one ToJSON call converts.
const MaxJSONNodes = maxJSONNodes

// MainRoom returns the room the main container of a new run's tree has for
// elements before its list grows, for the run options given.
func (a *App) MainRoom(opts RunOptions) int {
	if opts.State == nil {
		opts.State = NewState()
	}
	return cap(a.treeFor(&opts).roots[0].kids)
}
