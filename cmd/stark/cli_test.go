package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// starkCmd runs the command line args in this process.
func starkCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = stark(args, &o, &e)
	return code, o.String(), e.String()
}

// TestHelp: every way of asking for help says what a command does, its
// arguments, every flag and an example, on stdout with status 0; a mistake
// says what was wrong and how to get help, on stderr with status 2.
func TestHelp(t *testing.T) {
	code, _, stderr := starkCmd()
	if code != 2 || !strings.Contains(stderr, "commands:") {
		t.Errorf("stark: exit %d, stderr %q; want 2 and the list of commands", code, stderr)
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, stdout, _ := starkCmd(args...)
		if code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
		for _, c := range commandTable() {
			if strings.Contains(stdout, "\n  "+c.name+" ") == c.hidden {
				t.Errorf("%v lists %q: %v; hidden %v\n%s", args, c.name, !c.hidden, c.hidden, stdout)
			}
		}
	}
	for _, c := range commandTable() {
		if c.hidden || c.name == "help" || c.name == "version" {
			continue
		}
		for _, args := range [][]string{{"help", c.name}, {c.name, "--help"}, {c.name, "-h"}} {
			code, stdout, stderr := starkCmd(args...)
			if code != 0 || stderr != "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
			}
			for _, want := range []string{"usage: stark " + c.name + " " + c.args, "example:\n  stark " + c.name, c.about} {
				if !strings.Contains(stdout, want) {
					t.Errorf("%v lacks %q:\n%s", args, want, stdout)
				}
			}
		}
	}
	// Each flag of a command is in its help, with its default.
	_, stdout, _ := starkCmd("run", "--help")
	for _, want := range []string{"--addr string", "(default 127.0.0.1:8501)", "--no-watch\n", "--config string", "--grace duration"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("run --help lacks %q:\n%s", want, stdout)
		}
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `stark: unknown command "frobnicate"`},
		{[]string{"run"}, "stark run: missing DIR|FILE\nusage: stark run DIR|FILE [FLAGS]\nRun 'stark run --help'"},
		{[]string{"check", "a", "b"}, `stark check: unexpected argument "b"`},
		{[]string{"run", "--bogus", "x"}, "stark run: flag provided but not defined: -bogus"},
		{[]string{"render", "--timeout"}, "stark render: flag needs an argument: -timeout"},
		{[]string{"help", "nope"}, `stark help: there is no command "nope"`},
	} {
		code, stdout, stderr := starkCmd(tc.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, _ := starkCmd(args...)
		if code != 0 || !strings.HasPrefix(stdout, "stark ") || !strings.Contains(stdout, " go1.") {
			t.Errorf("%v: exit %d, %q; want stark VERSION … goVERSION", args, code, stdout)
		}
	}
}

// TestNew: the starter app checks clean and renders, and stark new never
// writes into a directory that has files.
func TestNew(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "myapp")
	code, stdout, stderr := starkCmd("new", dir)
	if code != 0 || !strings.Contains(stdout, "stark run "+dir) {
		t.Fatalf("new: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, f := range starterFiles {
		if _, err := os.Stat(filepath.Join(dir, f.name)); err != nil {
			t.Error(err)
		}
	}
	if code, stdout, stderr := starkCmd("check", dir); code != 0 || stdout != "" {
		t.Errorf("check of the starter: exit %d, %s%s", code, stdout, stderr)
	}
	code, stdout, stderr = starkCmd("render", filepath.Join(dir, "Home.star"), "--click", "Count")
	if code != 0 || !strings.Contains(stdout, `"clicks": 1`) {
		t.Errorf("render of the starter with a click: exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}

	before, _ := os.ReadFile(filepath.Join(dir, "Home.star"))
	code, _, stderr = starkCmd("new", dir)
	after, _ := os.ReadFile(filepath.Join(dir, "Home.star"))
	if code != 1 || !strings.Contains(stderr, "is not empty") || !bytes.Equal(before, after) {
		t.Errorf("new into a directory with files: exit %d, stderr %q, page changed %v", code, stderr, !bytes.Equal(before, after))
	}
}

// TestCheckFileAndCaret: check takes a page file as run does, and shows
// each mistake's line with a caret under its column; render shows the
// failing line of a backtrace the same way.
func TestCheckFileAndCaret(t *testing.T) {
	dir := newAppDir(t, map[string]string{
		"good.star": "st.title('fine')\n",
		"bad.star":  "st.title('x')\nst.write(nme)\n",
		"tabs.star": "def f(d):\n\treturn d[\"k\"]\nf({})\n",
	})
	if code, stdout, stderr := starkCmd("check", filepath.Join(dir, "good.star")); code != 0 || !strings.Contains(stderr, "ok: 1 file(s) checked") {
		t.Errorf("check FILE: exit %d, %s%s", code, stdout, stderr)
	}
	code, stdout, _ := starkCmd("check", dir)
	if want := "bad.star:2:10: undefined: nme\n    st.write(nme)\n             ^\n"; code != 1 || stdout != want {
		t.Errorf("check DIR: exit %d, stdout\n%s\nwant\n%s", code, stdout, want)
	}
	code, _, stderr := starkCmd("render", filepath.Join(dir, "tabs.star"))
	if want := "Error: key \"k\" not in dict\n    \treturn d[\"k\"]\n    \t        ^\n"; code != 1 || !strings.HasSuffix(stderr, want) {
		t.Errorf("render: exit %d, stderr\n%s\nwant it to end with\n%s", code, stderr, want)
	}
}

// TestRenderClickByLabel: --click finds a button by its label when no key
// or id matches, and says which labels there are when none does.
func TestRenderClickByLabel(t *testing.T) {
	dir := newAppDir(t, map[string]string{
		"form.star": `f = st.form("f")
name = f.text_input("Name", "Ada")
if f.form_submit_button("Save"):
    st.session_state["saved"] = name
if st.button("Twice") or st.button("Twice", key = "other"):
    st.session_state["twice"] = True
`,
	})
	page := filepath.Join(dir, "form.star")
	code, stdout, stderr := starkCmd("render", page, "--click", "Save")
	if code != 0 || !strings.Contains(stdout, `"saved": "Ada"`) {
		t.Errorf("--click Save: exit %d, stderr %q, stdout\n%s", code, stderr, stdout)
	}
	for _, tc := range []struct{ click, want string }{
		{"Nope", `no button has the id, key or label "Nope"; the buttons of the last run are labelled "Save", "Twice", "Twice"`},
		{"Twice", `2 buttons are labelled "Twice"`},
	} {
		code, _, stderr := starkCmd("render", page, "--click", tc.click)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("--click %s: exit %d, stderr %q; want %q", tc.click, code, stderr, tc.want)
		}
	}
}
