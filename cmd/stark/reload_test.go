package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

// reloadApp serves the files in a temporary directory with the watcher of
// `stark run`, and returns the directory and the server's URL.
func reloadApp(t *testing.T, files map[string]string) (string, string) {
	return reloadAppB(t, files)
}

func reloadAppB(t testing.TB, files map[string]string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		writeFileB(t, filepath.Join(dir, name), src)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	opts := starlib.Options(host.Limits{})
	opts.Logger = log
	app, err := host.NewApp(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(app, web.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	ctx, cancel := context.WithCancel(context.Background())
	stop, err := watch(ctx, app, srv, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		stop()
		srv.Shutdown()
		ts.Close()
	})
	return dir, ts.URL
}

func writeFile(t *testing.T, path, src string) { writeFileB(t, path, src) }

func writeFileB(t testing.TB, path, src string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	// Save as editors that write a temporary file and rename it do.
	tmp := path + ".tmp~"
	if err := os.WriteFile(tmp, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, url, page string) *client.Client {
	t.Helper()
	c, err := client.Dial(url, page, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := c.WaitFor("run_end", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	return c
}

func waitFor(t *testing.T, c *client.Client, typ string) *client.Message {
	t.Helper()
	m, err := c.WaitFor(typ, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func bodyAt(c *client.Client, path string) string {
	s, _ := c.Snapshot()[path]["body"].(string)
	return s
}

// silent fails if c receives a message within d.
func silent(t *testing.T, c *client.Client, d time.Duration) {
	t.Helper()
	if m, err := c.Next(d); err == nil {
		t.Errorf("unexpected %s message: %s", m.Type, m.Raw)
	}
}

func TestReloadModuleRerunsOnlyItsPages(t *testing.T) {
	dir, url := reloadApp(t, map[string]string{
		"1_A.star":   `load("lib/m.star", "word")` + "\nst.markdown(word)\n",
		"2_B.star":   "st.markdown(\"b\")\n",
		"lib/m.star": "word = \"one\"\n",
	})
	a := open(t, url, "A")
	b := open(t, url, "B")
	if got := bodyAt(a, "main.0"); got != "one" {
		t.Fatalf("A shows %q, want one", got)
	}
	writeFile(t, filepath.Join(dir, "lib/m.star"), "word = \"two\"\n")
	waitFor(t, a, "reload")
	waitFor(t, a, "run_end")
	if got := bodyAt(a, "main.0"); got != "two" {
		t.Errorf("A shows %q after the save, want two", got)
	}
	silent(t, b, 300*time.Millisecond)
}

func TestReloadKeepsState(t *testing.T) {
	dir, url := reloadApp(t, map[string]string{
		"page.star": "name = st.text_input(\"Name\", key=\"name\")\nst.markdown(\"v1 %s\" % name)\n",
	})
	c := open(t, url, "")
	c.SetWidget("name", "ada")
	for bodyAt(c, "main.1") != "v1 ada" {
		waitFor(t, c, "run_end")
	}
	writeFile(t, filepath.Join(dir, "page.star"), "name = st.text_input(\"Name\", key=\"name\")\nst.markdown(\"v2 %s\" % name)\n")
	waitFor(t, c, "reload")
	waitFor(t, c, "run_end")
	if got := bodyAt(c, "main.1"); got != "v2 ada" {
		t.Errorf("after the save: %q, want \"v2 ada\" (the typed value kept)", got)
	}
}

func TestReloadSyntaxErrorThenFix(t *testing.T) {
	dir, url := reloadApp(t, map[string]string{"page.star": "st.markdown(\"good\")\n"})
	c := open(t, url, "")
	writeFile(t, filepath.Join(dir, "page.star"), "st.markdown(\"good\")\nx = (1 +\n")
	m := waitFor(t, c, "reload_error")
	var e struct {
		Error host.Error `json:"error"`
	}
	if err := jsonUnmarshal(m.Raw, &e); err != nil {
		t.Fatal(err)
	}
	if len(e.Error.Frames) != 1 || e.Error.Frames[0].File != "page.star" || e.Error.Frames[0].Line != 3 {
		t.Errorf("reload_error frames %+v, want page.star line 3", e.Error.Frames)
	}
	if e.Error.Message == "" {
		t.Error("reload_error without a message")
	}
	// The last good render stays: no run happened.
	if got := bodyAt(c, "main.0"); got != "good" {
		t.Errorf("after the error: %q, want the last good render", got)
	}
	writeFile(t, filepath.Join(dir, "page.star"), "st.markdown(\"fixed\")\n")
	waitFor(t, c, "reload")
	waitFor(t, c, "run_end")
	if got := bodyAt(c, "main.0"); got != "fixed" {
		t.Errorf("after the fix: %q, want fixed", got)
	}
}

func TestReloadPagesAddedAndRemoved(t *testing.T) {
	dir, url := reloadApp(t, map[string]string{"1_A.star": "st.text(\"a\")\n", "2_B.star": "st.text(\"b\")\n"})
	a := open(t, url, "A")
	b := open(t, url, "B")
	writeFile(t, filepath.Join(dir, "3_C.star"), "st.text(\"c\")\n")
	m := waitFor(t, a, "pages")
	if len(m.Pages.Pages) != 3 || m.Pages.Pages[2].Name != "C" {
		t.Errorf("pages after adding C: %v", m.Pages.Pages)
	}
	if err := os.Remove(filepath.Join(dir, "2_B.star")); err != nil {
		t.Fatal(err)
	}
	n := waitFor(t, b, "notice")
	if !strings.Contains(n.Text(), "removed") || !strings.Contains(string(n.Raw), `"link":"/"`) {
		t.Errorf("notice %s, want a page-removed notice linking to /", n.Raw)
	}
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
