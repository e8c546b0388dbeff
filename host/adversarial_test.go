package host_test

// The adversarial suite: one page per attack in testdata/adversarial/, each
// with its expectations in header comments:
//
//	# want: TEXT        the run fails with an error containing TEXT
//	# text: TEXT        the run completes and TEXT travels verbatim as a
//	                    string in some element's properties
//	# limits: k=v ...   steps, wall, threads, elements, element_bytes
//	# http_allow: HOST  the app's [http] allow
//	# guard: yes        the heap guard runs with a small budget
//	# isolate: yes      the page runs in a child process whose address
//	                    space is capped (isolatedCap), so that a page that
//	                    takes the process down fails its case instead of
//	                    ending the test binary: every memory-heavy page
//	                    says it
//	# connection: DRIVER DSN
//	                    the app's connection "db"; ../other/victim.db is
//	                    another app's SQLite database holding the secret
//
// Each page runs in an app directory beside another app's files
// (../other/secret.csv, ../other/secret.star) and symlinks out of the app
// (link.csv -> ../other/secret.csv, link.star -> ../other/secret.star,
// linkdir -> ../other). After every attack the process is up and an
// ordinary page still runs.

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	starhttp "github.com/stark-dev/stark/lib/http"
	starsql "github.com/stark-dev/stark/lib/sql"
	"github.com/stark-dev/stark/starlib"
	_ "modernc.org/sqlite" // the "sqlite" driver, for the other app's database
)

type attack struct {
	want, allow string
	connection  *starsql.Connection
	texts       []string
	limits      host.Limits
	guard       bool
	isolate     bool
}

func parseAttack(t *testing.T, src string) attack {
	var a attack
	for _, line := range strings.Split(src, "\n") {
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "# "), ": ")
		if !ok || !strings.HasPrefix(line, "# ") {
			continue
		}
		switch k {
		case "want":
			a.want = v
		case "text":
			a.texts = append(a.texts, v)
		case "http_allow":
			a.allow = v
		case "guard":
			a.guard = v == "yes"
		case "isolate":
			a.isolate = v == "yes"
		case "connection":
			driver, dsn, _ := strings.Cut(v, " ")
			a.connection = &starsql.Connection{Driver: driver, DSN: dsn}
		case "limits":
			for _, kv := range strings.Fields(v) {
				name, val, _ := strings.Cut(kv, "=")
				n, _ := strconv.ParseInt(val, 10, 64)
				switch name {
				case "steps":
					a.limits.Steps = uint64(n)
				case "wall":
					d, err := time.ParseDuration(val)
					if err != nil {
						t.Fatal(err)
					}
					a.limits.WallTime = d
				case "threads":
					a.limits.Threads = int(n)
				case "elements":
					a.limits.Elements = int(n)
				case "element_bytes":
					a.limits.ElementBytes = n
				case "call_bytes":
					a.limits.CallBytes = n
				case "memory":
					a.limits.Memory = n
				default:
					t.Fatalf("unknown limit %q", name)
				}
			}
		}
	}
	if a.want == "" && a.texts == nil {
		t.Fatal("the page says neither # want: nor # text:")
	}
	return a
}

// strings collects every string of a decoded JSON value.
func jsonStrings(v any, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, v)
	case []any:
		for _, x := range v {
			jsonStrings(x, out)
		}
	case map[string]any:
		for _, x := range v {
			jsonStrings(x, out)
		}
	}
}

