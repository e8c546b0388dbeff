package apptest

// This file writes the results of a run: as text for people, JUnit XML and
// JSON for CI systems.

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Label names a result as the text report does: "file:test_name", or the
// file alone for a file whose top level failed.
func (r Result) Label() string {
	if r.Name == "" {
		return r.File
	}
	return r.File + ":" + r.Name
}

// WriteText writes one line per result, "ok   file:test (12ms)" or
// "FAIL file:test (12ms)" followed by the failure and what the test
// printed, indented; verbose also writes what passing tests printed.
func WriteText(w io.Writer, results []Result, verbose bool) {
	for _, r := range results {
		status := "ok  "
		if !r.Passed {
			status = "FAIL"
		}
		fmt.Fprintf(w, "%s %s (%s)\n", status, r.Label(), ms(r.Elapsed))
		if !r.Passed {
			fmt.Fprintln(w, indent(r.Failure))
		}
		if r.Output != "" && (verbose || !r.Passed) {
			fmt.Fprintln(w, indent(strings.TrimSuffix(r.Output, "\n")))
		}
	}
}

// WriteSummary writes the closing line: "N passed, M failed (T)".
func WriteSummary(w io.Writer, results []Result, elapsed time.Duration) {
	passed, failed := Count(results)
	fmt.Fprintf(w, "%d passed, %d failed (%s)\n", passed, failed, elapsed.Round(time.Millisecond))
}

// Count returns how many results passed and failed.
func Count(results []Result) (passed, failed int) {
	for _, r := range results {
		if r.Passed {
			passed++
		} else {
			failed++
		}
	}
	return
}

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%dms", d.Milliseconds())
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

// junit is JUnit's XML, as CI systems read it: a suite per test file.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// WriteJUnit writes the results as JUnit XML: a testsuite per file, a
// testcase per test (classname the file), failures with their message.
func WriteJUnit(w io.Writer, results []Result, elapsed time.Duration) error {
	out := junitSuites{Time: secs(elapsed)}
	byFile := map[string]int{}
	for _, r := range results {
		i, ok := byFile[r.File]
		if !ok {
			i = len(out.Suites)
			byFile[r.File] = i
			out.Suites = append(out.Suites, junitSuite{Name: r.File})
		}
		s := &out.Suites[i]
		name := r.Name
		if name == "" {
			name = "(top level)"
		}
		c := junitCase{Name: name, Classname: r.File, Time: secs(r.Elapsed), SystemOut: r.Output}
		if !r.Passed {
			first, _, _ := strings.Cut(r.Failure, "\n")
			c.Failure = &junitFailure{Message: first, Text: r.Failure}
			s.Failures++
			out.Failures++
		}
		s.Tests++
		out.Tests++
		s.Cases = append(s.Cases, c)
	}
	for i := range out.Suites {
		var d time.Duration
		for _, r := range results {
			if r.File == out.Suites[i].Name {
				d += r.Elapsed
			}
		}
		out.Suites[i].Time = secs(d)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

type jsonReport struct {
	Passed    int          `json:"passed"`
	Failed    int          `json:"failed"`
	ElapsedMS float64      `json:"elapsed_ms"`
	Tests     []jsonResult `json:"tests"`
}

type jsonResult struct {
	Result
	ElapsedMS float64 `json:"elapsed_ms"`
}

// WriteJSON writes the results as one JSON object: passed, failed,
// elapsed_ms and tests (file, name, passed, elapsed_ms, output, failure).
func WriteJSON(w io.Writer, results []Result, elapsed time.Duration) error {
	rep := jsonReport{ElapsedMS: float64(elapsed.Microseconds()) / 1000, Tests: []jsonResult{}}
	rep.Passed, rep.Failed = Count(results)
	for _, r := range results {
		rep.Tests = append(rep.Tests, jsonResult{r, float64(r.Elapsed.Microseconds()) / 1000})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
