package host

// This file defines the page's query (st.query_params): the URL's query as
// the run received it, with the page's writes.

import "slices"

// QueryParams returns the page's query as the page sees it now: the URL's
// query ([ScriptRunContext.Query]) with the page's writes. The map is a
// copy.
func (c *ScriptRunContext) QueryParams() map[string][]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return cloneQuery(c.queryLocked())
}

// SetQueryParam sets the values of key in the page's query; no values
// remove the key. The query after the run's writes is its [Result.Query].
func (c *ScriptRunContext) SetQueryParam(key string, values []string) error {
	if err := c.Check(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	q := c.writableQueryLocked()
	if len(values) == 0 {
		delete(q, key)
	} else {
		q[key] = slices.Clone(values)
	}
	return nil
}

// ClearQueryParams removes every key of the page's query.
func (c *ScriptRunContext) ClearQueryParams() error {
	if err := c.Check(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.query = map[string][]string{}
	return nil
}

// queryLocked returns the current query, not to be modified; c.mu is held.
func (c *ScriptRunContext) queryLocked() map[string][]string {
	if c.query != nil {
		return c.query
	}
	return c.Query
}

// writableQueryLocked returns the run's own copy of the query, made at the
// first write: c.Query is the session's and is never modified.
func (c *ScriptRunContext) writableQueryLocked() map[string][]string {
	if c.query == nil {
		c.query = cloneQuery(c.Query)
	}
	return c.query
}

// changedQuery returns the query after the page's writes, or nil when it
// equals the URL's.
func (c *ScriptRunContext) changedQuery() map[string][]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.query == nil || sameQuery(c.query, c.Query) {
		return nil
	}
	return cloneQuery(c.query)
}

func cloneQuery(q map[string][]string) map[string][]string {
	out := make(map[string][]string, len(q))
	for k, vs := range q {
		if len(vs) > 0 {
			out[k] = slices.Clone(vs)
		}
	}
	return out
}

// sameQuery compares queries, a key without values counting as absent.
func sameQuery(a, b map[string][]string) bool {
	n := 0
	for k, vs := range a {
		if len(vs) == 0 {
			continue
		}
		n++
		if !slices.Equal(vs, b[k]) {
			return false
		}
	}
	for _, vs := range b {
		if len(vs) > 0 {
			n--
		}
	}
	return n == 0
}
