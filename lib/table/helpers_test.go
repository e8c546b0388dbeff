package table_test

// This file holds the helpers of the tests, as starlib's do: apps and
// sessions of a page given as source, and what their runs show.

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
)

// session returns a headless session of src (as page.star) with files beside
// it.
func session(t *testing.T, src string, files map[string]string, limits host.Limits) *harness.Session {
	t.Helper()
	s, err := harness.FromSource(t.TempDir(), src, files, limits)
	if err != nil {
		t.Fatalf("harness.FromSource: %v", err)
	}
	return s
}

// runPage runs src once in a new session.
func runPage(t *testing.T, src string) *harness.Result {
	t.Helper()
	return session(t, src, nil, host.Limits{}).Run()
}

// mustComplete fails the test unless the run completed.
func mustComplete(t *testing.T, res *harness.Result) {
	t.Helper()
	if res.Status != host.Completed {
		t.Fatalf("run status = %s (%v), want completed", res.Status, errText(res))
	}
}

// errText is the run's error message, or "" when it has none.
func errText(res *harness.Result) string {
	if res.Err == nil {
		return ""
	}
	return res.Err.Message
}

// mustFail fails the test unless the run failed with exactly want.
func mustFail(t *testing.T, res *harness.Result, want string) {
	t.Helper()
	if res.Status != host.Failed {
		t.Fatalf("run status = %s, want failed with %q", res.Status, want)
	}
	if got := errText(res); got != want {
		t.Fatalf("error = %q\nwant    %q", got, want)
	}
}

// jsonValue decodes JSON text into plain values, for comparison.
func jsonValue(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("bad JSON in test: %v\n%s", err, text)
	}
	return v
}

// asJSON encodes v and decodes it again into plain values.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	return jsonValue(t, string(b))
}

// sameJSON fails the test unless got (any Go value) encodes to the same JSON
// value as the text want.
func sameJSON(t *testing.T, got any, want string) {
	t.Helper()
	g, w := asJSON(t, got), jsonValue(t, want)
	if !reflect.DeepEqual(g, w) {
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		t.Errorf("got  %s\nwant %s", gb, wb)
	}
}

// only returns the one element of kind in res, failing the test when there
// is not exactly one.
func only(t *testing.T, res *harness.Result, kind string) *host.Element {
	t.Helper()
	els := res.Find(kind)
	if len(els) != 1 {
		t.Fatalf("%d %s elements, want 1 (status %s, error %q)", len(els), kind, res.Status, errText(res))
	}
	return els[0]
}

// lines joins lines of a page with newlines.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }
