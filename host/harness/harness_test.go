package harness_test

// Tests of the headless session: runs, reruns, widget values and the output
// of `stark render`.

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/host/harness"
	"go.starlark.net/starlark"
)

func TestOutput(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), strings.Join([]string{
		`load("lib/x.star", "X")`,
		`n = st.slider("n", 0, 10, 3, key="n")`,
		`st.text(X + str(n))`,
		`st.sidebar.caption("side")`,
		`st.session_state["seen"] = [n]`,
	}, "\n"), map[string]string{"lib/x.star": `X = "x="`}, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s.Set("n", starlark.MakeInt(7))
	res := s.Run()
	var got map[string]any
	if err := json.Unmarshal(res.JSON(), &got); err != nil {
		t.Fatalf("JSON: %v\n%s", err, res.JSON())
	}
	var want map[string]any
	if err := json.Unmarshal([]byte(`{
		"elements": [
			{"kind": "slider", "path": "main.0", "id": "n", "key": "n", "label": "n", "help": null, "disabled": false,
			 "min": 0, "max": 10, "step": 1, "value": 7, "float": false, "format": null},
			{"kind": "text", "path": "main.1", "body": "x=7"},
			{"kind": "sidebar", "path": "sidebar", "children": [{"kind": "caption", "path": "sidebar.0", "body": "side"}]}
		],
		"error": null,
		"status": "completed",
		"session_state": {"n": 7, "seen": [7]}
	}`), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("output:\n%s\nwant:\n%v", res.JSON(), want)
	}
}

func TestOutputOfAFailure(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), "st.text(\"a\")\nst.table(1)\n", nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	out := s.Run().Output()
	if out.Status != "failed" || out.Error == nil || out.Error.Kind != "runtime" || len(out.Elements) != 1 {
		t.Errorf("output %+v, want failed with the text kept", out)
	}
}

func TestEmptyOutput(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), "x = 1\n", nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(s.Run().JSON()); !strings.Contains(got, `"elements": []`) {
		t.Errorf("JSON of an empty page: %s", got)
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	if _, err := harness.FromSource(dir, "st.title(\"t\")\n", nil, host.Limits{}); err != nil {
		t.Fatal(err)
	}
	s, err := harness.New(filepath.Join(dir, "page.star"), host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Page != "page.star" || s.App.Root != dir {
		t.Errorf("page %q in %q, want page.star in %q", s.Page, s.App.Root, dir)
	}
	if got := s.Run().Find("title"); len(got) != 1 {
		t.Errorf("%d titles, want 1", len(got))
	}
	if _, err := harness.New(filepath.Join(dir, "missing", "page.star"), host.Limits{}); err == nil {
		t.Errorf("New of a page in a missing directory: no error")
	}
}

func TestQuery(t *testing.T) {
	s, err := harness.FromSource(t.TempDir(), "st.text(repr(st.query_params))\n", nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s.Query = map[string][]string{"a": {"1", "2"}, "b": {"x"}}
	if got := s.Run().Find("text")[0].Prop("body"); got != `{"a": "2", "b": "x"}` {
		t.Errorf("query_params = %v", got)
	}
}
