package host

import "go.starlark.net/starlark"

// StarlarkProgram returns the compiled program inside p, for the
// benchmarks of package host_test.
func StarlarkProgram(p *Program) *starlark.Program { return p.prog }

// MaxJSONNodes is how many values one ToJSON call converts.
const MaxJSONNodes = maxJSONNodes
