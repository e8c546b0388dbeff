package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"github.com/stark-dev/stark/starlib"
)

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// render runs a page once and prints its elements, error and session_state
// as one JSON object. Exit status: 0 on success, 1 when the page failed, 2 on
// bad usage.
func render(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("render")
	var sets, clicks listFlag
	fs.Var(&sets, "set", "`KEY=VALUE`: set st.session_state[KEY] (a widget's key) before the run; VALUE is JSON or a plain string")
	fs.Var(&clicks, "click", "`BUTTON`: click the button with this key, id or label, after a first run (repeatable)")
	timeout := fs.Duration("timeout", 0, "wall-time limit of the run (default the app's, 30s)")
	if code, ok := parseFlags(fs, args, 1, 1, stdout, stderr); !ok {
		return code
	}
	s, err := harness.New(fs.Arg(0), host.Limits{WallTime: *timeout})
	if err != nil {
		fmt.Fprintf(stderr, "stark render: %v\n", err)
		return 2
	}
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			fmt.Fprintf(stderr, "stark render: --set %q: want KEY=VALUE\n", kv)
			return 2
		}
		s.Set(k, starlib.ParseValue(v))
	}
	if len(clicks) > 0 {
		// A click needs the button: run once to create it, then click.
		if r := s.Run(); r.Status == host.Failed {
			return printResult(r, s.App.Root, stdout, stderr)
		}
		for _, k := range clicks {
			if err := s.Click(k); err != nil {
				fmt.Fprintf(stderr, "stark render: --click %s: %v\n", k, err)
				return 2
			}
		}
	}
	return printResult(s.Run(), s.App.Root, stdout, stderr)
}

// printResult prints r as JSON, and a failed run's backtrace, with the
// line that failed and a caret under its column, on stderr.
func printResult(r *harness.Result, root string, stdout, stderr io.Writer) int {
	stdout.Write(r.JSON())
	fmt.Fprintln(stdout)
	if r.Status == host.Failed {
		if r.Err != nil {
			fmt.Fprintln(stderr, explain(r.Err.Backtrace(), r.Err, root))
		}
		return 1
	}
	return 0
}
