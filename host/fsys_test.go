package host_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
)

func newFSApp(t *testing.T, fsys fstest.MapFS) *host.App {
	t.Helper()
	app, err := host.NewAppFS(fsys, starlib.Options(host.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	return app
}

// An app from an fs.FS serves its pages, loads its modules and reads its
// data files from the FS, with the path rules of a directory.
func TestAppFromFS(t *testing.T) {
	app := newFSApp(t, fstest.MapFS{
		"page.star":      {Data: []byte(src(`load("lib/m.star", "x")`, `st.write(x)`, `st.write(str(len(data.csv("./data/t.csv"))))`))},
		"lib/m.star":     {Data: []byte(src(`load("../lib/n.star", "y")`, `x = "from the FS " + y`))},
		"lib/n.star":     {Data: []byte(src(`y = "too"`))},
		"data/t.csv":     {Data: []byte("a\n1\n2\n")},
		"up.star":        {Data: []byte(src(`load("../outside.star", "z")`))},
		"missing.star":   {Data: []byte(src(`data.csv("nope.csv")`))},
		"abs.star":       {Data: []byte(src(`data.csv("/etc/passwd")`))},
		"_hidden.star":   {Data: []byte(src(`st.write("hidden")`))},
		"page_test.star": {Data: []byte(src(`def test_x(): pass`))},
		"magic.star":     {Data: []byte(src(`x = "magic words"`, `x`))},
	})
	pages, err := app.Pages()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pages {
		names = append(names, p.File)
	}
	if got := strings.Join(names, " "); got != "abs.star magic.star missing.star page.star up.star" {
		t.Errorf("pages %s", got)
	}
	if got := strings.Join(bodies(run(app, "page.star")), "|"); got != "from the FS too|2" {
		t.Errorf("page.star shows %q (error %q)", got, errMessage(run(app, "page.star")))
	}
	if got := strings.Join(bodies(run(app, "magic.star")), "|"); got != "magic words" {
		t.Errorf("magic.star shows %q", got)
	}
	for page, want := range map[string]string{
		"up.star":      `load "../outside.star": the path leaves the app directory`,
		"missing.star": `data.csv "nope.csv": no such file in the app (looked for nope.csv)`,
		"abs.star":     `absolute paths are not allowed`,
	} {
		if got := errMessage(run(app, page)); !strings.Contains(got, want) {
			t.Errorf("%s: error %q, want it to hold %q", page, got, want)
		}
	}
	if !app.FromFS() || app.DataDir() != "" {
		t.Errorf("FromFS %v, DataDir %q: want true and no data directory", app.FromFS(), app.DataDir())
	}
}

// os.DirFS follows symlinks wherever they point: an app from an fs.FS
// refuses any symlink on a path it opens.
func TestAppFromFSRefusesSymlinks(t *testing.T) {
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"secret.csv": "pin\n1234\n", "secret.star": "s = 1\n"})
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"data.star": src(`st.write(str(data.csv("link/secret.csv")))`),
		"load.star": src(`load("link/secret.star", "s")`, `st.write(str(s))`),
	})
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skip(err)
	}
	app, err := host.NewAppFS(os.DirFS(dir), starlib.Options(host.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	for _, page := range []string{"data.star", "load.star"} {
		res := run(app, page)
		got := errMessage(res)
		if !strings.Contains(got, "link is a symlink; an app served from a Go fs.FS may not hold symlinks") {
			t.Errorf("%s: error %q, shows %q", page, got, bodies(res))
		}
		if strings.Contains(got+strings.Join(bodies(res), ""), "1234") || strings.Contains(got, outside) {
			t.Errorf("%s: leaked %q", page, got)
		}
	}
}
