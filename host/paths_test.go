package host_test

// Errors a page sees name files relative to the app, never by the server's
// absolute paths (finding 16 of issue 12).

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
)

func TestErrorsHideServerPaths(t *testing.T) {
	long := strings.Repeat("a", 300)
	deep := strings.Repeat("d/", 2100)
	for _, tt := range []struct {
		name, page, want string
	}{
		{"load with a NUL", `load("m\x00.star", "x")`, "NUL"},
		{"load of an over-long name", `load("` + long + `.star", "x")`, "too long"},
		{"load of an over-long path", `load("` + deep + `m.star", "x")`, "too long"},
		{"load through a file", `load("page.star/x.star", "x")`, "load"},
		{"data.csv with a NUL", `data.csv("x\x00.csv")`, "data.csv"},
		{"data.csv of an over-long name", `data.csv("` + long + `.csv")`, "data.csv"},
		{"data.csv of an over-long path", `data.csv("` + deep + `x.csv")`, "data.csv"},
		{"data.csv through a file", `data.csv("page.star/x.csv")`, "data.csv"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp(t, map[string]string{"page.star": tt.page + "\n", "sub/m.star": "x = 1\n"}, host.Limits{})
			defer app.Close()
			res := run(app, "page.star")
			msg := errMessage(res)
			if msg == "" {
				t.Fatal("no error")
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want it to say %q", msg, tt.want)
			}
			root, _ := filepath.EvalSymlinks(app.Root)
			for _, p := range []string{app.Root, root, filepath.Dir(app.Root)} {
				if strings.Contains(msg, p) {
					t.Errorf("error shows the server path %s: %q", p, msg)
				}
			}
		})
	}
}
