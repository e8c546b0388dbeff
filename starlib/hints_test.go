package starlib_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stark-dev/stark/internal/pagetest"
)

// TestHints runs the pages of testdata/hints, each a Python habit, and
// checks the error each fails with (`# error:` in its header) and the hint
// that says what to write instead (`# hint:`; a page without one must get
// none).
func TestHints(t *testing.T) {
	files, _ := filepath.Glob("testdata/hints/*.star")
	if len(files) < 15 {
		t.Fatalf("%d pages in testdata/hints", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".star"), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var wantErr, wantHint string
			for _, l := range strings.Split(string(src), "\n") {
				if v, ok := strings.CutPrefix(l, "# error: "); ok {
					wantErr = v
				}
				if v, ok := strings.CutPrefix(l, "# hint: "); ok {
					wantHint = v
				}
			}
			res := pagetest.RunPage(t, string(src))
			if res.Err == nil {
				t.Fatalf("the page did not fail (status %v)", res.Status)
			}
			if !strings.Contains(res.Err.Message, wantErr) {
				t.Errorf("error %q, want %q", res.Err.Message, wantErr)
			}
			if wantHint == "" && res.Err.Hint != "" || !strings.HasPrefix(res.Err.Hint, wantHint) {
				t.Errorf("hint %q, want %q", res.Err.Hint, wantHint)
			}
		})
	}
}
