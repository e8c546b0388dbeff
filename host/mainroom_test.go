package host_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
)

// TestMainRoomFromLastRun: a run's main is made room for as many elements
// as the session's last completed full run wrote to it, so that a page's
// child list is allocated once per run, not grown from 16 element by
// element; a new session, or one whose runs wrote less, starts at 16.
func TestMainRoomFromLastRun(t *testing.T) {
	dir := t.TempDir()
	page := "for i in range(100):\n    st.text(\"line %d\" % i)\n"
	if err := os.WriteFile(filepath.Join(dir, "p.star"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := starlib.NewApp(dir, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	state := host.NewState()
	opts := host.RunOptions{Page: "p.star", State: state}
	if got := app.MainRoom(opts); got != 16 {
		t.Fatalf("a new session's main has room for %d, want 16", got)
	}
	if res := app.Run(opts); res.Status != host.Completed {
		t.Fatalf("run: %s %v", res.Status, res.Err)
	}
	if got := app.MainRoom(opts); got < 100 {
		t.Errorf("after a run of 100 elements, the next run's main has room for %d, want at least 100", got)
	}
	if got := app.MainRoom(host.RunOptions{Page: "p.star"}); got != 16 {
		t.Errorf("another session's main has room for %d, want 16", got)
	}
}
