// Package replica connects the replicas of a stark deployment through Redis
// (docs/replicas.md): cache_data's shared cache ([host.SharedCache]), the
// session checkpoints ([session.Checkpointer]) and the count of login
// attempts per client address, each namespaced by deployment and app. Every operation has a short timeout: with Redis
// down, replicas serve from their own memory.
package replica

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/session"
)

// Options configure [Open].
type Options struct {
	// Namespace prefixes every key: one per deployment, so that two
	// deployments sharing a Redis share nothing. Default "stark".
	Namespace string
	// Timeout bounds every operation. Default 500ms.
	Timeout time.Duration
	// Lease is how long a replica may compute a shared cache entry before
	// another computes it too (renewed while it computes). Default
	// host.DefaultLease.
	Lease time.Duration
	// DefaultTTL is how long a cache entry without a ttl lives in Redis.
	// Default 24 hours.
	DefaultTTL time.Duration
	Logger     *slog.Logger
}

// Redis is a connection to the deployment's Redis.
type Redis struct {
	c     *redis.Client
	opts  Options
	owner string // this replica's id, the value of the leases it holds
	down  atomic.Bool
}

// Open parses url (redis://[user:password@]host:port/db, or rediss:// for
// TLS) and connects lazily.
func Open(url string, opts Options) (*Redis, error) {
	ro, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("--redis: %v", err)
	}
	if opts.Namespace == "" {
		opts.Namespace = "stark"
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 500 * time.Millisecond
	}
	if opts.Lease <= 0 {
		opts.Lease = host.DefaultLease
	}
	if opts.DefaultTTL <= 0 {
		opts.DefaultTTL = 24 * time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	ro.DialTimeout, ro.ReadTimeout, ro.WriteTimeout = opts.Timeout, opts.Timeout, opts.Timeout
	ro.MaxRetries = 0
	var id [8]byte
	rand.Read(id[:])
	return &Redis{c: redis.NewClient(ro), opts: opts, owner: hex.EncodeToString(id[:])}, nil
}

// Close closes the connections.
func (r *Redis) Close() error { return r.c.Close() }

// Lease returns the lease of shared cache entries.
func (r *Redis) Lease() time.Duration { return r.opts.Lease }

// Ping reports whether Redis answers.
func (r *Redis) Ping() error {
	ctx, cancel := r.ctx()
	defer cancel()
	return r.note(r.c.Ping(ctx).Err())
}

// Up reports whether the last operation reached Redis.
func (r *Redis) Up() bool { return !r.down.Load() }

func (r *Redis) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), r.opts.Timeout)
}

// note logs the first failure of a series, and the return.
func (r *Redis) note(err error) error {
	if err != nil && err != redis.Nil {
		if r.down.CompareAndSwap(false, true) {
			r.opts.Logger.Warn("redis unreachable: caches are local, sessions unsaved and login attempts counted per replica until it returns", "err", err)
		}
		return err
	}
	if r.down.CompareAndSwap(true, false) {
		r.opts.Logger.Info("redis reachable again")
	}
	return nil
}

// Cache returns app's shared cache.
func (r *Redis) Cache(app string) host.SharedCache {
	return &cache{r: r, prefix: r.opts.Namespace + ":" + app + ":cache:"}
}

// Checkpoints returns app's session checkpoints.
func (r *Redis) Checkpoints(app string) session.Checkpointer {
	return &checkpoints{r: r, prefix: r.opts.Namespace + ":" + app + ":session:"}
}

type cache struct {
	r      *Redis
	prefix string
}

func (c *cache) Load(key string) ([]byte, bool, error) {
	ctx, cancel := c.r.ctx()
	defer cancel()
	b, err := c.r.c.Get(ctx, c.prefix+"v:"+key).Bytes()
	if err == redis.Nil {
		c.r.note(nil)
		return nil, false, nil
	}
	if err := c.r.note(err); err != nil {
		return nil, false, err
	}
	return b, true, nil
}

// storeScript sets the entry and records it in its function's index (a
// sorted set by the time stored, in milliseconds), forgetting entries
// older than the TTL and dropping the oldest past max_entries.
var storeScript = redis.NewScript(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[3]) - tonumber(ARGV[2]))
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
local max = tonumber(ARGV[4])
if max > 0 then
  local n = redis.call('ZCARD', KEYS[2])
  if n > max then
    local old = redis.call('ZRANGE', KEYS[2], 0, n - max - 1)
    for _, k in ipairs(old) do redis.call('DEL', k) end
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - max - 1)
  end
