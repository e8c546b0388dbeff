package host_test

// Tests of the media store: content hashes, LRU eviction by bytes, and
// concurrent use.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stark-dev/stark/host"
)

func TestMediaHash(t *testing.T) {
	data := []byte("a,b\n1,2\n")
	sum := sha256.Sum256(data)
	want := hex.EncodeToString(sum[:])[:32]
	if got := host.MediaHash(data); got != want {
		t.Errorf("MediaHash = %s, want %s", got, want)
	}
	m := host.NewMedia(0)
	if got := m.Put(data, "text/csv", "a.csv"); got != want {
		t.Errorf("Put = %s, want %s", got, want)
	}
	if m.Max() != host.DefaultMediaBytes {
		t.Errorf("Max = %d, want the default %d", m.Max(), host.DefaultMediaBytes)
	}
}

func TestMediaEviction(t *testing.T) {
	// Each file costs its 4 bytes, its type and name (10 + 5) and the overhead.
	const each = 4 + 10 + 5 + host.MediaEntryOverhead
	m := host.NewMedia(2*each + 10)
	a := m.Put([]byte("aaaa"), "text/plain", "a.txt")
	b := m.Put([]byte("bbbb"), "text/plain", "b.txt")
	if _, _, _, ok := m.Get(a); !ok { // a is now the most recent
		t.Fatal("a is missing")
	}
	c := m.Put([]byte("cccc"), "text/plain", "c.txt")
	if _, _, _, ok := m.Get(b); ok {
		t.Errorf("b, the least recently used, was not evicted")
	}
	for _, h := range []string{a, c} {
		if _, _, _, ok := m.Get(h); !ok {
			t.Errorf("%s was evicted", h)
		}
	}
	if m.Bytes() != 2*each {
		t.Errorf("Bytes = %d, want %d", m.Bytes(), 2*each)
	}

	// The same data is stored once, with its latest type and name.
	m.Put([]byte("aaaa"), "text/csv", "a.csv")
	if m.Bytes() != 2*each-2 {
		t.Errorf("after putting a again: Bytes = %d, want %d", m.Bytes(), 2*each-2)
	}
	data, mime, name, ok := m.Get(a)
	if !ok || string(data) != "aaaa" || mime != "text/csv" || name != "a.csv" {
		t.Errorf("Get(a) = %q %q %q %v", data, mime, name, ok)
	}

	// A file larger than the store is not kept, and evicts nothing.
	big := m.Put(make([]byte, 2*each), "text/plain", "big.txt")
	if _, _, _, ok := m.Get(big); ok {
		t.Errorf("data larger than the store was kept")
	}
	if m.Bytes() != 2*each-2 {
		t.Errorf("after a too large Put: Bytes = %d, want %d", m.Bytes(), 2*each-2)
	}
	if _, _, _, ok := m.Get("nope"); ok {
		t.Errorf("Get of an unknown hash found something")
	}
}

// Tiny files are counted with their overhead, type and name (finding 11 of
// issue 12: 1.5M entries were counted as 10 MiB and held 333 MB), so what
// the store holds stays near its bound.
func TestMediaCountsOverhead(t *testing.T) {
	const max = 1 << 20
	m := host.NewMedia(max)
	before := heapAfterGC()
	for i := range 50_000 {
		m.Put([]byte(fmt.Sprint(i)), "text/plain", "f.txt")
	}
	held := heapAfterGC() - before
	if m.Bytes() > max {
		t.Errorf("Bytes = %d, past the bound of %d", m.Bytes(), max)
	}
	if held > 2*max {
		t.Errorf("the store holds %d KiB for a bound of %d KiB", held>>10, max>>10)
	}
	// A long type or name counts too.
	m.Put([]byte("x"), strings.Repeat("t", max/2), "f.txt")
	if m.Bytes() > max {
		t.Errorf("Bytes = %d, past the bound of %d", m.Bytes(), max)
	}
	runtime.KeepAlive(m)
}

// TestMediaConcurrent puts and gets from many goroutines; -race checks it.
func TestMediaConcurrent(t *testing.T) {
	const max = 4 * host.MediaEntryOverhead
	m := host.NewMedia(max)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				data := []byte(fmt.Sprintf("g%d-%d", g, i%20))
				h := m.Put(data, "text/plain", "f.txt")
				if got, _, _, ok := m.Get(h); ok && string(got) != string(data) {
					t.Errorf("Get(%s) = %q, want %q", h, got, data)
				}
			}
		}()
	}
	wg.Wait()
	if m.Bytes() > max {
		t.Errorf("Bytes = %d, over the bound of %d", m.Bytes(), max)
	}
}
