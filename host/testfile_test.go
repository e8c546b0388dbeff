package host_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
)

// Test files (*_test.star) are files of the app, not pages: the page list,
// and so navigation, skips them.
func TestPagesSkipTestFiles(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"1_Home.star":             "st.write(1)\n",
		"2_Orders.star":           "st.write(2)\n",
		"orders_test.star":        "def test_x():\n    pass\n",
		"tests/home_test.star":    "def test_y():\n    pass\n",
		"not_a_test_star.star":    "st.write(3)\n",
		"lib/helpers_test.star":   "x = 1\n",
		"2_Orders_test.star.orig": "",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app, err := starlib.NewApp(dir, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	pages, err := app.Pages()
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, p := range pages {
		files = append(files, p.File)
	}
	if got, want := len(files), 3; got != want || files[0] != "1_Home.star" || files[1] != "2_Orders.star" || files[2] != "not_a_test_star.star" {
		t.Fatalf("pages = %q, want 1_Home.star, 2_Orders.star, not_a_test_star.star", files)
	}
}

// CompileFile compiles a test file with its own predeclared names, and a
// mistake carries its position and line.
func TestCompileFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a_test.star"), []byte("def test_a():\n    assert.eq(1, 1)\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b_test.star"), []byte("def test_b():\n    st.write(1)\n"), 0o644)
	only := func(name string) bool { return name == "assert" }
	if _, err := host.CompileFile(dir, "a_test.star", only); err != nil {
		t.Fatalf("a_test.star: %v", err)
	}
	_, err := host.CompileFile(dir, "b_test.star", only)
	if err == nil || err.Error() != "b_test.star:2:5: undefined: st" || err.(*host.Error).Snippet != "    st.write(1)" {
		t.Fatalf("b_test.star: %v, want b_test.star:2:5: undefined: st with its line", err)
	}
}
