package host

// This file holds what the app's test files (`*_test.star`, run by
// `stark test`) need of the host: they are files of the app but not pages,
// compiled in the pages' dialect with predeclared names of their own.

import (
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
)

// TestSuffix ends the name of an app's test file: such a file is not a
// page (Pages skips it); `stark test` runs it.
const TestSuffix = "_test.star"

// IsTestFile reports whether the file name (or path) is a test file.
func IsTestFile(name string) bool { return strings.HasSuffix(name, TestSuffix) }

// CompileFile compiles the file at rel (relative to the app root, slash
// separated) in the pages' dialect, with the free names isPredeclared
// allows, without the rewrite of pages (the file is not run in a sandbox).
// An error is an [*Error] with the position and the source line.
func CompileFile(root, rel string, isPredeclared func(string) bool) (*starlark.Program, error) {
	abs := filepath.Join(root, filepath.FromSlash(rel))
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, &Error{Kind: "compile", Message: hidePaths(root, err.Error())}
	}
	f, err := fileOptions.Parse(abs, src, 0)
	if err != nil {
		return nil, compileError(root, err).withSnippet(src)
	}
	prog, err := starlark.FileProgram(f, isPredeclared)
	if err != nil {
		return nil, compileError(root, err).withSnippet(src)
	}
	return prog, nil
}

// ErrorOf converts an error that ended a thread into an [*Error] whose
// frames are those of the app's files (root's), innermost last.
func ErrorOf(root string, err error) *Error { return runtimeError(root, err) }

// WidgetValue returns the value the page gets from the widget of the given
// id (of the last run), as st.session_state holds it for a keyed widget.
func (s *State) WidgetValue(id string) (starlark.Value, bool) {
	w := s.Widget(id)
	if w == nil {
		return nil, false
	}
	return s.widgetValue(w)
}

// ResolveIn resolves a path that the file from (an absolute path) of the
// app in root names, as load() and open() of a page resolve theirs: "./"
// and "../" from the file's directory, others from the root, never out of
// it (symlinks included). Test files load their helper modules with it.
func ResolveIn(root, from, name, what string) (abs, rel string, err error) {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", "", err
	}
	a := &App{Root: root, realRoot: real}
	return a.resolve(from, name, what)
}