// symlinksOut makes the symlinks of the app in dir that point out of it,
// at the other app beside it.
func symlinksOut(t *testing.T, dir string) {
	t.Helper()
	for link, target := range map[string]string{
		"link.csv":  "../other/secret.csv",
		"link.star": "../other/secret.star",
		"linkdir":   "../other",
	} {
		if err := os.Symlink(filepath.FromSlash(target), filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAdversarialPages(t *testing.T) {
	pages, err := filepath.Glob("testdata/adversarial/*.star")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages: %v", err)
	}
	for _, page := range pages {
		name := filepath.Base(page)
		t.Run(strings.TrimSuffix(name, ".star"), func(t *testing.T) {
			src, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			a := parseAttack(t, string(src))
			if a.isolate && os.Getenv(isolatedEnv) == "" {
				runIsolated(t, name)
				return
			}
			runAttack(t, name, string(src), a)
		})
	}
}

// runAttack runs the page name (source src) in an app beside another
// app's files and checks what a says.
func runAttack(t *testing.T, name, src string, a attack) {
	root := t.TempDir()
	dir := filepath.Join(root, "app")
	writeFiles(t, root, map[string]string{
		"app/" + name:       src,
		"app/data.csv":      "a,b\n1,2\n",
		"app/calm.star":     `st.text("still here")` + "\n",
		"other/secret.csv":  "secret\nhunter2\n",
		"other/secret.star": `secret = "hunter2"` + "\n",
	})
	symlinksOut(t, dir)
	opts := starlib.Options(a.limits)
	if a.allow != "" {
		starhttp.Configure(&opts, starhttp.Options{Allow: []string{a.allow}})
	}
	if a.connection != nil {
		victimDatabase(t, filepath.Join(root, "other", "victim.db"))
		starsql.Configure(&opts, map[string]starsql.Connection{"db": *a.connection})
	}
	app, err := host.NewApp(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.guard {
		withHeapBudget(t)
	}
	res := run(app, name)
	msg := errMessage(res)
	if a.want != "" {
		if res.Status != host.Failed || !strings.Contains(msg, a.want) {
			t.Errorf("status %s, error %q; want failed with %q", res.Status, msg, a.want)
		}
		if strings.Contains(msg, "hunter2") || strings.Contains(msg, "root:") {
			t.Errorf("the error shows what it must not: %q", msg)
		}
		t.Logf("%s: %s", res.Status, msg)
	} else {
		if res.Status != host.Completed {
			t.Fatalf("status %s, error %q; want completed", res.Status, msg)
		}
		var all []string
		for _, root := range res.Tree.Snapshot() {
			var v any
			b, _ := json.Marshal(root)
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatalf("element JSON: %v", err)
			}
			jsonStrings(v, &all)
		}
		for _, text := range a.texts {
			found := 0
			for _, s := range all {
				if strings.Contains(s, text) {
					found++
				}
			}
			if found == 0 {
				t.Errorf("%q travels in no element property", text)
			}
			t.Logf("%q: in %d properties", text, found)
		}
	}
	// The process is up and the app still serves ordinary pages.
	if res := run(app, "calm.star"); res.Status != host.Completed {
		t.Errorf("after the attack: %s %s", res.Status, errMessage(res))
	}
}

// isolatedEnv, set in a child's environment, runs an isolated page in the
// child itself.
const isolatedEnv = "STARK_ADVERSARIAL_CHILD"

// isolatedCap is the address space of a child that runs an isolated
// page: the default memory limit (512 MiB) and the runtime's own with room
// to spare, far below what would trouble the machine. A page that
// allocates past it ends the child, not the test binary.
const isolatedCap = 2 << 30

// runIsolated runs the case of page name in a child process: this test
// binary (or, under the race detector, whose shadow memory does not fit
// an address-space cap, the same tests built without it) under `ulimit
// -v`. The child's failure, crash included, is this case's.
func runIsolated(t *testing.T, name string) {
	if testing.Short() {
		t.Skip("isolated pages run in a child process in the full suite, not with -short")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the address-space cap needs Linux")
	}
	bin := plainTestBinary(t)
	sub := "^TestAdversarialPages$/^" + regexp.QuoteMeta(strings.TrimSuffix(name, ".star")) + "$"
	cmd := exec.Command("/bin/sh", "-c", `ulimit -v "$1" && exec "$2" -test.run "$3" -test.count=1 -test.v`, "sh",
		strconv.Itoa(isolatedCap>>10), bin, sub)
	cmd.Env = append(os.Environ(), isolatedEnv+"=1")
	out, err := cmd.CombinedOutput()
	var rss int64
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss << 10
		}
	}
	t.Logf("child: peak RSS %d MiB, address space capped at %d MiB", rss>>20, isolatedCap>>20)
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		text := string(out)
		if len(text) > 4000 {
			text = text[:2000] + "\n…\n" + text[len(text)-2000:]
		}
		t.Fatalf("the page's child process failed (%v) under a %d MiB address-space cap:\n%s", err, isolatedCap>>20, text)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, ".go:") {
			t.Log("child:", strings.TrimSpace(line))
		}
	}
}

