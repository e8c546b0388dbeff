// Command compat measures how much of Streamlit's own end-to-end test apps
// run on stark: it translates each app mechanically to Starlark (see
// translate.go), renders it with `stark render` and reports how many run
// without error and the causes of the failures, most frequent first.
//
//	go run ./internal/compat -git /work/.mirror/streamlit+streamlit/repo -rev 2db81f7f
//	go run ./internal/compat -src DIR          # a directory of Streamlit apps (*.py)
//
// The apps are Streamlit's code, not ours: the tool writes them and their
// translations under -out (default a directory in /tmp), never in the
// repository. It is not part of `make test`.
package main

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"go.starlark.net/starlark"

	"github.com/stark-dev/stark/starlib"
)

func main() {
	gitDir := flag.String("git", "", "a git directory of the streamlit repository (read with git show)")
	rev := flag.String("rev", "2db81f7f", "the revision of -git whose e2e_playwright/*.py to measure (Streamlit 1.39)")
	src := flag.String("src", "", "a directory of Streamlit apps (*.py); instead of -git")
	out := flag.String("out", filepath.Join(os.TempDir(), "stark-compat"), "where the apps and their translations are written")
	starkBin := flag.String("stark", "", "the stark binary (default: go build ./cmd/stark into -out)")
	timeout := flag.Duration("timeout", 60*time.Second, "wall time of one render")
	verbose := flag.Bool("v", false, "print every app's result")
	flag.Parse()
	if err := run(*gitDir, *rev, *src, *out, *starkBin, *timeout, *verbose, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "compat:", err)
		os.Exit(1)
	}
}

// app is one Streamlit app and what became of it.
type app struct {
	name     string
	commands []string // the st attributes it uses
	imports  []string // modules other than streamlit
	outside  []string // why it is outside this issue's scope, or nil
	err      string   // the translation's or the run's error, "" when it ran
	cause    string   // err, normalised for counting
	more     []string // the causes found after removing the first error's argument
}

// renderAll renders the page; while it fails on a keyword argument stark
// lacks or refuses, it removes that argument and renders again, so that one
// app names every parameter it misses. It returns the first error and the
// causes after it.
func renderAll(bin, page, src string, timeout time.Duration) (string, []string) {
	first, line, col := render(bin, page, timeout)
	msg := first
	var more []string
	for i := 0; msg != "" && i < 40; i++ {
		kw := ""
		if m := reKwarg.FindStringSubmatch(msg); m != nil {
			kw = m[2]
		} else if m := reParam.FindStringSubmatch(msg); m != nil {
			kw = m[2]
		}
		if kw == "" || line == 0 {
			break
		}
		next, ok := dropKwarg(src, line, col, kw)
		if !ok {
			break
		}
		src = next
		probe := filepath.Join(filepath.Dir(page), "probe", filepath.Base(page))
		if os.MkdirAll(filepath.Dir(probe), 0o755) != nil || os.WriteFile(probe, []byte(src), 0o644) != nil {
			break
		}
		msg, line, col = render(bin, probe, timeout)
		if msg != "" {
			more = append(more, cause(msg))
		}
	}
	return first, more
}

// dropKwarg removes the argument kw= of the call whose parenthesis is at
// line:col (1-based) of src.
func dropKwarg(src string, line, col int, kw string) (string, bool) {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			return "", false
		}
		off += i + 1
	}
	off += col - 1
	if off >= len(src) || src[off] != '(' {
		return "", false
	}
	depth, start := 0, -1
	var inStr byte
	for i := off; i < len(src); i++ {
		if quoted(src, &i, &inStr) {
			continue
		}
		c := src[i]
		switch c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				if start >= 0 {
					return src[:start] + src[i:], true
				}
				return "", false
			}
		case ',':
			if depth == 1 && start >= 0 {
				return src[:start] + src[i+1:], true
			}
		}
		if depth == 1 && start < 0 && (c == ',' || c == '(') {
			rest := strings.TrimLeft(src[i+1:], " \t\n")
			if strings.HasPrefix(rest, kw) && strings.HasPrefix(strings.TrimLeft(rest[len(kw):], " "), "=") &&
				!strings.HasPrefix(strings.TrimLeft(rest[len(kw):], " "), "==") {
				start = i + 1
				if c == ',' {
					start = i // drop the comma before it
				}
			}
		}
	}
	return "", false
}

