package web_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

var update = flag.Bool("update", false, "rewrite the golden elements of session/testdata/wire/elements from what the page sends")

// wireDir holds the golden examples of the protocol (docs/protocol.md).
const wireDir = "../session/testdata/wire"

// TestWireGoldenElements serves every_element.star, a page that writes one
// element of every kind, and holds the first element of each kind that
// reaches the client to its golden file, elements/KIND.json. The session
// package checks the same files against its element types, and the front
// end's tests render them: what starlib sends, Go's types and TypeScript's
// agree.
func TestWireGoldenElements(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(wireDir, "every_element.star"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "every_element.star"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := starlib.NewApp(dir, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(app, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer func() {
		srv.Shutdown()
		ts.Close()
	}()
	c, err := client.Dial(ts.URL, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var raw []json.RawMessage
	for {
		m, err := c.Next(10 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if m.Delta != nil {
			// The elements as they travelled, before the client decodes them.
			var d struct {
				Elements []json.RawMessage `json:"elements"`
			}
			if err := json.Unmarshal(m.Raw, &d); err != nil {
				t.Fatal(err)
			}
			raw = append(raw, d.Elements...)
		}
		if m.RunEnd != nil {
			if m.RunEnd.Status != "completed" {
				t.Fatalf("every_element.star: run %s: %s", m.RunEnd.Status, m.Raw)
			}
			break
		}
	}
	// The last element sent at each path is what the page shows (a
	// progress bar or a status is sent again as it changes).
	last := map[string]json.RawMessage{}
	for _, e := range raw {
		var h struct{ Path string }
		json.Unmarshal(e, &h)
		last[h.Path] = e
	}
	paths := make([]string, 0, len(last))
	for p := range last {
		paths = append(paths, p)
	}
	slices.SortFunc(paths, comparePaths)
	first := map[string]json.RawMessage{}
	for _, p := range paths {
		var h struct{ Kind string }
		json.Unmarshal(last[p], &h)
		if _, ok := first[h.Kind]; !ok {
			first[h.Kind] = last[p]
		}
	}
	elDir := filepath.Join(wireDir, "elements")
	if *update {
		os.RemoveAll(elDir)
		os.MkdirAll(elDir, 0o755)
		for kind, e := range first {
			var buf bytes.Buffer
			json.Indent(&buf, e, "", "  ")
			buf.WriteByte('\n')
			if err := os.WriteFile(filepath.Join(elDir, kind+".json"), buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(elDir, "*.json"))
	golden := map[string]bool{}
	for _, f := range files {
		kind := strings.TrimSuffix(filepath.Base(f), ".json")
		golden[kind] = true
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := first[kind]
		if !ok {
			t.Errorf("%s: every_element.star sent no element of this kind", f)
			continue
		}
		var g, w bytes.Buffer
		json.Compact(&g, got)
		json.Compact(&w, want)
		if g.String() != w.String() {
			t.Errorf("%s: the page sent\n%s\nwant\n%s\n(go test ./web -run TestWireGoldenElements -update rewrites the files)", kind, g.String(), w.String())
		}
	}
	for kind := range first {
		if !golden[kind] {
			t.Errorf("kind %q has no golden file %s.json (go test ./web -run TestWireGoldenElements -update)", kind, kind)
		}
	}
}

// comparePaths orders element paths as the page shows them: main.2 before
// main.10, and a container before its children.
func comparePaths(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] == pb[i] {
			continue
		}
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		if ea == nil && eb == nil {
			return na - nb
		}
		return strings.Compare(pa[i], pb[i])
	}
	return len(pa) - len(pb)
}
