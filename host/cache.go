package host

// This file defines the app's store for cache_data and cache_resource.

import (
	"container/list"
	"crypto/sha256"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.starlark.net/starlark"
)

// CacheOptions bound one cached function's entries.
type CacheOptions struct {
	TTL        time.Duration // 0: entries never expire
	MaxEntries int           // 0: unbounded (within the app's budget)
	// Encode and Decode, when both set, let the entries cross to the
	// other replicas through the cache's [SharedCache] (cache_data sets
	// them; cache_resource's values stay in the process).
	Encode func(starlark.Value) ([]byte, error)
	Decode func([]byte) (starlark.Value, error)
}

// A SharedCache holds cache entries for every replica of an app (Redis;
// docs/replicas.md). Keys are already namespaced by app and deployment.
// Every method returns within a short timeout; an error means the store is
// unreachable, and the cache then computes locally.
type SharedCache interface {
	// Load returns the entry stored at key.
	Load(key string) (b []byte, ok bool, err error)
	// Store stores an entry of function fn, for ttl (0: the store's
	// default), keeping at most maxEntries (0: no bound) of fn's entries.
	Store(fn, key string, b []byte, ttl time.Duration, maxEntries int) error
	// Lease takes the right to compute key for d, unless another replica
	// holds it; Renew extends a lease this replica holds to d from now;
	// Release gives it back.
	Lease(key string, d time.Duration) (bool, error)
	Renew(key string, d time.Duration)
	Release(key string)
	// Clear drops every entry of function fn.
	Clear(fn string) error
}

// DefaultLease is how long a replica may compute a shared entry before
// others compute it too: the lease is renewed while the computation goes
// on, so only a replica that died (or lost the store) loses it.
const DefaultLease = 10 * time.Second

// Cache stores frozen results of cached functions for every session of an
// app. At most one computation per key runs at a time; other callers of the
// same key wait for it. The stored entries of all functions share one byte
// budget (Limits.CacheBytes): an entry costs its value's size by [SizeOf]'s
// estimate plus [CacheEntryOverhead]; past the budget the least recently
// used entries are evicted, whichever function they belong to.
//
// A key is never kept: an entry is found by the SHA-256 digest of the key
// its caller gives (a canonical encoding of the frozen arguments), so a key
// of any length costs 32 bytes, and two keys share an entry only if SHA-256
// collides. Cache is safe for concurrent use.
type Cache struct {
	now      func() time.Time
	maxBytes int64
	mu       sync.Mutex
	fns      map[string]*fnCache
	lru      *list.List // of *cacheEntry, the computed entries of every function, most recent first
	bytes    int64      // the sizes of the entries in lru

	shared SharedCache
	lease  time.Duration

	Hits, Misses, Evictions atomic.Int64
	// SharedHits counts values taken from the shared cache; SharedErrors
	// the operations on it that failed (the store unreachable).
	SharedHits, SharedErrors atomic.Int64
}

// Share makes c share its entries through sc, with leases of lease (0:
// DefaultLease). Call it before the app serves.
func (c *Cache) Share(sc SharedCache, lease time.Duration) {
	if lease <= 0 {
		lease = DefaultLease
	}
	c.shared, c.lease = sc, lease
}

// CacheEntryOverhead is what an entry costs besides its value, counted
// against the budget: the entry, its key's digest, its two list elements,
// its map slot and its done channel (measured on 64-bit platforms,
// rounded up).
const CacheEntryOverhead = 512

// keyDigest is what an entry is found by.
type keyDigest [sha256.Size]byte

type fnCache struct {
	opts    CacheOptions
	entries map[keyDigest]*cacheEntry
	lru     *list.List // of *cacheEntry, most recent first
}

type cacheEntry struct {
	fn      *fnCache
	key     keyDigest
	done    chan struct{}
	value   starlark.Value
	err     error
	expires time.Time
	elem    *list.Element // in fn.lru
	appElem *list.Element // in Cache.lru, once computed
	size    int64
}

func newCache(now func() time.Time, maxBytes int64) *Cache {
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	return &Cache{now: now, maxBytes: maxBytes, fns: make(map[string]*fnCache), lru: list.New()}
}

// CacheStats is a snapshot of a [Cache]'s counters, for metrics.
type CacheStats struct {
	Hits, Misses, Evictions int64
	Entries                 int   // computed values stored, of every function
	Bytes                   int64 // their estimated size, with CacheEntryOverhead each
	MaxBytes                int64 // the app's budget
}