func run(gitDir, rev, src, out, starkBin string, timeout time.Duration, verbose bool, w io.Writer) error {
	if (gitDir == "") == (src == "") {
		return fmt.Errorf("give one of -git and -src")
	}
	if gitDir != "" {
		src = filepath.Join(out, "src")
		if err := extract(gitDir, rev, src); err != nil {
			return err
		}
	}
	if starkBin == "" {
		starkBin = filepath.Join(out, "stark")
		cmd := exec.Command("go", "build", "-o", starkBin, "./cmd/stark")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building stark (run from the repository's root): %v", err)
		}
	}
	files, err := filepath.Glob(filepath.Join(src, "*.py"))
	if err != nil {
		return err
	}
	var apps []*app
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasSuffix(base, "_test.py") || base == "conftest.py" || base == "__init__.py" {
			continue
		}
		a := &app{name: strings.TrimSuffix(base, ".py")}
		apps = append(apps, a)
		text, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		tr, err := translate(string(text))
		if err != nil {
			a.err = "translate: " + err.Error()
			a.cause = "translator: " + err.Error()
			continue
		}
		a.imports = tr.imports
		a.commands = stCommands(string(text))
		a.outside = outside(a)
		dir := filepath.Join(out, "pages", a.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := writePrelude(filepath.Join(dir, "_compat")); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "stark.toml"), []byte(compatConfig), 0o644); err != nil {
			return err
		}
		page := filepath.Join(dir, a.name+".star")
		if err := os.WriteFile(page, []byte(tr.out), 0o644); err != nil {
			return err
		}
		a.err, a.more = renderAll(starkBin, page, tr.out, timeout)
		a.cause = cause(a.err)
	}
	report(apps, out, verbose, w)
	return nil
}

// compatConfig is the stark.toml of every translated app. Streamlit's apps
// make data in Python at C speed (np.random.randn(50000, 20), an 800×3000
// pixel array); the shims make it in Starlark, one step per element and
// more, so a run gets 50 times the default steps (10,000,000). A
// translation that loops stops at this bound too; the -timeout bounds
// the wall time.
const compatConfig = "[limits]\nsteps = 500_000_000\n"

// prelude holds the shims of Python modules (see shims in translate.go).
//
//go:embed prelude/*.star
var prelude embed.FS

// writePrelude copies the shims into dir, where a translated page loads
// them from (_compat/NAME.star beside the page).
func writePrelude(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files, err := prelude.ReadDir("prelude")
	if err != nil {
		return err
	}
	for _, f := range files {
		b, err := prelude.ReadFile("prelude/" + f.Name())
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// extract writes rev's e2e_playwright/*.py of the git directory into dir.
func extract(gitDir, rev, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ls, err := exec.Command("git", "--git-dir", gitDir, "ls-tree", "--name-only", rev, "e2e_playwright/").Output()
	if err != nil {
		return fmt.Errorf("git ls-tree %s: %v", rev, err)
	}
	for _, p := range strings.Fields(string(ls)) {
		if !strings.HasSuffix(p, ".py") {
			continue
		}
		body, err := exec.Command("git", "--git-dir", gitDir, "show", rev+":"+p).Output()
		if err != nil {
			return fmt.Errorf("git show %s:%s: %v", rev, p, err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(p)), body, 0o644); err != nil {
			return err
		}
	}
	return nil
}

var (
	reSt     = regexp.MustCompile(`\bst\.([a-z_]\w*)`)
	reMethod = regexp.MustCompile(`\.([a-z_]\w*)\(`)
)

// containerCommands are Streamlit's commands that apps also call on
// containers (col.image(...)), as of 1.39.
var containerCommands = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`altair_chart area_chart audio audio_input balloons bar_chart bokeh_chart
		button caption camera_input chat_message chat_input checkbox code columns tabs container dataframe
		data_editor date_input divider download_button expander feedback pydeck_chart empty error exception
		file_uploader form form_submit_button graphviz_chart header help html image info json latex line_chart
		link_button map markdown metric multiselect number_input page_link pills plotly_chart popover progress
		pyplot radio scatter_chart selectbox select_slider segmented_control slider snow subheader success
		table text text_area text_input toggle time_input title vega_lite_chart video warning write
		write_stream color_picker status experimental_audio_input`) {
		containerCommands[n] = true
	}
}

