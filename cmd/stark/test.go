package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"time"

	"github.com/stark-dev/stark/internal/apptest"
)

// test runs the app's tests (*_test.star in DIR and DIR/tests): one line
// per test and a closing count. Exit status 1 when a test failed, 2 on bad
// usage or a test file that does not compile.
func test(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("test")
	runPat := fs.String("run", "", "`REGEXP`: run only the tests whose file:test_name it matches")
	verbose := fs.Bool("v", false, "print what passing tests printed, too")
	parallel := fs.Int("parallel", 0, "how many tests run at once (default 4 × the number of CPUs: tests mostly wait for their pages)")
	junit := fs.String("junit", "", "`FILE`: also write the results as JUnit XML to FILE")
	asJSON := fs.Bool("json", false, "print the results as one JSON object instead of text")
	cover := fs.Bool("cover", false, "count the statements of the pages the tests run; print each file's share")
	coverOut := fs.String("cover-out", "", "`FILE`: write the pages' sources annotated with how often each statement ran (implies --cover)")
	if code, ok := parseFlags(fs, args, 0, 1, stdout, stderr); !ok {
		return code
	}
	dir := "."
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "stark test: %s is not an app directory\n", dir)
		return 2
	}
	opts := apptest.Options{Parallel: *parallel, Cover: *cover || *coverOut != ""}
	if *runPat != "" {
		re, err := regexp.Compile(*runPat)
		if err != nil {
			fmt.Fprintf(stderr, "stark test: -run %q: %v\n", *runPat, err)
			return 2
		}
		opts.Run = re
	}
	if *parallel < 0 {
		fmt.Fprintf(stderr, "stark test: -parallel %d: want 1 or more\n", *parallel)
		return 2
	}
	start := time.Now()
	suite, errs, err := apptest.Load(dir, opts)
	if err != nil {
		fmt.Fprintf(stderr, "stark test: %v\n", err)
		return 2
	}
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintln(stdout, explain(e.Error(), e, dir))
		}
		fmt.Fprintf(stderr, "stark test: %d test file(s) do not compile: no test ran\n", len(errs))
		return 2
	}
	defer suite.Close()
	if len(suite.Files) == 0 {
		fmt.Fprintf(stderr, "stark test: no test files (*%s) in %s or %s/tests\n", "_test.star", dir, dir)
	}
	var all []apptest.Result
	suite.Run(func(file string, results []apptest.Result) {
		all = append(all, results...)
		if !*asJSON {
			apptest.WriteText(stdout, results, *verbose)
		}
	})
	elapsed := time.Since(start)
	if *asJSON {
		if err := apptest.WriteJSON(stdout, all, elapsed); err != nil {
			fmt.Fprintf(stderr, "stark test: %v\n", err)
			return 2
		}
	} else {
		apptest.WriteSummary(stdout, all, elapsed)
	}
	if opts.Cover {
		files, err := suite.Coverage()
		if err != nil {
			fmt.Fprintf(stderr, "stark test: --cover: %v\n", err)
			return 2
		}
		summary := stdout
		if *asJSON {
			summary = stderr // stdout is the JSON object
		}
		apptest.WriteCoverSummary(summary, files)
		if *coverOut != "" {
			f, err := os.Create(*coverOut)
			if err == nil {
				err = apptest.WriteCoverListing(f, suite.Dir, files)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				fmt.Fprintf(stderr, "stark test: --cover-out: %v\n", err)
				return 2
			}
		}
	}
	if *junit != "" {
		f, err := os.Create(*junit)
		if err == nil {
			err = apptest.WriteJUnit(f, all, elapsed)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "stark test: --junit: %v\n", err)
			return 2
		}
	}
	if _, failed := apptest.Count(all); failed > 0 {
		return 1
	}
	return 0
}
