// Package http defines the http module that pages see: http.get and
// http.post, to the hosts of the app's allow-list only ([Options], set with
// [Configure]; the allow-list's entries are [AllowRule]s).
package http

// This file defines the http module, http.get and http.post to the hosts of
// the app's allow-list ([http] allow in stark.toml), and the response value.
//
// The allow-list is checked twice: the URL's host (and each redirect's)
// against the names, and every address the host resolves to when dialing,
// so that a name that resolves (or is rebound) to a loopback, private or
// link-local address is refused unless the allow-list names that address.
// The connection is made to the checked address itself.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"net/netip"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/json"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// Module is the http module pages see.
var Module = &starlarkstruct.Module{
	Name: "http",
	Members: starlark.StringDict{
		"get":    starlark.NewBuiltin("http.get", httpGet),
		"post":   starlark.NewBuiltin("http.post", httpPost),
		"stream": starlark.NewBuiltin("http.stream", httpStream),
	},
}

// maxRedirects bounds the redirects one request follows.
const maxRedirects = 5

// httpGet is http.get(url, headers=None, params=None, timeout=None).
func httpGet(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r httpArgs
	if err := host.UnpackArgs(b.Name(), args, kwargs, "url", &r.url, "headers?", &r.headers, "params?", &r.params, "timeout?", &r.timeout); err != nil {
		return nil, err
	}
	return doHTTP(t, b.Name(), nethttp.MethodGet, &r)
}

// httpPost is http.post(url, headers=None, params=None, json=None,
// data=None, timeout=None).
func httpPost(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r httpArgs
	if err := host.UnpackArgs(b.Name(), args, kwargs, "url", &r.url, "headers?", &r.headers, "params?", &r.params, "json?", &r.json, "data?", &r.data, "timeout?", &r.timeout); err != nil {
		return nil, err
	}
	return doHTTP(t, b.Name(), nethttp.MethodPost, &r)
}

type httpArgs struct {
	url                   string
	headers, params, json starlark.Value
	data, timeout         starlark.Value
}

// httpClient is an app's client: one transport (and its idle connections)
// for every run, dialing through the app's allow-list.
type httpClient struct {
	rules     []AllowRule
	transport *nethttp.Transport
	client    *nethttp.Client
}

// Close closes the client's idle connections when the app closes.
func (c *httpClient) Close() error {
	c.transport.CloseIdleConnections()
	return nil
}

func httpClientFor(app *host.App) (*httpClient, error) {
	v, err := app.Resource("http", func() (any, error) {
		rules, err := ParseAllowList(OptionsOf(app).Allow)
		if err != nil {
			return nil, fmt.Errorf("[http] allow: %v", err)
		}
		c := &httpClient{rules: rules}
		dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
		c.transport = &nethttp.Transport{
			Proxy:                 nil, // pages reach no environment, HTTP_PROXY included
			DialContext:           c.dialer(dialer),
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          32,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
		}
		var rt nethttp.RoundTripper = c.transport
		if t := OptionsOf(app).Transport; t != nil {
			rt = t
		}
		c.client = &nethttp.Client{
			Transport: rt,
			CheckRedirect: func(req *nethttp.Request, via []*nethttp.Request) error {
				if len(via) >= maxRedirects {
					return fmt.Errorf("stopped after %d redirects", maxRedirects)
				}
				return c.check(req.URL)
			},
		}
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*httpClient), nil
}

// errNotAllowed marks a refusal by the allow-list, whose message stands alone.
type errNotAllowed struct{ msg string }

func (e *errNotAllowed) Error() string { return e.msg }

// check refuses a URL whose scheme is not http(s) or whose host the
// allow-list does not admit.
func (c *httpClient) check(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("scheme %q: want http or https", u.Scheme)
	}
	h := u.Hostname()
	if h == "" {
		return errors.New("the URL has no host")
	}
	if len(c.rules) == 0 {
		return &errNotAllowed{fmt.Sprintf("host %q is not in the app's allow-list, which is empty: the app may not use the network ([http] allow in stark.toml)", h)}
	}
	port := urlPort(u)
	for _, r := range c.rules {
		if r.MatchHost(h, port) {
			return nil
		}
	}
	return &errNotAllowed{fmt.Sprintf("host %q is not in the app's allow-list ([http] allow in stark.toml)", h)}
}

