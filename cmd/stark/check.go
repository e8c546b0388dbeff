package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/apptest"
	"github.com/stark-dev/stark/starlib"
)

// check compiles every page of an app (or the one page given), every
// module they load and the app's test files (*_test.star), and prints each error as file:line:col: message, with
// the line and a caret under the column. Exit status 1 when any.
func check(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check")
	if code, ok := parseFlags(fs, args, 1, 1, stdout, stderr); !ok {
		return code
	}
	// A directory is an app; a file is the one page of its directory that
	// `stark run FILE` would serve.
	dir, only := fs.Arg(0), ""
	if fi, err := os.Stat(dir); err != nil {
		fmt.Fprintf(stderr, "stark check: %v\n", err)
		return 2
	} else if !fi.IsDir() {
		dir, only = filepath.Dir(dir), filepath.Base(dir)
	}
	cfg, err := config.Load(dir)
	if err != nil {
		// Each line of the error is one mistake, as file:line:col: message.
		fmt.Fprintln(stdout, err)
		fmt.Fprintf(stderr, "%s is not valid\n", config.FileName)
		return 1
	}
	opts := cfg.Options(starlib.Options(host.Limits{}))
	opts.Only = only
	app, err := host.NewApp(dir, opts)
	if err != nil {
		fmt.Fprintf(stderr, "stark check: %v\n", err)
		return 2
	}
	errs, n, err := app.Check()
	if err != nil {
		fmt.Fprintf(stderr, "stark check: %v\n", err)
		return 2
	}
	if only == "" {
		// The app's tests are part of it: compiled with their own names.
		terrs, tn, err := apptest.Check(dir)
		if err != nil {
			fmt.Fprintf(stderr, "stark check: %v\n", err)
			return 2
		}
		errs, n = append(errs, terrs...), n+tn
	}
	for _, e := range errs {
		fmt.Fprintln(stdout, explain(e.Error(), e, dir))
	}
	if len(errs) > 0 {
		fmt.Fprintf(stderr, "%d error(s) in %d file(s) checked\n", len(errs), n)
		return 1
	}
	fmt.Fprintf(stderr, "ok: %d file(s) checked\n", n)
	return 0
}
