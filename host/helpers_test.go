package host_test

// This file holds the helpers of the host tests: apps made of files in a
// temporary directory, with the starlib builtins.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
)

// writeFiles writes files (path to content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// newApp returns an app with the starlib builtins in a new directory
// holding files.
func newApp(t *testing.T, files map[string]string, limits host.Limits) *host.App {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	app, err := starlib.NewApp(dir, limits)
	if err != nil {
		t.Fatalf("starlib.NewApp: %v", err)
	}
	return app
}

// run runs page of app in a new session.
func run(app *host.App, page string) *host.Result {
	return app.Run(host.RunOptions{Page: page, State: host.NewState()})
}

// bodies returns the "body" property of every element of the main
// container, in order.
func bodies(res *host.Result) []string {
	var out []string
	for _, e := range res.Tree.Snapshot()[0].Children {
		if b, ok := e.Prop("body").(string); ok {
			out = append(out, b)
		}
	}
	return out
}

// errMessage is the run's error message, or "".
func errMessage(res *host.Result) string {
	if res.Err == nil {
		return ""
	}
	return res.Err.Message
}

// src joins lines of a page.
func src(ls ...string) string { return strings.Join(ls, "\n") + "\n" }