func urlPort(u *url.URL) int {
	if p, err := strconv.Atoi(u.Port()); err == nil {
		return p
	}
	if u.Scheme == "https" {
		return 443
	}
	return 80
}

// dialer returns the transport's DialContext: it resolves the host, drops
// the addresses the allow-list does not admit and dials the first of the
// others that answers.
func (c *httpClient) dialer(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		h, ps, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		port, _ := strconv.Atoi(ps)
		var addrs []netip.Addr
		if a, err := netip.ParseAddr(h); err == nil {
			addrs = []netip.Addr{a}
		} else if addrs, err = net.DefaultResolver.LookupNetIP(ctx, "ip", h); err != nil {
			return nil, err
		}
		var refused []string
		var lastErr error
		for _, a := range addrs {
			a = a.Unmap()
			if RestrictedAddr(a) && !c.namesAddr(a, port) {
				refused = append(refused, a.String())
				continue
			}
			conn, err := d.DialContext(ctx, network, netip.AddrPortFrom(a, uint16(port)).String())
			if err == nil {
				return conn, nil
			}
			lastErr = err
		}
		if lastErr != nil {
			return nil, lastErr
		}
		return nil, &errNotAllowed{fmt.Sprintf("host %q resolves to %s, a loopback, private or link-local address that the app's allow-list does not name (list the address in [http] allow to reach it)", h, strings.Join(refused, ", "))}
	}
}

func (c *httpClient) namesAddr(a netip.Addr, port int) bool {
	for _, r := range c.rules {
		if r.NamesAddr(a, port) {
			return true
		}
	}
	return false
}

// shownURL is a URL as errors show it: without its query and credentials,
// which may hold secrets, since page errors are shown in the browser.
func shownURL(u *url.URL) string {
	v := *u
	v.User = nil
	v.RawQuery, v.ForceQuery, v.Fragment = "", false, ""
	return v.String()
}

// A request is what http.get, http.post and http.stream share before they
// send: the caller's sandbox, the app's client, the URL checked against the
// allow-list, the body and the timeout of the call.
type request struct {
	name        string
	sb          *host.Sandbox
	c           *httpClient
	u           *url.URL
	body        io.Reader
	contentType string
	timeout     time.Duration // the call's timeout=, else [http] timeout
	headers     starlark.Value
}

// prepare checks the arguments of the call name as every http builtin
// does, before anything is sent.
func prepare(t *starlark.Thread, name string, r *httpArgs) (*request, error) {
	sb, err := host.SandboxFor(t, name)
	if err != nil {
		return nil, err
	}
	c, err := httpClientFor(sb.App)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	u, err := url.Parse(r.url)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not a URL", name, r.url)
	}
	if err := c.check(u); err != nil {
		if _, ok := err.(*errNotAllowed); ok {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		return nil, fmt.Errorf("%s: %s: %v", name, shownURL(u), err)
	}
	q := &request{name: name, sb: sb, c: c, u: u, headers: r.headers}
	if err := httpParams(u, r.params); err != nil {
		return nil, q.fail("for parameter params: %v", err)
	}
	if q.body, q.contentType, err = httpBody(t, r); err != nil {
		return nil, q.fail("%v", err)
	}
	q.timeout = OptionsOf(sb.App).Timeout
	if r.timeout != nil && r.timeout != starlark.None {
		if q.timeout, err = host.DurationArg("for parameter timeout", r.timeout); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if q.timeout == 0 {
			return nil, fmt.Errorf("%s: for parameter timeout: want a positive duration", name)
		}
	}
	return q, nil
}

// fail is an error of the call about its URL, shown without its query.
func (q *request) fail(format string, args ...any) error {
	return fmt.Errorf("%s: %s: %s", q.name, shownURL(q.u), fmt.Sprintf(format, args...))
}

// newRequest makes the request to send under ctx, with stark's headers and
// the page's.
func (q *request) newRequest(ctx context.Context, method string) (*nethttp.Request, error) {
	req, err := nethttp.NewRequestWithContext(ctx, method, q.u.String(), q.body)
	if err != nil {
		return nil, q.fail("%v", err)
	}
	req.Header.Set("User-Agent", "stark")
	if q.contentType != "" {
		req.Header.Set("Content-Type", q.contentType)
	}
	if err := httpHeaders(req.Header, q.headers); err != nil {
		return nil, q.fail("for parameter headers: %v", err)
	}
	return req, nil
}

