package replica

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/stark-dev/stark/internal/redistest"
)

// startRedis starts a redis-server of the test's own (internal/redistest).
func startRedis(t *testing.T) string {
	url, _ := redistest.Start(t, redistest.Binary(t))
	return url
}

// openThree opens two replicas of one deployment and one of another
// (namespace "other") on a new redis-server, closed when the test ends.
func openThree(t *testing.T) (r1, r2, other *Redis) {
	t.Helper()
	url := startRedis(t)
	open := func(opts Options) *Redis {
		r, err := Open(url, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r
	}
	return open(Options{}), open(Options{}), open(Options{Namespace: "other"})
}

// TestCacheStore: max_entries keeps the newest entries, Clear drops a
// function's entries and no other's, apps and deployments share nothing,
// and a lease is held by one replica until released.
func TestCacheStore(t *testing.T) {
	r1, r2, other := openThree(t)
	c1, c2 := r1.Cache("app"), r2.Cache("app")
	for i := 0; i < 5; i++ {
		if err := c1.Store("f", fmt.Sprintf("f:%d", i), []byte{byte(i)}, time.Minute, 3); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond) // distinct store times (their order is what is asserted)
	}
	c1.Store("g", "g:0", []byte("g"), 0, 0)
	for i, want := range []bool{false, false, true, true, true} {
		_, ok, err := c2.Load(fmt.Sprintf("f:%d", i))
		if err != nil || ok != want {
			t.Errorf("entry %d: ok=%v err=%v, want ok=%v (max_entries=3 keeps the newest)", i, ok, err, want)
		}
	}
	if _, ok, _ := r1.Cache("app2").Load("g:0"); ok {
		t.Error("another app sees app's entry")
	}
	if _, ok, _ := other.Cache("app").Load("g:0"); ok {
		t.Error("another deployment sees app's entry")
	}
	if err := c2.Clear("f"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := c1.Load("f:4"); ok {
		t.Error("Clear left an entry")
	}
	if _, ok, _ := c1.Load("g:0"); !ok {
		t.Error("Clear of f dropped g's entry")
	}
	if got, _ := c1.Lease("k", time.Minute); !got {
		t.Fatal("first lease refused")
	}
	if got, _ := c2.Lease("k", time.Minute); got {
		t.Fatal("a second replica took a held lease")
	}
	c2.Release("k") // not its lease: nothing happens
	if got, _ := c2.Lease("k", time.Minute); got {
		t.Fatal("a replica released another's lease")
	}
	c1.Release("k")
	if got, _ := c2.Lease("k", time.Minute); !got {
		t.Fatal("a released lease was not free")
	}
}

// TestRedisDown: with nothing listening, every operation fails within
// the timeout and says so; nothing blocks.
func TestRedisDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r, err := Open("redis://"+addr+"/0", Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Ping(); err == nil {
		t.Fatal("ping of nothing succeeded")
	}
	if _, _, err := r.Cache("app").Load("k"); err == nil {
		t.Error("Load succeeded")
	}
	if err := r.Checkpoints("app").Save("t", []byte("x"), time.Minute); err == nil {
		t.Error("Save succeeded")
	}
	if r.Up() {
		t.Error("Up after failures")
	}
	if _, err := Open("http://nope", Options{}); err == nil {
		t.Error("a URL that is not redis:// was taken")
	}
}

// TestAttempt: the login bucket in Redis gives five attempts, then one per
// 12 s, saying how long to wait; apps and deployments count apart; the key
// lives no longer than the bucket takes to fill.
func TestAttempt(t *testing.T) {
	r1, r2, other := openThree(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const every = 12 * time.Second
	for i := 0; i < 5; i++ {
		r := []*Redis{r1, r2}[i%2]
		if ok, _, err := r.Attempt("app", "192.0.2.1", now, 5, every); !ok || err != nil {
			t.Fatalf("attempt %d: ok=%v err=%v", i+1, ok, err)
		}
	}
	ok, wait, err := r1.Attempt("app", "192.0.2.1", now.Add(3*time.Second), 5, every)
	if ok || err != nil || wait != 9*time.Second {
		t.Errorf("6th attempt 3 s later: ok=%v wait=%v err=%v, want refused, wait 9s", ok, wait, err)
	}
	if ok, _, _ := r2.Attempt("app2", "192.0.2.1", now, 5, every); !ok {
		t.Error("another app's bucket is empty too")
	}
	if ok, _, _ := other.Attempt("app", "192.0.2.1", now, 5, every); !ok {
		t.Error("another deployment's bucket is empty too")
	}
	if ok, _, _ := r2.Attempt("app", "192.0.2.1", now.Add(every), 5, every); !ok {
		t.Error("no attempt 12 s later")
	}
	if ok, _, _ := r1.Attempt("app", "192.0.2.1", now.Add(every), 5, every); ok {
		t.Error("two attempts 12 s later")
	}
	ttl := r1.c.PTTL(context.Background(), "stark:app:login:192.0.2.1").Val()
	if ttl <= 0 || ttl > 5*every {
		t.Errorf("the bucket's key lives %v, want (0, 60s]", ttl)
	}
}
