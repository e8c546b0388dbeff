package main

// deploy/nginx.conf (docs/replicas.md) run by Debian's nginx in front of
// two stark replicas: the cookie it sets pins a visitor's page and socket
// to one replica, the WebSocket upgrade passes through, and a dead replica's
// visitors go to the other.

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/session"
)

// needNginx skips the test without nginx, or under -short.
func needNginx(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("nginx: starts nginx and two stark processes; not under -short")
	}
	for _, name := range []string{"nginx", "/usr/sbin/nginx"} {
		if bin, err := exec.LookPath(name); err == nil {
			return bin
		}
	}
	t.Skip("nginx: nginx is not installed (apt-get install nginx-light; .ci/run installs it)")
	return ""
}

// nginxArgs are the flags that keep nginx's pid and error log in dir.
func nginxArgs(dir string, args ...string) []string {
	return append([]string{"-e", "stderr", "-p", dir, "-g", "pid " + filepath.Join(dir, "nginx.pid") + "; daemon off;"}, args...)
}

// shownReplica returns which replica's page a session through lb with the
// cookie stark_lb=cookie shows ("a" or "b").
func shownReplica(t *testing.T, lb, cookie string) string {
	t.Helper()
	h := http.Header{"Origin": {lb}, "Cookie": {"stark_lb=" + cookie}}
	c, err := client.DialWith(lb, h, session.HelloMsg{}, false)
	if err != nil {
		t.Fatalf("socket through nginx with cookie %s: %v", cookie, err)
	}
	defer c.Close()
	runEnd(t, c)
	return strings.TrimPrefix(shownWith(c, "replica "), "replica ")
}

func TestNginxConf(t *testing.T) {
	bin := needNginx(t)
	conf, err := filepath.Abs(filepath.Join("..", "..", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if out, err := exec.Command(bin, nginxArgs(tmp, "-t", "-c", conf)...).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t -c deploy/nginx.conf: %v\n%s", err, out)
	}

	// Two replicas, each saying which it is.
	stark := starkBinary(t)
	reps := map[string]*starkServer{}
	for _, name := range []string{"a", "b"} {
		dir := newAppDir(t, map[string]string{"app.star": fmt.Sprintf("st.write(%q)\n", "replica "+name)})
		reps[name] = runStark(t, stark, dir)
	}

	// The example with the test's ports.
	src, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	cfg := string(src)
	for old, new := range map[string]string{
		"listen 80;":     fmt.Sprintf("listen 127.0.0.1:%d;", port),
		"10.0.0.11:8501": strings.TrimPrefix(reps["a"].url, "http://"),
		"10.0.0.12:8501": strings.TrimPrefix(reps["b"].url, "http://"),
	} {
		if !strings.Contains(cfg, old) {
			t.Fatalf("deploy/nginx.conf has no %q to replace", old)
		}
		cfg = strings.ReplaceAll(cfg, old, new)
	}
	cfg = strings.Replace(cfg, "worker_processes auto;", "worker_processes 1;", 1)
	path := filepath.Join(tmp, "nginx.conf")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	// Its log goes to a file: a pipe would be held open by its workers.
	logFile, err := os.Create(filepath.Join(tmp, "nginx.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	ng := exec.Command(bin, nginxArgs(tmp, "-c", path)...)
	ng.Stdout, ng.Stderr = logFile, logFile
	if err := ng.Start(); err != nil {
		t.Fatal(err)
	}
	// SIGTERM: the master stops its workers too.
	t.Cleanup(func() { ng.Process.Signal(syscall.SIGTERM); ng.Wait() })
	ngLog := func() string { b, _ := os.ReadFile(logFile.Name()); return string(b) }
	waitTCP(t, fmt.Sprintf("127.0.0.1:%d", port))
	lb := fmt.Sprintf("http://127.0.0.1:%d", port)

	// A first visit is given the cookie; a visit with it is not given another.
	resp, err := http.Get(lb + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var given string
	for _, ck := range resp.Cookies() {
		if ck.Name == "stark_lb" {
			given = ck.Value
		}
	}
	if resp.StatusCode != 200 || given == "" {
		t.Fatalf("first visit through nginx: status %d, cookies %v; want 200 and a stark_lb cookie\n%s", resp.StatusCode, resp.Header["Set-Cookie"], ngLog())
	}
	req, _ := http.NewRequest("GET", lb+"/", nil)
	req.AddCookie(&http.Cookie{Name: "stark_lb", Value: given})
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if sc := resp.Header.Values("Set-Cookie"); len(sc) != 0 {
		t.Errorf("a visit with the cookie was given %v, want no new cookie", sc)
	}

	// Each cookie pins its sessions (WebSockets through nginx) to one
	// replica; the cookies spread over both.
	pinned := map[string]string{}
	seen := map[string]int{}
	for i := 0; i < 16; i++ {
		ck := fmt.Sprintf("visitor%d", i)
		first := shownReplica(t, lb, ck)
		if first != "a" && first != "b" {
			t.Fatalf("cookie %s: the page shows replica %q", ck, first)
		}
		for k := 0; k < 3; k++ {
			if again := shownReplica(t, lb, ck); again != first {
				t.Fatalf("cookie %s: session %d went to replica %s, the first to %s", ck, k+2, again, first)
			}
		}
		pinned[ck] = first
		seen[first]++
	}
	if seen["a"] == 0 || seen["b"] == 0 {
		t.Fatalf("16 cookies all went to one replica: %v", seen)
	}

	// Replica a dies: its visitors' next sessions go to b.
	reps["a"].cmd.Process.Kill()
	<-reps["a"].done
	for ck, rep := range pinned {
		if got := shownReplica(t, lb, ck); got != "b" {
			t.Errorf("cookie %s (was on %s): after a died the session went to %q, want b", ck, rep, got)
		}
	}
}
