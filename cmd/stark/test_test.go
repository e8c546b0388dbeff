package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testApp writes files (path to content) under a new directory.
func testApp(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var counterApp = map[string]string{
	"1_Counter.star": "n = st.slider(\"n\", 0, 10, 3, key=\"n\")\nst.markdown(\"double: %d\" % (2 * n))\n",
	"tests/counter_test.star": `
def test_double():
    app = apptest("1_Counter.star").run()
    assert.eq(app.markdown[0].body, "double: 6")
    print("checked the first run")

def test_set():
    app = apptest("1_Counter.star").run()
    assert.eq(app.slider("n").set(5).run().markdown[0].body, "double: 10")
`,
	"counter_test.star": `
def test_wrong():
    app = apptest("1_Counter.star").run()
    assert.eq(app.markdown[0].body, "double: 7")
`,
}

// stark test prints a line per test and a count, exits 1 on a failure;
// -run selects, -v shows what passing tests printed, --junit and --json
// write reports a CI system reads.
func TestStarkTest(t *testing.T) {
	dir := testApp(t, counterApp)
	code, stdout, stderr := starkCmd("test", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"FAIL counter_test.star:test_wrong (",
		"    counter_test.star:4:14: assert.eq: \"double: 6\" != \"double: 7\"\n",
		"ok   tests/counter_test.star:test_double (",
		"ok   tests/counter_test.star:test_set (",
		"2 passed, 1 failed (",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "checked the first run") {
		t.Errorf("without -v, a passing test's output is not printed:\n%s", stdout)
	}

	code, stdout, _ = starkCmd("test", dir, "-run", "counter_test.star:test_d", "-v")
	if code != 0 || !strings.Contains(stdout, "    checked the first run\n") || !strings.Contains(stdout, "1 passed, 0 failed") {
		t.Errorf("-run selects one test, -v shows its output: exit %d\n%s", code, stdout)
	}

	junit := filepath.Join(t.TempDir(), "report.xml")
	code, stdout, _ = starkCmd("test", dir, "--junit", junit, "--json", "-parallel", "1")
	if code != 1 {
		t.Errorf("--json: exit %d", code)
	}
	var rep struct {
		Passed, Failed int
		Tests          []struct {
			File, Name, Failure string
			Passed              bool
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Passed != 2 || rep.Failed != 1 || len(rep.Tests) != 3 {
		t.Errorf("--json: %v %+v\n%s", err, rep, stdout)
	}
	b, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var x struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &x); err != nil || x.Tests != 3 || x.Failures != 1 || len(x.Suites) != 2 ||
		x.Suites[0].Cases[0].Failure == nil || !strings.Contains(x.Suites[0].Cases[0].Failure.Message, "assert.eq") {
		t.Errorf("--junit: %v %+v\n%s", err, x, b)
	}
}

// A test file that does not compile stops stark test with status 2 and
// the mistake; stark check reports it too.
func TestStarkTestCompileError(t *testing.T) {
	dir := testApp(t, map[string]string{
		"1_A.star":            "st.title(\"a\")\n",
		"tests/bad_test.star": "def test_a():\n    st.title(\"x\")\n",
	})
	code, stdout, _ := starkCmd("test", dir)
	if code != 2 || !strings.Contains(stdout, "tests/bad_test.star:2:5: undefined: st") || !strings.Contains(stdout, "a test is not a page") {
		t.Errorf("stark test: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = starkCmd("check", dir)
	if code != 1 || !strings.Contains(stdout, "tests/bad_test.star:2:5: undefined: st") {
		t.Errorf("stark check: exit %d\n%s", code, stdout)
	}
	if code, _, _ := starkCmd("test", dir, "-run", "("); code != 2 {
		t.Errorf("a bad -run: exit %d, want 2", code)
	}
}

// --cover prints each page's share of statements run after the summary;
// --cover-out writes the annotated listing; with --json the summary goes
// to stderr, keeping stdout one JSON object.
func TestStarkTestCover(t *testing.T) {
	dir := testApp(t, map[string]string{
		"1_Counter.star":          counterApp["1_Counter.star"] + "if False:\n    st.markdown(\"never\")\n",
		"tests/counter_test.star": counterApp["tests/counter_test.star"],
	})
	out := filepath.Join(t.TempDir(), "cover.txt")
	code, stdout, stderr := starkCmd("test", "--cover-out", out, dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"2 passed, 0 failed", "cover 1_Counter.star  75.0% of 4 statements\n", "cover total           75.0% of 4 statements\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	listing, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "!    0 |     st.markdown(\"never\")\n"; !strings.Contains(string(listing), want) {
		t.Errorf("listing lacks %q:\n%s", want, listing)
	}
	code, stdout, stderr = starkCmd("test", "--json", "--cover", dir)
	var v map[string]any
	if code != 0 || json.Unmarshal([]byte(stdout), &v) != nil || !strings.Contains(stderr, "cover total") {
		t.Errorf("--json --cover: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}
