package host

// This file defines the structured errors a run or a compilation reports.

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// A Frame is one position of a backtrace, relative to the app root.
type Frame struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Func string `json:"func,omitempty"`
}

func (f Frame) String() string {
	if f.Func != "" {
		return fmt.Sprintf("%s:%d:%d: in %s", f.File, f.Line, f.Col, f.Func)
	}
	return fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Col)
}

// Error is what a page author sees of a failure: a message and the frames of
// the app's own files that led to it, innermost last. Compile errors have one
// frame, the position of the error.
type Error struct {
	Message string  `json:"message"`
	Frames  []Frame `json:"frames"`
	// Kind is "compile", "runtime" or "limit".
	Kind string `json:"kind"`
	// Snippet is the source line of a compile error, when known.
	Snippet string `json:"snippet,omitempty"`
	// Hint, for an error that comes from a Python habit (an import, an
	// f-string, a with), says what to write instead (hints.go).
	Hint string `json:"hint,omitempty"`
}

// withSnippet sets e's snippet to the line of src its last frame names.
func (e *Error) withSnippet(src []byte) *Error {
	if len(e.Frames) == 0 {
		return e
	}
	line := e.Frames[len(e.Frames)-1].Line
	for i, l := range strings.Split(string(src), "\n") {
		if i+1 == line {
			e.Snippet = strings.TrimRight(l, "\r")
			break
		}
	}
	e.Hint = hintFor(e)
	return e
}

func (e *Error) Error() string {
	var b strings.Builder
	if n := len(e.Frames); n > 0 {
		f := e.Frames[n-1]
		fmt.Fprintf(&b, "%s:%d:%d: ", f.File, f.Line, f.Col)
	}
	b.WriteString(e.Message)
	return b.String()
}

// Backtrace renders the error with every frame, one per line, innermost last.
func (e *Error) Backtrace() string {
	var b strings.Builder
	b.WriteString("Traceback (most recent call last):\n")
	for _, f := range e.Frames {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	b.WriteString("Error: ")
	b.WriteString(e.Message)
	return b.String()
}

// relFile makes a compiled file name relative to root; names that are not
// inside root (builtins, "<expr>") are returned unchanged.
func relFile(root, name string) string {
	if root == "" || !filepath.IsAbs(name) {
		return name
	}
	if rel, err := filepath.Rel(root, name); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return name
}

// compileError converts a parse or resolve error into an [Error].
func compileError(root string, err error) *Error {
	var first syntax.Error
	var rerrs resolve.ErrorList
	switch {
	case errors.As(err, &rerrs) && len(rerrs) > 0:
		e := rerrs[0]
		return hinted(&Error{Kind: "compile", Message: e.Msg, Frames: []Frame{posFrame(root, e.Pos, "")}})
	case errors.As(err, &first):
		return hinted(&Error{Kind: "compile", Message: first.Msg, Frames: []Frame{posFrame(root, first.Pos, "")}})
	}
	var he *Error
	if errors.As(err, &he) {
		return he
	}
	return &Error{Kind: "compile", Message: hidePaths(root, err.Error())}
}

func posFrame(root string, pos syntax.Position, fn string) Frame {
	return Frame{File: relFile(root, pos.Filename()), Line: int(pos.Line), Col: int(pos.Col), Func: fn}
}

// runtimeError converts an error that ended a thread into an [Error]. The
// backtrace keeps only frames in the app's files: builtins are dropped, and
// the builtin that failed is named in the message as Starlark does.
func runtimeError(root string, err error) *Error {
	var ee *starlark.EvalError
	if !errors.As(err, &ee) {
		var he *Error
		if errors.As(err, &he) {
			return he
		}
		return &Error{Kind: "runtime", Message: hidePaths(root, err.Error())}
	}
	// A builtin that cannot return an error (an iterator: http.stream's
	// body failing mid-way) ends its thread with thread.Cancel(reason): the
	// page's error is the reason.
	msg := strings.TrimPrefix(ee.Msg, "Starlark computation cancelled: ")
	out := &Error{Kind: "runtime", Message: hidePaths(root, msg)}
	for _, fr := range ee.CallStack {
		if fr.Pos.Filename() == "<builtin>" {
			continue
		}
		out.Frames = append(out.Frames, posFrame(root, fr.Pos, fr.Name))
	}
	return hinted(out)
}
