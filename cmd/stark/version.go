package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version is `stark version`: the module version, the commit and the Go
// version, from what the Go toolchain recorded in the binary.
func version(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "usage: stark version")
		return 2
	}
	fmt.Fprintln(stdout, versionText())
	return 0
}

// versionText is one line: "stark v0.3.0 (commit 1a2b3c4d5e6f, 2026-12-06, modified) go1.26.8".
func versionText() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "stark (no build information)"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel" // built from a checkout (go build, go run), not go install …@version
	}
	var rev, at string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	out := "stark " + v
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		out += " (commit " + rev
		if len(at) >= 10 {
			out += ", " + at[:10]
		}
		if modified {
			out += ", modified"
		}
		out += ")"
	}
	return out + " " + bi.GoVersion
}