var plainBinary struct {
	once sync.Once
	path string
	err  error
}

// plainTestBinary returns this test binary, or under the race detector
// the package's tests built without it (once per process).
func plainTestBinary(t *testing.T) string {
	if !raceEnabled {
		bin, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		return bin
	}
	plainBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "stark-adversarial")
		if err != nil {
			plainBinary.err = err
			return
		}
		plainBinary.path = filepath.Join(dir, "host.test")
		out, err := exec.Command("go", "test", "-c", "-o", plainBinary.path, ".").CombinedOutput()
		if err != nil {
			plainBinary.err = fmt.Errorf("go test -c: %v\n%s", err, out)
		}
	})
	if plainBinary.err != nil {
		t.Fatal(plainBinary.err)
	}
	return plainBinary.path
}

// A page file that is a symlink out of the app is listed (it is a .star
// file at the app's top) but never read: opening it is refused, and so is a
// page named by a path that leaves the app.
func TestAdversarialPageFiles(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "app")
	writeFiles(t, root, map[string]string{
		"app/calm.star":     `st.text("still here")` + "\n",
		"other/secret.star": `st.text("hunter2")` + "\n",
	})
	if err := os.Symlink(filepath.Join("..", "other", "secret.star"), filepath.Join(dir, "evil.star")); err != nil {
		t.Fatal(err)
	}
	app, err := host.NewApp(dir, starlib.Options(host.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	// A refused page must give back what it took (its run slot): each run
	// here ends within seconds, or the test says which did not.
	run := func(app *host.App, page string) *host.Result {
		t.Helper()
		done := make(chan *host.Result, 1)
		go func() { done <- app.Run(host.RunOptions{Page: page, State: host.NewState()}) }()
		select {
		case res := <-done:
			return res
		case <-time.After(30 * time.Second):
			t.Fatalf("the run of %q did not end within 30s (after refused pages: do they keep their run slots?)", page)
			return nil
		}
	}
	for _, tt := range []struct{ page, want string }{
		{"evil.star", `page "evil.star": evil.star is a symlink that leaves the app directory`},
		{"../other/secret.star", `page "../other/secret.star": the path leaves the app directory`},
		{"/etc/passwd", `page "/etc/passwd": absolute paths are not allowed`},
	} {
		res := run(app, tt.page)
		msg := errMessage(res)
		if res.Status != host.Failed || !strings.Contains(msg, tt.want) || strings.Contains(msg, "hunter2") {
			t.Errorf("page %q: status %s, error %q; want failed with %q", tt.page, res.Status, msg, tt.want)
		}
		if res.Tree != nil {
			for _, b := range res.Tree.Snapshot() {
				if j, _ := json.Marshal(b); strings.Contains(string(j), "hunter2") {
					t.Errorf("page %q: the other app's page ran: %s", tt.page, j)
				}
			}
		}
	}
	if res := run(app, "calm.star"); res.Status != host.Completed {
		t.Errorf("after the attacks: %s %s", res.Status, errMessage(res))
	}
}

// victimDatabase makes another app's SQLite database at path, holding the
// secret.
func victimDatabase(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("create table secret (s text); insert into secret values ('hunter2')"); err != nil {
		t.Fatal(err)
	}
}
