package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

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
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sets, clicks listFlag
	fs.Var(&sets, "set", "KEY=VALUE: set st.session_state[KEY] (a widget's key) before the run; VALUE is JSON or a plain string")
	fs.Var(&clicks, "click", "KEY: click the button with this key (or id)")
	timeout := fs.Duration("timeout", 0, "wall-time limit of the run (default the app's, 30s)")
	if err := fs.Parse(reorder(args, map[string]bool{"set": true, "click": true, "timeout": true})); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: stark render PAGE [--set KEY=VALUE]... [--click KEY]... [--timeout D]")
		return 2
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
			return printResult(r, stdout, stderr)
		}
		for _, k := range clicks {
			if err := s.Click(k); err != nil {
				fmt.Fprintf(stderr, "stark render: --click %s: %v\n", k, err)
				return 2
			}
		}
	}
	start := time.Now()
	r := s.Run()
	_ = start
	return printResult(r, stdout, stderr)
}

func printResult(r *harness.Result, stdout, stderr io.Writer) int {
	stdout.Write(r.JSON())
	fmt.Fprintln(stdout)
	if r.Status == host.Failed {
		if r.Err != nil {
			fmt.Fprintln(stderr, r.Err.Backtrace())
		}
		return 1
	}
	return 0
}

// reorder moves flags after positional arguments to the front, so that
// `stark render page.star --set n=5` works as Go's flag package wants.
func reorder(args []string, valued map[string]bool) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && valued[name] && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}
