package starlib_test

// The threading contract as examples: each file of testdata/contract/ is one
// guarantee of docs/threading.md, in go.starlark.net's style. A file is a
// series of pages separated by "---" lines. A page whose line ends with
//
//	### "regexp"
//
// must fail with an error that matches regexp and names that line
// (page.star:LINE: in its message or a frame of its backtrace); a page
// without one must complete. A page's "# limits: k=v ..." line sets limits
// (steps, threads, app_threads, wall); fail() checks what a page computes.

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
)

func TestContract(t *testing.T) {
	files, err := filepath.Glob("testdata/contract/*.star")
	if err != nil || len(files) == 0 {
		t.Fatalf("no contract files: %v", err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, chunk := range splitChunks(string(src)) {
			name := strings.TrimSuffix(filepath.Base(file), ".star") + "/" + strconv.Itoa(i+1)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				runContractChunk(t, file, chunk)
			})
		}
	}
}

// A contractChunk is one page of a contract file; its lines keep their
// numbers in the file, so that failures point at the file.
type contractChunk struct {
	first int // the file's line number of the page's first line
	src   string
}

func splitChunks(src string) []contractChunk {
	var out []contractChunk
	var cur []string
	first := 1
	for i, line := range strings.Split(src, "\n") {
		if line == "---" {
			out = append(out, contractChunk{first, strings.Join(cur, "\n")})
			cur, first = nil, i+2
			continue
		}
		cur = append(cur, line)
	}
	return append(out, contractChunk{first, strings.Join(cur, "\n")})
}

var wantError = regexp.MustCompile(`###\s*"((?:[^"\\]|\\.)*)"\s*$`)

func runContractChunk(t *testing.T, file string, c contractChunk) {
	var limits host.Limits
	wantLine := 0
	var want *regexp.Regexp
	for i, line := range strings.Split(c.src, "\n") {
		if m := wantError.FindStringSubmatch(line); m != nil {
			if want != nil {
				t.Fatalf("%s:%d: a page has one expected error", file, c.first+i)
			}
			pat, err := strconv.Unquote(`"` + m[1] + `"`)
			if err != nil {
				t.Fatalf("%s:%d: %v", file, c.first+i, err)
			}
			want, wantLine = regexp.MustCompile(pat), i+1
		}
		if v, ok := strings.CutPrefix(line, "# limits: "); ok {
			for _, kv := range strings.Fields(v) {
				k, val, _ := strings.Cut(kv, "=")
				n, _ := strconv.Atoi(val)
				switch k {
				case "steps":
					limits.Steps = uint64(n)
				case "threads":
					limits.Threads = n
				case "app_threads":
					limits.AppThreads = n
				case "wall":
					d, err := time.ParseDuration(val)
					if err != nil {
						t.Fatal(err)
					}
					limits.WallTime = d
				default:
					t.Fatalf("%s:%d: unknown limit %q", file, c.first+i, k)
				}
			}
		}
	}
	res := session(t, c.src, nil, limits).Run()
	at := func(line int) string { return strconv.Itoa(c.first+line-1) + " (page line " + strconv.Itoa(line) + ")" }
	if want == nil {
		if res.Status != host.Completed {
			t.Fatalf("%s:%d: the page %s: %s, want it to complete", file, c.first, res.Status, errText(res))
		}
		return
	}
	if res.Status != host.Failed {
		t.Fatalf("%s:%s: the page %s, want an error matching %q", file, at(wantLine), res.Status, want)
	}
	msg := errText(res)
	if !want.MatchString(msg) {
		t.Fatalf("%s:%s: error %q\ndoes not match %q", file, at(wantLine), msg, want)
	}
	where := "page.star:" + strconv.Itoa(wantLine) + ":"
	named := strings.Contains(msg, where)
	for _, fr := range res.Err.Frames {
		named = named || fr.Line == wantLine
	}
	if !named {
		t.Fatalf("%s:%s: error %q (frames %v) does not name the line", file, at(wantLine), msg, res.Err.Frames)
	}
}
