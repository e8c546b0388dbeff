// Command stark serves data apps written as Starlark pages.
//
//	stark run DIR|FILE      serve an app
//	stark new DIR           make a starter app
//	stark check DIR|FILE    check stark.toml, compile every page and module
//	stark render PAGE       run a page once, headless, print JSON
//	stark serve APPS_DIR    serve every app of a directory
//	stark bench URL         load a stark server
//	stark version           print the version
//
// `stark help COMMAND` or `stark COMMAND --help` shows a command's flags and
// an example (help.go holds the table of commands). It is wiring only: the
// engine is in host, the builtins in starlib, sessions in session and the
// server in web.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(stark(os.Args[1:], os.Stdout, os.Stderr))
}

// stark runs the command line args and returns the exit status.
func stark(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		return help(nil, stdout, stderr)
	case "-v", "-version", "--version":
		return version(nil, stdout, stderr)
	}
	c := findCommand(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "stark: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return 2
	}
	return c.main(args[1:], stdout, stderr)
}
