package host_test

// Tests of the cache store's accounting: what an entry holds besides its
// value (its key, its bookkeeping) counts against [limits] cache_bytes.

import (
	"runtime"
	"testing"

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
	app := newApp(t, map[string]string{"page.star": src(
		`f = cache_data(lambda s: None)`,
		`big = "x" * (8 << 20)`,
		`[f(big + str(i)) for i in range(24)]`,
	)}, host.Limits{})
	defer app.Close()
	before := heapAfterGC()
	if res := run(app, "page.star"); res.Err != nil {
		t.Fatal(res.Err.Message)
	}
	held := heapAfterGC() - before
	if held > 32<<20 {
		t.Errorf("the cache holds %d MiB after 24 calls with 8 MiB arguments", held>>20)
	}
	if s := app.Cache.Stats(); s.Entries != 24 {
		t.Errorf("%d entries, want 24", s.Entries)
	}
	runtime.KeepAlive(app)
}
