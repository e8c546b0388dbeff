package web_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stark-dev/stark/web"
)

func TestHTTPServerTimeouts(t *testing.T) {
	hs := web.HTTPServer(nil)
	if hs.IdleTimeout <= 0 || hs.ReadHeaderTimeout <= 0 || hs.MaxHeaderBytes <= 0 {
		t.Errorf("IdleTimeout %v, ReadHeaderTimeout %v, MaxHeaderBytes %d: want each set", hs.IdleTimeout, hs.ReadHeaderTimeout, hs.MaxHeaderBytes)
	}
}

// Every HTTP server stark starts is made by web.HTTPServer, so that none
// holds idle keep-alive connections forever (finding 17 of issue 12: 2,000
// idle connections were held with no IdleTimeout).
func TestEveryHTTPServerHasTimeouts(t *testing.T) {
	made := regexp.MustCompile(`http\.Server\{|http\.ListenAndServe(TLS)?\(|http\.Serve(TLS)?\(`)
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || filepath.ToSlash(path) == "../web/listen.go" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if made.MatchString(line) {
				t.Errorf("%s:%d: an HTTP server not made by web.HTTPServer: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
