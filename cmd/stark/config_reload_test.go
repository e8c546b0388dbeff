package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/internal/client"
)

// TestRunConfigReload: under `stark run`, a saved stark.toml rebuilds the
// app with it (its sessions end and the browsers reconnect to new ones), and
// an invalid one is logged with its line and key while the app goes on.
func TestRunConfigReload(t *testing.T) {
	dir := newAppDir(t, map[string]string{
		"main.star":  "st.text(\"one\")\nst.text(\"two\")\n",
		"stark.toml": "[limits]\nelements = 100\n",
	})
	s := serverFor(t, dir)
	c := open(t, s.url, "")

	writeFile(t, filepath.Join(dir, "stark.toml"), "[limits]\nelemnts = 1\n")
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(s.logText(), "keeps its last good configuration") {
		if time.Now().After(deadline) {
			t.Fatalf("the invalid stark.toml was not reported:\n%s", s.logTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(s.logText(), "stark.toml:2:1: [limits] elemnts: unknown key") {
		t.Errorf("the log does not say where the mistake is:\n%s", s.logTail())
	}
	c.SetWidget("nothing", 1) // the session is still there: its error comes back
	if m := waitFor(t, c, "error"); m.Error.Ref != "widget" {
		t.Errorf("after an invalid stark.toml: %s", m.Raw)
	}

	writeFile(t, filepath.Join(dir, "stark.toml"), "[limits]\nelements = 1\n")
	for {
		if _, err := c.Next(20 * time.Second); err != nil {
			break // the old server closed the socket
		}
	}
	c2, err := client.Dial(s.url, "", c.Session, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	end := waitFor(t, c2, "run_end")
	if end.RunEnd.Error == nil || !strings.Contains(end.RunEnd.Error.Message, "element limit of 1 reached") {
		t.Errorf("the new limits do not hold: %s", end.Raw)
	}
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(s.logText(), "config reloaded"); {
		if time.Now().After(deadline) {
			t.Fatalf("the rebuild is not logged:\n%s", s.logTail())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