func doHTTP(t *starlark.Thread, name, method string, r *httpArgs) (starlark.Value, error) {
	q, err := prepare(t, name, r)
	if err != nil {
		return nil, err
	}
	sb, c, u, fail, timeout := q.sb, q.c, q.u, q.fail, q.timeout

	// The request ends at the first of: its timeout, the run's deadline, the
	// run's cancellation.
	runCtx, stop := sb.Context()
	defer stop()
	ctx, cancel := context.WithTimeout(runCtx, timeout)
	defer cancel()
	req, err := q.newRequest(ctx, method)
	if err != nil {
		return nil, err
	}

	explain := func(err error) error {
		if e := sb.Err(); e != nil {
			return e // the run was cancelled: say why, as sleep does
		}
		var na *errNotAllowed
		switch {
		case errors.As(err, &na):
			return fmt.Errorf("%s: %s: %v", name, shownURL(u), na)
		case errors.Is(err, context.DeadlineExceeded) && runCtx.Err() != nil:
			return fail("the run's wall time ran out ([limits] wall_time in stark.toml)")
		case errors.Is(err, context.DeadlineExceeded):
			return fail("no response within %s (pass timeout= or raise [http] timeout in stark.toml)", timeout)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fail("%v", err)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, explain(err)
	}
	defer resp.Body.Close()
	max := OptionsOf(sb.App).MaxBytes
	if resp.ContentLength > max {
		return nil, fail("the response of %d bytes is larger than the app's limit of %s ([http] max_bytes in stark.toml)", resp.ContentLength, httpSize(max))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, explain(err)
	}
	if int64(len(data)) > max {
		return nil, fail("the response is larger than the app's limit of %s ([http] max_bytes in stark.toml)", httpSize(max))
	}
	return newHTTPResponse(resp, data), nil
}

// httpSize writes n as a size: "10 MiB", "512 KiB", "100 bytes".
func httpSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// httpParams adds a dict of query parameters to u. Values are strings,
// numbers or bools, or lists of them for repeated parameters.
func httpParams(u *url.URL, params starlark.Value) error {
	if params == nil || params == starlark.None {
		return nil
	}
	d, ok := params.(*starlark.Dict)
	if !ok {
		return fmt.Errorf("got %s, want a dict", params.Type())
	}
	q := u.Query()
	for _, kv := range d.Items() {
		k, ok := starlark.AsString(kv[0])
		if !ok {
			return fmt.Errorf("a parameter's name is a string, got %s", kv[0].Type())
		}
		vals := []starlark.Value{kv[1]}
		if l, ok := kv[1].(starlark.Indexable); ok && isListOrTuple(kv[1]) {
			vals = make([]starlark.Value, l.Len())
			for i := range vals {
				vals[i] = l.Index(i)
			}
		}
		for _, v := range vals {
			s, err := httpText(v)
			if err != nil {
				return fmt.Errorf("parameter %q: %v", k, err)
			}
			q.Add(k, s)
		}
	}
	u.RawQuery = q.Encode()
	return nil
}

// httpText is a string, number or bool as text, as a URL or header holds it.
func httpText(v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		return string(x), nil
	case starlark.Int, starlark.Float:
		return x.String(), nil
	case starlark.Bool:
		if x {
			return "true", nil
		}
		return "false", nil
	}
	return "", fmt.Errorf("got %s, want a string, number or bool", v.Type())
}

func httpHeaders(h nethttp.Header, headers starlark.Value) error {
	if headers == nil || headers == starlark.None {
		return nil
	}
	d, ok := headers.(*starlark.Dict)
	if !ok {
		return fmt.Errorf("got %s, want a dict", headers.Type())
	}
	for _, kv := range d.Items() {
		k, ok := starlark.AsString(kv[0])
		if !ok {
			return fmt.Errorf("a header's name is a string, got %s", kv[0].Type())
		}
		v, err := httpText(kv[1])
		if err != nil {
			return fmt.Errorf("header %q: %v", k, err)
		}
		if strings.ContainsAny(k+v, "\r\n") {
			return fmt.Errorf("header %q: a header holds no line breaks", k)
		}
		h.Set(k, v)
	}
	return nil
}