// stCommands returns the st attributes the app uses, and the Streamlit
// commands it calls on containers, sorted.
func stCommands(src string) []string {
	src = codeOnly(src)
	seen := map[string]bool{}
	for _, m := range reSt.FindAllStringSubmatch(src, -1) {
		seen[m[1]] = true
	}
	for _, m := range reMethod.FindAllStringSubmatch(src, -1) {
		if containerCommands[m[1]] {
			seen[m[1]] = true
		}
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// codeOnly returns Python source with its comments and the insides of its
// string literals blanked, so that a command named in a comment or a text
// ("# st.area/bar/line_chart use Vega-Lite") is not counted as used.
func codeOnly(src string) string {
	b := []byte(src)
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '#':
			for ; i < len(b) && b[i] != '\n'; i++ {
				b[i] = ' '
			}
		case '"', '\'':
			q := string([]byte{c})
			if i+2 < len(b) && b[i+1] == c && b[i+2] == c {
				q = strings.Repeat(q, 3)
			}
			j := i + len(q)
			for ; j < len(b) && !strings.HasPrefix(string(b[j:min(j+len(q), len(b))]), q); j++ {
				if b[j] == '\\' {
					b[j] = ' '
					j++
				}
				if j < len(b) && (b[j] != '\n' || len(q) == 3) {
					b[j] = ' '
				}
				if j < len(b) && b[j] == '\n' && len(q) == 1 {
					break // an unterminated literal ends at its line
				}
			}
			i = j + len(q) - 1
		}
	}
	return string(b)
}

// inIssue are the Streamlit spellings that issue 14 adds beside stark's
// own names.
var inIssue = map[string]bool{"cache_data": true, "cache_resource": true, "column_config": true,
	"__version__": true} // the translation writes st.__version__ as a string

// modulesStarkHas are Python modules whose use a page keeps (stark has a
// module of that name, or the translation maps it).
var modulesStarkHas = map[string]bool{"time": true, "json": true, "math": true}

func init() {
	for m := range shims {
		modulesStarkHas[m] = true
	}
}

// coming are the commands issue 15 adds that this tree may lack: an app
// whose first error is one of them is counted apart, as the upper bound of
// what it will do once they land (its later errors are not known yet).
var coming = map[string]bool{}

var reCommand = regexp.MustCompile(`^command st\.(?:\w+\.)?(\w+)$`)

func init() {
	for _, n := range strings.Fields(`chat_input chat_message write_stream dialog experimental_dialog navigation
		Page feedback map graphviz_chart data_editor context secrets connection get_option set_option login
		logout user experimental_user camera_input audio_input experimental_audio_input`) {
		coming[n] = true
	}
}

// deliberate are the apps that fail on purpose, in Streamlit too.
var deliberate = map[string]bool{"compilation_error_dialog": true}

