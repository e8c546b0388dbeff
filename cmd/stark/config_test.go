package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An invalid stark.toml stops run, check and render with its mistakes.
func TestInvalidConfigRefused(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "page.star"), []byte("st.title('x')\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "stark.toml"), []byte("[limits]\nstepz = 1\n"), 0o644)
	want := filepath.Join(dir, "stark.toml") + ":2:1: [limits] stepz: unknown key"

	var stderr, stdout bytes.Buffer
	if code := run([]string{dir, "--addr", "127.0.0.1:0"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), want) {
		t.Errorf("run: exit %d, stderr %q; want 2 and %q", code, stderr.String(), want)
	}
	stderr.Reset()
	if code := check([]string{dir}, &stdout, &stderr); code != 1 || !strings.Contains(stdout.String(), want) {
		t.Errorf("check: exit %d, stdout %q; want 1 and %q", code, stdout.String(), want)
	}
	stderr.Reset()
	if code := render([]string{filepath.Join(dir, "page.star")}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), want) {
		t.Errorf("render: exit %d, stderr %q; want 2 and %q", code, stderr.String(), want)
	}

	// --config points elsewhere.
	other := filepath.Join(t.TempDir(), "other.toml")
	os.WriteFile(other, []byte("[theme]\nbase = \"blue\"\n"), 0o644)
	stderr.Reset()
	if code := run([]string{dir, "--config", other}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), other+`:2:8: [theme] base: got "blue"`) {
		t.Errorf("run --config: exit %d, stderr %q", code, stderr.String())
	}
}
