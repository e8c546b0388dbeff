package host_test

// Tests of the cache store's accounting: what an entry holds besides its
// value (its key, its bookkeeping) counts against [limits] cache_bytes.

import (
	"runtime"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
)

// heapAfterGC returns the live heap after a collection.
func heapAfterGC() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// Entries whose values are tiny still cost their keys and bookkeeping:
// 10,000 of them must not fit in a budget of 64 KiB.
func TestCacheCountsEntryOverhead(t *testing.T) {
	const budget = 64 << 10
	app := newApp(t, map[string]string{"page.star": src(
		`f = cache_data(lambda i: None)`,
		`[f(i) for i in range(10000)]`,
	)}, host.Limits{CacheBytes: budget})
	defer app.Close()
	if res := run(app, "page.star"); res.Err != nil {
		t.Fatal(res.Err.Message)
	}
	s := app.Cache.Stats()
	if s.Bytes > budget || s.Bytes == 0 {
		t.Errorf("cache bytes %d, want within (0, %d]", s.Bytes, budget)
	}
	if s.Entries >= 10000 || s.Evictions == 0 {
		t.Errorf("%d entries kept, %d evicted: entries of None values are not counted", s.Entries, s.Evictions)
	}
}

// Arguments are keys: 8 MiB string arguments must not be kept by the
// cache (finding 7 of issue 12: ~900 MB held while stark_cache_bytes was 0).
func TestCacheLargeKeysNotHeld(t *testing.T) {
	// 12 keys of 4 MiB: 48 MiB if the keys were kept (more in their quoted
	// form), a few KiB as digests. The wall time is generous: under the
	// race detector on a busy machine, quoting and hashing the keys is slow.
	app := newApp(t, map[string]string{"page.star": src(
		`f = cache_data(lambda s: None)`,
		`big = "x" * (4 << 20)`,
		`[f(big + str(i)) for i in range(12)]`,
	)}, host.Limits{WallTime: 5 * time.Minute})
	defer app.Close()
	before := heapAfterGC()
	if res := run(app, "page.star"); res.Err != nil {
		t.Fatal(res.Err.Message)
	}
	held := heapAfterGC() - before
	if held > 16<<20 {
		t.Errorf("the cache holds %d MiB after 12 calls with 4 MiB arguments", held>>20)
	}
	if s := app.Cache.Stats(); s.Entries != 12 {
		t.Errorf("%d entries, want 12", s.Entries)
	}
	runtime.KeepAlive(app)
}
