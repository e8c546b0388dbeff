package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
)

// check compiles every page of an app and every module they load, and prints
// each error as file:line:col: message. Exit status 1 when any.
func check(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: stark check DIR")
		return 2
	}
	cfg, err := config.Load(fs.Arg(0))
	if err != nil {
		// Each line of the error is one mistake, as file:line:col: message.
		fmt.Fprintln(stdout, err)
		fmt.Fprintf(stderr, "%s is not valid\n", config.FileName)
		return 1
	}
	app, err := host.NewApp(fs.Arg(0), cfg.Options(starlib.Options(host.Limits{})))
	if err != nil {
		fmt.Fprintf(stderr, "stark check: %v\n", err)
		return 2
	}
	errs, n, err := app.Check()
	if err != nil {
		fmt.Fprintf(stderr, "stark check: %v\n", err)
		return 2
	}
	for _, e := range errs {
		fmt.Fprintln(stdout, e.Error())
	}
	if len(errs) > 0 {
		fmt.Fprintf(stderr, "%d error(s) in %d file(s) checked\n", len(errs), n)
		return 1
	}
	fmt.Fprintf(stderr, "ok: %d file(s) checked\n", n)
	return 0
}