// httpBody returns the body that json= or data= give, and its type.
func httpBody(t *starlark.Thread, r *httpArgs) (io.Reader, string, error) {
	hasJSON := r.json != nil && r.json != starlark.None
	hasData := r.data != nil && r.data != starlark.None
	switch {
	case hasJSON && hasData:
		return nil, "", errors.New("pass json= or data=, not both")
	case hasJSON:
		v, err := starlark.Call(t, json.Module.Members["encode"], starlark.Tuple{r.json}, nil)
		if err != nil {
			return nil, "", fmt.Errorf("for parameter json: %v", err)
		}
		return strings.NewReader(string(v.(starlark.String))), "application/json", nil
	case hasData:
		switch d := r.data.(type) {
		case starlark.String:
			return strings.NewReader(string(d)), "text/plain; charset=utf-8", nil
		case starlark.Bytes:
			return strings.NewReader(string(d)), "application/octet-stream", nil
		case *starlark.Dict:
			form := url.Values{}
			for _, kv := range d.Items() {
				k, ok := starlark.AsString(kv[0])
				if !ok {
					return nil, "", fmt.Errorf("for parameter data: a field's name is a string, got %s", kv[0].Type())
				}
				s, err := httpText(kv[1])
				if err != nil {
					return nil, "", fmt.Errorf("for parameter data: field %q: %v", k, err)
				}
				form.Add(k, s)
			}
			return strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", nil
		}
		return nil, "", fmt.Errorf("for parameter data: got %s, want a string, bytes or a dict of form fields", r.data.Type())
	}
	return nil, "", nil
}

// httpResponse is the value http.get and http.post return. It is immutable,
// so it may be cached and shared.
type httpResponse struct {
	status  int
	url     string
	headers *starlark.Dict // frozen; lower-case names, repeated values joined by ", "
	body    []byte
}

var (
	_ starlark.HasAttrs = (*httpResponse)(nil)
	_ host.Sizer        = (*httpResponse)(nil)
)

func newHTTPResponse(resp *nethttp.Response, body []byte) *httpResponse {
	names := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	h := starlark.NewDict(len(names))
	for _, k := range names {
		h.SetKey(starlark.String(strings.ToLower(k)), starlark.String(strings.Join(resp.Header[k], ", ")))
	}
	h.Freeze()
	return &httpResponse{status: resp.StatusCode, url: shownURL(resp.Request.URL), headers: h, body: body}
}

func (r *httpResponse) String() string {
	return fmt.Sprintf("<http_response %d %s, %d bytes>", r.status, r.url, len(r.body))
}
func (r *httpResponse) Type() string         { return "http_response" }
func (r *httpResponse) Freeze()              {} // immutable
func (r *httpResponse) Truth() starlark.Bool { return true }
func (r *httpResponse) Hash() (uint32, error) {
	return 0, errors.New("unhashable type: http_response")
}

// Size is the body and the headers, for the cache's byte budget.
func (r *httpResponse) Size() int { return len(r.body) + int(host.SizeOf(r.headers)) + 64 }

func (r *httpResponse) AttrNames() []string {
	return []string{"bytes", "headers", "json", "ok", "status", "text", "url"}
}

func (r *httpResponse) Attr(name string) (starlark.Value, error) {
	switch name {
	case "status":
		return starlark.MakeInt(r.status), nil
	case "ok":
		return starlark.Bool(r.status >= 200 && r.status < 300), nil
	case "url":
		return starlark.String(r.url), nil
	case "headers":
		return r.headers, nil
	case "text":
		return starlark.String(r.body), nil
	case "bytes":
		return starlark.Bytes(r.body), nil
	case "json":
		return starlark.NewBuiltin("http_response.json", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			v, err := starlark.Call(t, json.Module.Members["decode"], starlark.Tuple{starlark.String(r.body)}, nil)
			if err != nil {
				return nil, fmt.Errorf("%s: the body of %s (status %d) is not JSON: %v", b.Name(), r.url, r.status, strings.TrimPrefix(err.Error(), "json.decode: "))
			}
			return v, nil
		}), nil
	}
	return nil, nil
}

// isListOrTuple reports whether v is a list or a tuple.
func isListOrTuple(v starlark.Value) bool {
	switch v.(type) {
	case *starlark.List, starlark.Tuple:
		return true
	}
	return false
}
