package watch_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/internal/watch"
)

func star(rel string) bool { return strings.HasSuffix(rel, ".star") }

func start(t *testing.T, dir string) *watch.Watcher {
	t.Helper()
	w, err := watch.New(dir, watch.Options{Match: star})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next returns the next change, failing after a generous bound.
func next(t *testing.T, w *watch.Watcher) []string {
	t.Helper()
	select {
	case ch := <-w.Changes():
		return ch.Files
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported")
		return nil
	}
}

// quiet fails if a change arrives within d.
func quiet(t *testing.T, w *watch.Watcher, d time.Duration) {
	t.Helper()
	select {
	case ch := <-w.Changes():
		t.Fatalf("unexpected change %v", ch.Files)
	case <-time.After(d):
	}
}

func TestEditorSaves(t *testing.T) {
	tests := []struct {
		name string
		save func(t *testing.T, dir string)
	}{
		{"write in place", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "page.star"), "st.text('v2')\n")
		}},
		{"temp file renamed over", func(t *testing.T, dir string) {
			tmp := filepath.Join(dir, ".page.star.tmp123")
			write(t, tmp, "st.text('v2')\n")
			if err := os.Rename(tmp, filepath.Join(dir, "page.star")); err != nil {
				t.Fatal(err)
			}
		}},
		{"vim: backup rename, then write", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "page.star")
			if err := os.Rename(p, p+"~"); err != nil {
				t.Fatal(err)
			}
			write(t, p, "st.text('v2')\n")
			os.Remove(p + "~")
		}},
		{"remove and re-create", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "page.star")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			write(t, p, "st.text('v2')\n")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "page.star"), "st.text('v1')\n")
			w := start(t, dir)
			tt.save(t, dir)
			if got := next(t, w); !slices.Equal(got, []string{"page.star"}) {
				t.Errorf("change %v, want [page.star]", got)
			}
			quiet(t, w, 200*time.Millisecond)
		})
	}
}

func TestIgnored(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "page.star"), "x = 1\n")
	w := start(t, dir)
	write(t, filepath.Join(dir, ".page.star.swp"), "swap")
	write(t, filepath.Join(dir, "notes.txt"), "hello")
	write(t, filepath.Join(dir, ".git", "HEAD"), "ref")
	write(t, filepath.Join(dir, "page.star~"), "backup")
	if err := os.Chmod(filepath.Join(dir, "page.star"), 0o600); err != nil {
		t.Fatal(err)
	}
	quiet(t, w, 300*time.Millisecond)
}

func TestBurstIsAtMostTwoChanges(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "page.star")
	write(t, p, "x = 0\n")
	w := start(t, dir)
	for i := 1; i <= 20; i++ {
		write(t, p, strings.Repeat("x = 1\n", i))
	}
	n := 0
	timeout := time.After(2 * time.Second)
loop:
	for {
		select {
		case <-w.Changes():
			n++
		case <-timeout:
			break loop
		}
	}
	if n < 1 || n > 2 {
		t.Errorf("20 saves in a burst gave %d changes, want 1 or 2", n)
	}
}

func TestNewSubdirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "page.star"), "x = 1\n")
	w := start(t, dir)
	// A directory created with a module already in it (as git checkout or a
	// copy does), then a module written into it afterwards.
	staged := filepath.Join(t.TempDir(), "lib")
	write(t, filepath.Join(staged, "a.star"), "A = 1\n")
	if err := os.Rename(staged, filepath.Join(dir, "lib")); err != nil {
		t.Fatal(err)
	}
	if got := next(t, w); !slices.Contains(got, "lib/a.star") {
		t.Errorf("change %v, want lib/a.star", got)
	}
	write(t, filepath.Join(dir, "lib", "b.star"), "B = 1\n")
	if got := next(t, w); !slices.Equal(got, []string{"lib/b.star"}) {
		t.Errorf("change %v, want [lib/b.star]", got)
	}
}

func TestCloseReleases(t *testing.T) {
	dir := t.TempDir()
	w, err := watch.New(dir, watch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-w.Changes(); ok {
		t.Error("Changes still open after Close")
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
