package session

// This file keeps checkpoints of sessions in a store shared by the replicas
// of an app (Redis; docs/replicas.md), so that a browser whose replica died
// resumes its session on another: same page, same query, same
// st.session_state and widget values, one run.

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// A Checkpointer stores session checkpoints, by session token, for every
// replica of an app. Its methods return within a short timeout; an error
// means the store is unreachable (the session then goes on unsaved).
type Checkpointer interface {
	Save(token string, b []byte, ttl time.Duration) error
	Load(token string) (b []byte, ok bool, err error)
	Delete(token string)
}

// DefaultCheckpointBytes bounds a session's checkpoint.
const DefaultCheckpointBytes = 1 << 20

// checkpointVersion is the layout of the dict a checkpoint is.
const checkpointVersion = 1

// checkpoint writes the session's state to the store, if it changed since
// the last checkpoint. A value outside the serialisation's type set is left
// out (and logged once per key); a checkpoint past the bound is not
// written, and the log says so. It returns false when the store failed.
func (s *Session) checkpoint() bool {
	cp := s.m.opts.Checkpoints
	if cp == nil {
		return true
	}
	s.cpMu.Lock()
	defer s.cpMu.Unlock()
	values, widgets := s.state.Snapshot()
	s.mu.Lock()
	page, query, closed := s.page, s.query, s.closed
	s.mu.Unlock()
	if closed {
		return true
	}
	d := starlark.NewDict(4)
	d.SetKey(starlark.String("v"), starlark.MakeInt(checkpointVersion))
	d.SetKey(starlark.String("page"), starlark.String(page))
	q := starlark.NewDict(len(query))
	for k, vs := range query {
		l := make([]starlark.Value, len(vs))
		for i, v := range vs {
			l[i] = starlark.String(v)
		}
		q.SetKey(starlark.String(k), starlark.NewList(l))
	}
	d.SetKey(starlark.String("query"), q)
	d.SetKey(starlark.String("values"), s.serialDict("st.session_state", values))
	d.SetKey(starlark.String("widgets"), s.serialDict("widget", widgets))
	b, err := host.Serialize(d)
	if err != nil {
		s.m.log.Warn("session checkpoint", "session", s.token, "err", err)
		return true
	}
	if bytes.Equal(b, s.saved) {
		return true
	}
	limit := s.m.opts.CheckpointBytes
	if len(b) > limit {
		if !s.tooBig {
			s.tooBig = true
			s.m.log.Warn(fmt.Sprintf("session checkpoint: the state is %d bytes, more than the bound of %d; the session is not saved for another replica until it is smaller", len(b), limit), "session", s.token)
		}
		return true
	}
	s.tooBig = false
	if err := cp.Save(s.token, b, s.m.opts.Grace); err != nil {
		s.m.checkpointFailed(err)
		return false
	}
	s.saved = b
	return true
}

// serialDict returns the values that can cross, by key.
func (s *Session) serialDict(what string, m map[string]starlark.Value) *starlark.Dict {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d := starlark.NewDict(len(keys))
	for _, k := range keys {
		if _, err := host.Serialize(m[k]); err != nil {
			if s.unsaved == nil {
				s.unsaved = map[string]bool{}
			}
			if !s.unsaved[k] {
				s.unsaved[k] = true
				s.m.log.Warn(fmt.Sprintf("session checkpoint: %s %q is left out: %v", what, k, err), "session", s.token)
			}
			continue
		}
		d.SetKey(starlark.String(k), m[k])
	}
	return d
}

// checkpointFailed logs the first of a series of failures of the store.
func (m *Manager) checkpointFailed(err error) {
	if m.cpDown.CompareAndSwap(false, true) {
		m.log.Warn("session checkpoints: the store is unreachable; sessions go on unsaved until it returns", "err", err)
	}
}

// restore returns a session made from the checkpoint of token, if the store
// has one. m.mu is not held.
func (m *Manager) restore(token string) *Session {
	cp := m.opts.Checkpoints
	if cp == nil || token == "" {
		return nil
	}
	b, ok, err := cp.Load(token)
	if err != nil {
		m.checkpointFailed(err)
		return nil
	}
	m.cpDown.Store(false)
	if !ok {
		return nil
	}
	v, err := host.Deserialize(b)
	if err != nil {
		m.log.Warn("session checkpoint unreadable", "session", token, "err", err)
		return nil
	}
	d, ok := v.(*starlark.Dict)
	if !ok {
		return nil
	}
	get := func(k string) starlark.Value { x, _, _ := d.Get(starlark.String(k)); return x }
	if n, _ := starlark.AsInt32(get("v")); n != checkpointVersion {
		return nil
	}
	page, _ := starlark.AsString(get("page"))
	file, name, found := m.lookupPage(host.PageFor(page).Name)
	if !found {
		if file, name, found = m.lookupPage(page); !found {
			return nil
		}
	}
	query := map[string][]string{}
	if q, ok := get("query").(*starlark.Dict); ok {
		for _, kv := range q.Items() {
			k, _ := starlark.AsString(kv[0])
			if l, ok := kv[1].(*starlark.List); ok {
				for i := 0; i < l.Len(); i++ {
					x, _ := starlark.AsString(l.Index(i))
					query[k] = append(query[k], x)
				}
			}
		}
	}
	s := newSession(m, file, name, query)
	s.token = token
	s.saved = b
	s.state.Restore(dictMap(get("values")), dictMap(get("widgets")))
	return s
}

func dictMap(v starlark.Value) map[string]starlark.Value {
	d, ok := v.(*starlark.Dict)
	if !ok {
		return nil
	}
	m := make(map[string]starlark.Value, d.Len())
	for _, kv := range d.Items() {
		k, _ := starlark.AsString(kv[0])
		m[k] = kv[1]
	}
	return m
}
