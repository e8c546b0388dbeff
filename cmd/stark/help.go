package main

// This file is the command line's table of commands and the help it
// prints: `stark`, `stark help [COMMAND]`, `stark COMMAND --help`.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// A command is one of stark's subcommands.
type command struct {
	name    string
	args    string // the positional arguments, as the synopsis shows them
	summary string // one line, for the list of commands
	about   string // what it does, for its own help
	example string
	hidden  bool // started by stark itself, not by people
	main    func(args []string, stdout, stderr io.Writer) int
}

// commandTable returns stark's commands, in the order the help lists them.
// (A function, not a variable: the commands' functions look their help up
// here, which a package variable could not allow.)
func commandTable() []*command {
	return []*command{
		{name: "run", args: "DIR|FILE", summary: "serve an app: a directory of .star pages, or one page",
			about: `Serves the app in DIR (each .star file is a page; stark.toml, if there, is its
configuration) or the one page FILE, and re-runs what the browsers show when
a page or stark.toml changes. Ctrl-C stops it.`,
			example: "stark run pages/\nstark run hello.star --addr 127.0.0.1:9000", main: run},
		{name: "new", args: "DIR", summary: "make a starter app that runs as is",
			about: `Writes a starter app into DIR (which must not exist, or be empty): a page,
a stark.toml with every setting explained, and a .gitignore.`,
			example: "stark new sales && stark run sales", main: newApp},
		{name: "check", args: "DIR|FILE", summary: "check stark.toml, compile every page and module",
			about: `Checks the app's stark.toml and compiles every page, every module the
pages load and the app's tests (*_test.star), without running them. Each
mistake is printed as file:line:col: message, with the line and a caret
under the column. Exit status 1 when there is any.`,
			example: "stark check pages/", main: check},
		{name: "test", args: "[DIR]", summary: "run the app's tests (*_test.star) headless, in parallel",
			about: `Runs the tests of the app in DIR (default .): each function test_* of the
files *_test.star in DIR and DIR/tests. A test opens a page with
apptest("page.star"), runs it, sets widgets, clicks buttons and checks the
elements with assert (docs/testing.md). Prints ok or FAIL per test with its
time, each failure with the test's file:line and the page's error, and a
closing "N passed, M failed" line. --cover adds each page's share of
statements run; --cover-out FILE writes the pages annotated with counts.
Exit status 1 when a test failed, 2 when a test file does not compile.`,
			example: "stark test pages/\nstark test pages/ -run 'orders' -v --junit report.xml\nstark test pages/ --cover-out cover.txt", main: test},
		{name: "render", args: "PAGE", summary: "run a page once, headless, and print its elements as JSON",
			about: `Runs PAGE once without a browser and prints one JSON object: its elements,
its error if it failed, and its session_state. --set sets a widget (by key)
before the run, --click clicks a button (by key or label) after a first
run. Exit status 1 when the page failed.`,
			example: "stark render pages/Gallery.star --set n=5 --click Save", main: render},
		{name: "serve", args: "APPS_DIR", summary: "serve every app of a directory, each at /APP/",
			about: `Serves each directory of APPS_DIR as an app at /APP/, with an index of the
public ones at /. Apps appear, change and disappear with their directories.
With --isolate=process each app runs in a worker process of its own, under
an operating-system memory limit (docs/serve.md).`,
			example: "stark serve /srv/apps --isolate=process", main: serve},
		{name: "bench", args: "URL", summary: "load a stark server with sessions and report reruns/s and latency",
			about: `Opens --sessions sessions of the page at URL, changes a widget in each as
fast as the server answers for --duration, and reports reruns per second,
latency percentiles and the server's CPU and memory (docs/bench.md). Behind a
load balancer, --metrics lists the replicas, whose CPU and runs are read
from each one's /metrics and summed.`,
			example: "stark bench http://127.0.0.1:8501/Bench --sessions 200 --duration 20s\nstark bench http://lb:8080/Bench --sessions 200 --metrics http://10.0.0.1:8501,http://10.0.0.2:8501", main: bench},
		{name: "version", summary: "print stark's version",
			about:   "Prints the module version, the commit it was built from, and the Go version.",
			example: "stark version", main: version},
		{name: "help", args: "[COMMAND]", summary: "show this, or a command's help",
			example: "stark help run", main: help},
		{name: "worker", hidden: true, main: worker},
	}
}

