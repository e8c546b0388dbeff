package starlib_test

// The compatibility suite: each page of testdata/compat/ uses one Streamlit
// command (or a family of them) with the parameters stark has as Streamlit
// has them, written as Streamlit's documentation shows them, changed only
// where Starlark forces it (docs/streamlit.md). A page's elements, status
// and session state, as `stark render` prints them, are compared with the
// golden file beside it (NAME.json); `go test ./starlib -run TestCompat
// -update` rewrites the golden files. Header lines set the run up:
//
//	# set: KEY=VALUE   st.session_state[KEY] before the run (VALUE is JSON or plain text)
//	# click: KEY       run once, click the button KEY, run again

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"github.com/stark-dev/stark/starlib"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/compat")

func TestCompat(t *testing.T) {
	pages, err := filepath.Glob("testdata/compat/*.star")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no compat pages: %v", err)
	}
	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".star")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			got := renderCompat(t, string(src))
			golden := strings.TrimSuffix(page, ".star") + ".json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run with -update to accept):\n%s", page, golden, got)
			}
		})
	}
}

// renderCompat runs src as its own app, set up by its header lines, and
// returns what `stark render` would print. The page must complete.
func renderCompat(t *testing.T, src string) []byte {
	t.Helper()
	s, err := harness.FromSource(t.TempDir(), src, nil, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var clicks []string
	for _, line := range strings.Split(src, "\n") {
		if v, ok := strings.CutPrefix(line, "# set: "); ok {
			k, val, _ := strings.Cut(v, "=")
			s.Set(k, starlib.ParseValue(val))
		}
		if v, ok := strings.CutPrefix(line, "# click: "); ok {
			clicks = append(clicks, v)
		}
	}
	if len(clicks) > 0 {
		mustComplete(t, s.Run())
		for _, k := range clicks {
			if err := s.Click(k); err != nil {
				t.Fatalf("click %s: %v", k, err)
			}
		}
	}
	res := s.Run()
	if res.Status != host.Completed && res.Status != host.StoppedByPage {
		t.Fatalf("run status = %s (%s), want completed", res.Status, errText(res))
	}
	return append(res.JSON(), '\n')
}
