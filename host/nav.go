package host

// This file defines the navigation a run declares (st.navigation): the
// pages a session lists in place of the app's files, and the page of the
// list the session asked for.

import (
	"fmt"

	"go.starlark.net/starlark"
)

// NavPage is a page of a declared navigation.
type NavPage struct {
	Name    string // the URL name, unique in the navigation
	Label   string
	Icon    string
	Section string // "" outside sections
	File    string // the page's file (relative to the app root), or "" for a function page
}

// Navigation is what st.navigation declared in a run.
type Navigation struct {
	Pages    []NavPage
	Position string // "sidebar", "top" or "hidden"
	Expanded bool
	// Current is the name of the page the run showed: the one asked for
	// (RunOptions.NavPage) when the navigation has it, else the default.
	Current string
	// Default is the page shown when none is asked for.
	Default string
}

// NavPage returns the page of a declared navigation the session asked
// for (RunOptions.NavPage), or "".
func (c *ScriptRunContext) NavPage() string { return c.navPage }

// SetNavigation records the run's navigation; a run declares at most one.
func (c *ScriptRunContext) SetNavigation(n *Navigation) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nav != nil {
		return fmt.Errorf("st.navigation was called twice in this run; call it once, in the app's first page")
	}
	c.nav = n
	return nil
}

// Navigation returns the run's navigation, or nil.
func (c *ScriptRunContext) Navigation() *Navigation {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nav
}

// ExecPage runs the page file rel (relative to the app root) on the script
// thread t, in this run, with the predeclared names of a page: what
// st.navigation's page.run() does for a page given as a file.
func (a *App) ExecPage(t *starlark.Thread, ctx *ScriptRunContext, rel string) error {
	if t != ctx.script {
		return fmt.Errorf("pages are run by the script thread only (thread %q is a worker)", t.Name)
	}
	prog, err := a.Program(rel)
	if err != nil {
		return err
	}
	globals := a.opts.Predeclared
	if a.opts.PageGlobals != nil {
		globals = a.opts.PageGlobals(ctx)
	}
	_, err = prog.prog.Init(t, globals)
	return err
}