// Stats returns the cache's counters and size.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	n, b := c.lru.Len(), c.bytes
	c.mu.Unlock()
	return CacheStats{
		Hits: c.Hits.Load(), Misses: c.Misses.Load(), Evictions: c.Evictions.Load(),
		Entries: n, Bytes: b, MaxBytes: c.maxBytes,
	}
}

// Get returns the value cached for (fn, key), computing it with compute on
// the caller's thread when there is none or it expired. key must encode the
// arguments canonically (equal arguments, equal keys; different arguments,
// different keys); it is digested, not kept. compute's result is frozen.
// Waiting for another caller's computation ends when sb's run is cancelled.
// A failed computation is not cached.
func (c *Cache) Get(sb *Sandbox, fn, key string, opts CacheOptions, compute func() (starlark.Value, error)) (starlark.Value, error) {
	d := digest(key)
	if c.shared != nil && opts.Encode != nil && opts.Decode != nil {
		local := compute
		compute = func() (starlark.Value, error) { return c.computeShared(sb, fn, d, opts, local) }
	}
	return c.get(sb, fn, d, opts, compute)
}

// computeShared takes the value of (fn, key) from the shared cache, or
// computes it once across the replicas: the replica that takes the key's
// lease computes and stores it; the others wait for it, or for the lease
// to end (its replica died) and try again. With the store unreachable, it
// computes locally.
func (c *Cache) computeShared(sb *Sandbox, fn string, d keyDigest, opts CacheOptions, compute func() (starlark.Value, error)) (starlark.Value, error) {
	fkey := sharedFn(fn)
	key := fmt.Sprintf("%s:%x", fkey, d[:])
	wait := 20 * time.Millisecond
	for {
		b, ok, err := c.shared.Load(key)
		if err != nil {
			c.SharedErrors.Add(1)
			return compute()
		}
		if ok {
			if v, err := opts.Decode(b); err == nil {
				c.SharedHits.Add(1)
				return v, nil
			}
			// An entry this replica cannot read (another version's):
			// compute and store it again.
		}
		got, err := c.shared.Lease(key, c.lease)
		if err != nil {
			c.SharedErrors.Add(1)
			return compute()
		}
		if got {
			return c.computeLeased(fkey, key, opts, compute)
		}
		// Another replica computes it: wait, as a waiter of a local
		// computation does, until its value is stored or its lease ends.
		resume := sb.Idle()
		select {
		case <-time.After(wait):
		case <-sb.Done():
		}
		resume()
		if err := sb.Err(); err != nil {
			return nil, err
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// computeLeased computes key's value holding its lease, renewing the
// lease while the computation goes on, and stores the value.
func (c *Cache) computeLeased(fkey, key string, opts CacheOptions, compute func() (starlark.Value, error)) (starlark.Value, error) {
	stop := make(chan struct{})
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		t := time.NewTicker(c.lease / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				c.shared.Renew(key, c.lease)
			}
		}
	}()
	v, err := compute()
	close(stop)
	<-renewed
	defer c.shared.Release(key)
	if err != nil {
		return nil, err
	}
	v.Freeze()
	b, eerr := opts.Encode(v)
	if eerr != nil || int64(len(b))+CacheEntryOverhead > c.maxBytes {
		// A value that cannot cross, or larger than the app's whole
		// budget: kept (or not) by this replica only.
		return v, nil
	}
	if err := c.shared.Store(fkey, key, b, opts.TTL, opts.MaxEntries); err != nil {
		c.SharedErrors.Add(1)
	}
	return v, nil
}

// digest returns key's SHA-256 without copying key whole.
func digest(key string) (d keyDigest) {
	h := sha256.New()
	var buf [4096]byte
	for len(key) > 0 {
		n := copy(buf[:], key)
		h.Write(buf[:n])
		key = key[n:]
	}
	h.Sum(d[:0])
	return d
}

func (c *Cache) get(sb *Sandbox, fn string, key keyDigest, opts CacheOptions, compute func() (starlark.Value, error)) (starlark.Value, error) {
	for {
		c.mu.Lock()
		f := c.fns[fn]
		if f == nil {
			f = &fnCache{opts: opts, entries: make(map[keyDigest]*cacheEntry), lru: list.New()}
			c.fns[fn] = f
		}
		f.opts = opts
		e := f.entries[key]
		if e != nil {
			select {
			case <-e.done:
				if !e.expires.IsZero() && !c.now().Before(e.expires) {
					c.remove(f, e)
					e = nil
				}
			default:
			}
		}
		if e == nil {
			e = &cacheEntry{fn: f, key: key, done: make(chan struct{})}
			f.entries[key] = e
			e.elem = f.lru.PushFront(e)
			c.evict(f)
			c.mu.Unlock()
			c.Misses.Add(1)
			return c.fill(f, e, opts.TTL, compute)
		}
		f.lru.MoveToFront(e.elem)
		if e.appElem != nil {
			c.lru.MoveToFront(e.appElem)
		}
		c.mu.Unlock()

		resume := sb.Idle()
		select {
		case <-e.done:
		case <-sb.Done():
		}
		resume()
		if err := sb.Err(); err != nil {
			return nil, err
		}
		if e.err == nil {
			c.Hits.Add(1)
			return e.value, nil
		}
		// The computation failed (perhaps its run was cancelled): try again,
		// computing on this thread if no one else is.
	}
}

// fill computes e's value. ttl is the caller's: f.opts may change under
// c.mu meanwhile.
func (c *Cache) fill(f *fnCache, e *cacheEntry, ttl time.Duration, compute func() (starlark.Value, error)) (v starlark.Value, err error) {
	defer func() {
		if err != nil {
			e.err = err
			c.mu.Lock()
			c.remove(f, e)
			c.mu.Unlock()
		}
		close(e.done)
	}()
	v, err = compute()
	if err != nil {
		return nil, err
	}
	v.Freeze()
	size := SizeOf(v) + CacheEntryOverhead
	c.mu.Lock()
	e.value = v
	if ttl > 0 {
		e.expires = c.now().Add(ttl)
	}
	if f.entries[e.key] == e { // not cleared or evicted meanwhile
		e.size = size
		e.appElem = c.lru.PushFront(e)
		c.bytes += size
		c.evictBytes()
	}
	c.mu.Unlock()
	return v, nil
}

// remove drops e from f; c.mu is held.
func (c *Cache) remove(f *fnCache, e *cacheEntry) {
	if f.entries[e.key] == e {
		delete(f.entries, e.key)
		f.lru.Remove(e.elem)
		if e.appElem != nil {
			c.lru.Remove(e.appElem)
			e.appElem = nil
			c.bytes -= e.size
		}
	}
}

// evictBytes drops the app's least recently used entries while their sizes
// exceed the budget; c.mu is held. A value larger than the whole budget is
// returned to its caller but not kept.
func (c *Cache) evictBytes() {
	for c.bytes > c.maxBytes && c.lru.Len() > 0 {
		e := c.lru.Back().Value.(*cacheEntry)
		c.remove(e.fn, e)
		c.Evictions.Add(1)
	}
}

// evict drops the least recently used entries past f's bound; c.mu is held.
func (c *Cache) evict(f *fnCache) {
	for f.opts.MaxEntries > 0 && f.lru.Len() > f.opts.MaxEntries {
		e := f.lru.Back().Value.(*cacheEntry)
		c.remove(f, e)
		c.Evictions.Add(1)
	}
}

// sharedFn is the name of function fn's entries in the shared cache.
func sharedFn(fn string) string {
	fd := sha256.Sum256([]byte(fn))
	return fmt.Sprintf("%x", fd[:12])
}

// Clear drops every entry of fn, or of every function when fn is "". The
// entries of fn in the shared cache go too (those of every function go
// with the deployment's namespace, or their TTL).
func (c *Cache) Clear(fn string) {
	if c.shared != nil && fn != "" {
		if err := c.shared.Clear(sharedFn(fn)); err != nil {
			c.SharedErrors.Add(1)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for name, f := range c.fns {
		if fn == "" || name == fn {
			// Entries being computed are dropped too: their values are
			// returned to their callers but not kept.
			for _, e := range f.entries {
				c.remove(f, e)
			}
			delete(c.fns, name)
		}
	}
}

// Len returns the number of entries stored for fn.
func (c *Cache) Len(fn string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.fns[fn]; f != nil {
		return len(f.entries)
	}
	return 0
}

// FunctionKey identifies a function for caching: its file, name and position
// and the content of its file, so that editing the file invalidates the
// cached values of its functions.
func (a *App) FunctionKey(fn starlark.Callable) string {
	f, ok := fn.(*starlark.Function)
	if !ok {
		return "builtin:" + fn.Name()
	}
	pos := f.Position()
	key := fmt.Sprintf("%s:%d:%d:%s", relFile(a.Root, pos.Filename()), pos.Line, pos.Col, f.Name())
	if p := a.programFor(pos.Filename()); p != nil && p.prog == f.Module().Program() {
		key += fmt.Sprintf("@%x", p.Hash[:8])
	} else {
		// A version of the file that is no longer the latest: its program
		// names it while it lives.
		key += fmt.Sprintf("@%p", f.Module().Program())
	}
	return key
}
