package starlib_test

// This file runs the demo pages: they are the user's first documentation
// and must keep working.

import (
	"path/filepath"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
)

func TestDemoPages(t *testing.T) {
	if testing.Short() {
		t.Skip("the threads page sleeps")
	}
	files, err := filepath.Glob("../pages/*.star")
	if err != nil || len(files) == 0 {
		t.Fatalf("no demo pages: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			s, err := harness.New(f, host.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			res := s.Run()
			mustComplete(t, res)
			if len(res.Elements()) == 0 {
				t.Errorf("the page wrote nothing")
			}
		})
	}
}
