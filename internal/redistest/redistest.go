// Package redistest starts a redis-server of a test's own on 127.0.0.1, for
// the tests of the replicas (replica, web, cmd/stark): a free port, no
// persistence, stopped when the test ends.
package redistest

import (
	"fmt"
	"net"
	"os/exec"
	"testing"
	"time"
)

// Binary returns the redis-server to run, or skips the test: under -short
// (it starts a process) or when redis-server is not installed.
func Binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts redis-server; not under -short")
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not installed (apt-get install redis-server; .ci/run installs it)")
	}
	return bin
}

// Start runs bin on a free port of 127.0.0.1, waits until it listens and
// returns its URL and its process (for a test that stops it midway). The
// process is killed when the test ends.
func Start(t testing.TB, bin string) (string, *exec.Cmd) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if i == 200 {
			t.Fatalf("redis-server does not listen on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Sprintf("redis://%s/0", addr), cmd
}