// outside says why an app uses more than issue 14's commands: st commands
// stark lacks entirely (the next issue), or Python modules.
func outside(a *app) []string {
	var why []string
	stHas := map[string]bool{}
	if st, ok := starlib.Predeclared()["st"].(starlark.HasAttrs); ok {
		for _, n := range st.AttrNames() {
			stHas[n] = true
		}
	}
	for _, c := range a.commands {
		if !stHas[c] && !inIssue[c] {
			why = append(why, "st."+c)
		}
	}
	if deliberate[a.name] {
		why = append(why, "a deliberate error")
	}
	for _, m := range a.imports {
		if m == "streamlit.components" && stHas["components"] {
			continue // the translation writes it st.components
		}
		if !modulesStarkHas[m] {
			why = append(why, "import "+m)
		}
	}
	return why
}

// render runs stark render on page and returns its error, "" on success,
// and the position of the innermost call of the page that failed.
func render(bin, page string, timeout time.Duration) (msg string, line, col int) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout+10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "render", "--timeout", timeout.String(), page)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return "", 0, 0
	}
	var res struct {
		Error *struct {
			Message string `json:"message"`
			Frames  []struct {
				File string `json:"file"`
				Line int    `json:"line"`
				Col  int    `json:"col"`
			} `json:"frames"`
		} `json:"error"`
	}
	if json.Unmarshal(stdout.Bytes(), &res) == nil && res.Error != nil {
		for _, f := range res.Error.Frames {
			if f.File == filepath.Base(page) {
				line, col = f.Line, f.Col
			}
		}
		return res.Error.Message, line, col
	}
	msg = strings.TrimSpace(stderr.String())
	if msg == "" {
		msg = err.Error()
	}
	return msg, 0, 0
}

var (
	reKwarg   = regexp.MustCompile(`^([\w.]+): unexpected keyword argument "(\w+)"`)
	reNoAttr  = regexp.MustCompile(`^([\w.]+) has no \.(\w+) field or method`)
	reUndef   = regexp.MustCompile(`undefined: (\w+)`)
	reParam   = regexp.MustCompile(`^([\w.]+): for parameter (\w+): `)
	reMissing = regexp.MustCompile(`^([\w.]+): missing argument for (\w+)`)
	reSyntax  = regexp.MustCompile(`^[^:]*\.star:\d+:\d+: (.*)$`)
	reQuoted  = regexp.MustCompile(`"[^"]*"|\d+`)
)

// cause normalises an error so that errors of one cause count together.
func cause(msg string) string {
	if msg == "" {
		return ""
	}
	first := strings.SplitN(msg, "\n", 2)[0]
	if m := reKwarg.FindStringSubmatch(first); m != nil {
		return "parameter " + m[1] + "(" + m[2] + "=)"
	}
	if m := reNoAttr.FindStringSubmatch(first); m != nil {
		return "command " + m[1] + "." + m[2]
	}
	if m := reUndef.FindStringSubmatch(first); m != nil {
		return "undefined name " + m[1]
	}
	if m := reParam.FindStringSubmatch(first); m != nil {
		return "value " + m[1] + "(" + m[2] + "=)"
	}
	if m := reMissing.FindStringSubmatch(first); m != nil {
		return "missing argument " + m[1] + "(" + m[2] + ")"
	}
	if m := reSyntax.FindStringSubmatch(first); m != nil {
		first = "syntax: " + m[1]
	}
	return reQuoted.ReplaceAllString(first, "…")
}

