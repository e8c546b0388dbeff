// Package host runs stark pages: it compiles Starlark files once per content,
// resolves load() inside an app's root, and executes runs, each on a fresh
// Starlark thread that carries two thread-local values, the [Sandbox] (the
// app, its limits, the run's shared step budget and cancel signal) and the
// [ScriptRunContext] (the run's session state, widgets and element tree).
//
// host knows nothing of browsers, sockets or HTTP. The builtins that pages
// call live in package starlib and reach the run through [SandboxOf] and
// [ContextOf].
package host