// findCommand returns the command called name, or nil.
func findCommand(name string) *command {
	for _, c := range commandTable() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// printUsage writes the list of commands.
func printUsage(w io.Writer) {
	fmt.Fprint(w, "stark serves data apps written as Starlark pages.\n\nusage: stark COMMAND [ARGS] [FLAGS]\n\ncommands:\n")
	for _, c := range commandTable() {
		if !c.hidden {
			fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprint(w, "\nRun 'stark help COMMAND' or 'stark COMMAND --help' for its arguments, flags and an example.\nTo begin: stark new myapp && stark run myapp\n")
}

// help is `stark help [COMMAND]`.
func help(args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		printUsage(stdout)
		return 0
	case 1:
		c := findCommand(args[0])
		if c == nil || c.hidden {
			fmt.Fprintf(stderr, "stark help: there is no command %q\n", args[0])
			printUsage(stderr)
			return 2
		}
		if c.name == "help" || c.name == "version" {
			printCommandHelp(stdout, c, nil)
			return 0
		}
		// The command prints its own, with its flags.
		return c.main([]string{"--help"}, stdout, stderr)
	default:
		fmt.Fprintln(stderr, "usage: stark help [COMMAND]")
		return 2
	}
}

// printCommandHelp writes c's help, with the flags of fs (nil: none).
func printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "stark %s: %s\n\nusage: %s\n", c.name, c.summary, synopsis(c, fs))
	if c.about != "" {
		fmt.Fprintf(w, "\n%s\n", c.about)
	}
	if fs != nil {
		var flags []*flag.Flag
		fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
		if len(flags) > 0 {
			sort.Slice(flags, func(i, j int) bool { return flags[i].Name < flags[j].Name })
			fmt.Fprintln(w, "\nflags:")
			for _, f := range flags {
				value, usage := flag.UnquoteUsage(f)
				head := "--" + f.Name
				if value != "" {
					head += " " + value
				}
				fmt.Fprintf(w, "  %s\n        %s", head, usage)
				if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
					fmt.Fprintf(w, " (default %s)", f.DefValue)
				}
				fmt.Fprintln(w)
			}
		}
	}
	if c.example != "" {
		fmt.Fprintf(w, "\nexample:\n  %s\n", strings.ReplaceAll(c.example, "\n", "\n  "))
	}
}

// synopsis is the one-line usage of c.
func synopsis(c *command, fs *flag.FlagSet) string {
	s := "stark " + c.name
	if c.args != "" {
		s += " " + c.args
	}
	if fs != nil {
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			s += " [FLAGS]"
		}
	}
	return s
}

// newFlags returns the flag set of the command called name.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {} // parseFlags says what is wrong, and how to get help
	return fs
}

// parseFlags parses the arguments of the command of fs, flags before,
// between or after the positional arguments, and checks that there are
// between min and max positional ones (max < 0: no bound). When it reports
// false, the command returns code: 0 after printing its help for --help, 2
// after saying what was wrong.
func parseFlags(fs *flag.FlagSet, args []string, min, max int, stdout, stderr io.Writer) (code int, ok bool) {
	c := findCommand(fs.Name())
	fs.SetOutput(io.Discard) // its errors are said below, with the command's name
	err := fs.Parse(reorder(args, fs))
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(stdout, c, fs)
		return 0, false
	}
	if err == nil {
		switch {
		case fs.NArg() < min:
			err = fmt.Errorf("missing %s", c.args)
		case max >= 0 && fs.NArg() > max:
			err = fmt.Errorf("unexpected argument %q", fs.Arg(max))
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "stark %s: %v\n", c.name, err)
		fmt.Fprintf(stderr, "usage: %s\nRun 'stark %s --help' for the flags and an example.\n", synopsis(c, fs), c.name)
		return 2, false
	}
	return 0, true
}

// reorder moves the flags of args before the positional arguments, so that
// `stark run pages/ --addr :9000` works as `stark run --addr :9000 pages/`;
// a flag that is not a boolean takes the next argument as its value.
func reorder(args []string, fs *flag.FlagSet) []string {
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
			if !strings.Contains(name, "=") && takesValue(fs, name) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

// takesValue reports whether the flag called name is defined and not a
// boolean.
func takesValue(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}
