package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/stark-dev/stark/host"
)

// explain returns text (an error's file:line:col: message, or its
// backtrace) followed by the source line of the error's innermost frame and
// a caret under its column, as the browser's error banner shows them, and
// the error's hint, if it has one:
//
//	pages/app.star:3:12: got import, want primary expression
//	    import pandas as pd
//	    ^
//	    hint: stark pages import nothing: …
//
// root is the app's directory, which frame files are relative to; without
// the line (a builtin's frame, a file gone) text is returned as it is.
func explain(text string, e *host.Error, root string) string {
	text = withCaret(text, e, root)
	if e.Hint != "" {
		text += "\n    hint: " + e.Hint
	}
	return text
}

// withCaret is explain without the hint.
func withCaret(text string, e *host.Error, root string) string {
	if len(e.Frames) == 0 {
		return text
	}
	f := e.Frames[len(e.Frames)-1]
	line, ok := sourceLine(e, root, f)
	if !ok || f.Col < 1 {
		return text
	}
	// The caret's indent copies the line's tabs, so that it lines up
	// under the column (a rune count) whatever the tab width.
	var pad strings.Builder
	for i, r := range []rune(line) {
		if i >= f.Col-1 {
			break
		}
		if r == '\t' {
			pad.WriteRune('\t')
		} else {
			pad.WriteRune(' ')
		}
	}
	return text + "\n    " + line + "\n    " + pad.String() + "^"
}

// sourceLine returns line f.Line of f's file: the error's snippet when it
// has one (a compile error), else read from the file under root.
func sourceLine(e *host.Error, root string, f host.Frame) (string, bool) {
	if e.Snippet != "" {
		return e.Snippet, true
	}
	if f.Line < 1 || f.File == "" || strings.HasPrefix(f.File, "<") {
		return "", false
	}
	name := f.File
	if !filepath.IsAbs(name) {
		name = filepath.Join(root, filepath.FromSlash(name))
	}
	src, err := os.ReadFile(name)
	if err != nil {
		return "", false
	}
	lines := strings.Split(string(src), "\n")
	if f.Line > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[f.Line-1], "\r"), true
}