func report(apps []*app, out string, verbose bool, w io.Writer) {
	ran, inScope, inScopeRan := 0, 0, 0
	plain, plainRan := 0, 0 // in scope, and importing no module but time, json, math (issue 14's measure)
	causes := map[string][]string{}
	causesIn := map[string]int{}
	outsideWhy := map[string]int{}
	for _, a := range apps {
		if a.err == "" {
			ran++
		} else {
			causes[a.cause] = append(causes[a.cause], a.name)
		}
		if len(a.outside) == 0 && !strings.HasPrefix(a.err, "translate:") {
			inScope++
			if a.err == "" {
				inScopeRan++
			} else {
				causesIn[a.cause]++
			}
			if importsOnly(a.imports, "time", "json", "math") {
				plain++
				if a.err == "" {
					plainRan++
				}
			}
		}
		for _, why := range a.outside {
			outsideWhy[why]++
		}
		if verbose {
			status := "ok"
			if a.err != "" {
				status = "FAIL " + strings.SplitN(a.err, "\n", 2)[0]
			}
			scope := "in scope"
			if len(a.outside) > 0 {
				scope = "outside: " + strings.Join(a.outside, ", ")
			}
			fmt.Fprintf(w, "%-45s %s [%s]\n", a.name, status, scope)
		}
	}
	var waiting []string
	for _, a := range apps {
		if m := reCommand.FindStringSubmatch(a.cause); m != nil && coming[m[1]] {
			waiting = append(waiting, a.name)
		}
	}
	fmt.Fprintf(w, "Streamlit's e2e apps translated to %s/pages\n", out)
	fmt.Fprintf(w, "all apps: %d of %d run without error\n", ran, len(apps))
	fmt.Fprintf(w, "and %d whose first error is a command issue 15 adds (at most %d of %d once they land): %s\n",
		len(waiting), ran+len(waiting), len(apps), strings.Join(waiting, " "))
	fmt.Fprintf(w, "apps that use only stark's commands and issue 14's spellings, and no Python module but time, json, math and the shimmed ones (prelude/): %d of %d run without error\n", inScopeRan, inScope)
	fmt.Fprintf(w, "of those, the apps that import no Python module but time, json, math (issue 14's measure): %d of %d\n", plainRan, plain)
	fmt.Fprintf(w, "\nfailure causes (first error of each app; apps in scope / all apps):\n")
	type kv struct {
		k    string
		apps []string
	}
	var list []kv
	for k, v := range causes {
		list = append(list, kv{k, v})
	}
	sort.Slice(list, func(i, j int) bool {
		if len(list[i].apps) != len(list[j].apps) {
			return len(list[i].apps) > len(list[j].apps)
		}
		return list[i].k < list[j].k
	})
	for _, e := range list {
		fmt.Fprintf(w, "  %2d / %2d  %s  (%s)\n", causesIn[e.k], len(e.apps), e.k, strings.Join(e.apps, " "))
	}
	// Every cause of every app, the first and those found by removing
	// the arguments before it: the to-do list.
	need := map[string]map[string]bool{}
	for _, a := range apps {
		for _, c := range append([]string{a.cause}, a.more...) {
			if c == "" {
				continue
			}
			if need[c] == nil {
				need[c] = map[string]bool{}
			}
			need[c][a.name] = true
		}
	}
	var needs []string
	for k := range need {
		if strings.HasPrefix(k, "parameter ") || strings.HasPrefix(k, "value ") {
			needs = append(needs, k)
		}
	}
	sort.Slice(needs, func(i, j int) bool {
		if len(need[needs[i]]) != len(need[needs[j]]) {
			return len(need[needs[i]]) > len(need[needs[j]])
		}
		return needs[i] < needs[j]
	})
	fmt.Fprintf(w, "\nparameters stark lacks or refuses, over every app (the argument removed and the app run again; apps):\n")
	for _, k := range needs {
		fmt.Fprintf(w, "  %3d  %s\n", len(need[k]), k)
	}
	fmt.Fprintf(w, "\nwhy apps are out of scope (apps):\n")
	var why []string
	for k := range outsideWhy {
		why = append(why, k)
	}
	sort.Slice(why, func(i, j int) bool {
		if outsideWhy[why[i]] != outsideWhy[why[j]] {
			return outsideWhy[why[i]] > outsideWhy[why[j]]
		}
		return why[i] < why[j]
	})
	for _, k := range why {
		fmt.Fprintf(w, "  %3d  %s\n", outsideWhy[k], k)
	}
}

// importsOnly reports whether every module of imports is one of allowed.
func importsOnly(imports []string, allowed ...string) bool {
	for _, m := range imports {
		if !slices.Contains(allowed, strings.SplitN(m, ".", 2)[0]) {
			return false
		}
	}
	return true
}