end
return 1`)

func (c *cache) Store(fn, key string, b []byte, ttl time.Duration, maxEntries int) error {
	if ttl <= 0 {
		ttl = c.r.opts.DefaultTTL
	}
	ctx, cancel := c.r.ctx()
	defer cancel()
	err := storeScript.Run(ctx, c.r.c, []string{c.prefix + "v:" + key, c.prefix + "fn:" + fn},
		b, ttl.Milliseconds(), time.Now().UnixMilli(), maxEntries).Err()
	return c.r.note(err)
}

// clearScript drops a function's entries and its index.
var clearScript = redis.NewScript(`
local ks = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, k in ipairs(ks) do redis.call('DEL', k) end
redis.call('DEL', KEYS[1])
return #ks`)

func (c *cache) Clear(fn string) error {
	ctx, cancel := c.r.ctx()
	defer cancel()
	return c.r.note(clearScript.Run(ctx, c.r.c, []string{c.prefix + "fn:" + fn}).Err())
}

func (c *cache) Lease(key string, d time.Duration) (bool, error) {
	ctx, cancel := c.r.ctx()
	defer cancel()
	ok, err := c.r.c.SetNX(ctx, c.prefix+"lease:"+key, c.r.owner, d).Result()
	return ok, c.r.note(err)
}

var renewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`)

var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`)

func (c *cache) Renew(key string, d time.Duration) {
	ctx, cancel := c.r.ctx()
	defer cancel()
	c.r.note(renewScript.Run(ctx, c.r.c, []string{c.prefix + "lease:" + key}, c.r.owner, d.Milliseconds()).Err())
}

func (c *cache) Release(key string) {
	ctx, cancel := c.r.ctx()
	defer cancel()
	c.r.note(releaseScript.Run(ctx, c.r.c, []string{c.prefix + "lease:" + key}, c.r.owner).Err())
}

type checkpoints struct {
	r      *Redis
	prefix string
}

func (c *checkpoints) Save(token string, b []byte, ttl time.Duration) error {
	ctx, cancel := c.r.ctx()
	defer cancel()
	return c.r.note(c.r.c.Set(ctx, c.prefix+token, b, ttl).Err())
}

func (c *checkpoints) Load(token string) ([]byte, bool, error) {
	ctx, cancel := c.r.ctx()
	defer cancel()
	b, err := c.r.c.Get(ctx, c.prefix+token).Bytes()
	if err == redis.Nil {
		c.r.note(nil)
		return nil, false, nil
	}
	if err := c.r.note(err); err != nil {
		return nil, false, err
	}
	return b, true, nil
}

func (c *checkpoints) Delete(token string) {
	ctx, cancel := c.r.ctx()
	defer cancel()
	c.r.note(c.r.c.Del(ctx, c.prefix+token).Err())
}

// attemptScript is the token bucket, atomic in Redis: a hash of the tokens
// left (t) and the time they were counted (l, Unix milliseconds of the
// replica's clock; a replica whose clock is behind refills nothing until
// it catches up, rather than taking tokens back). It returns 0 when an
// attempt is taken, else the milliseconds until there is one. The key
// expires when the bucket would be full again.
var attemptScript = redis.NewScript(`
local burst, every, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local v = redis.call('HMGET', KEYS[1], 't', 'l')
local t, l = tonumber(v[1]), tonumber(v[2])
if t == nil or l == nil then t, l = burst, now end
if now > l then t, l = math.min(burst, t + (now - l) / every), now end
if t < 1 then return math.max(1, math.ceil((1 - t) * every)) end
t = t - 1
redis.call('HSET', KEYS[1], 't', tostring(t), 'l', tostring(l))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((burst - t) * every)))
return 0`)

// Attempt takes one of the login attempts of app's client addr at now,
// from a bucket of burst attempts refilled one per every, or says how
// long until there is one; an error when Redis did not answer within the
// timeout (web.Replicas: the replica's own count then decides). The
// bucket is the one each replica keeps (web/access.go), here shared by
// the replicas, so the bound across N replicas is the bound of one.
func (r *Redis) Attempt(app, addr string, now time.Time, burst int, every time.Duration) (bool, time.Duration, error) {
	ctx, cancel := r.ctx()
	defer cancel()
	key := r.opts.Namespace + ":" + app + ":login:" + addr
	wait, err := attemptScript.Run(ctx, r.c, []string{key}, burst, every.Milliseconds(), now.UnixMilli()).Int64()
	if err := r.note(err); err != nil {
		return false, 0, err
	}
	return wait == 0, time.Duration(wait) * time.Millisecond, nil
}
