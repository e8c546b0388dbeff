package http

// This file defines the settings of an app's http module ([http] in
// stark.toml), which the app carries for it as a host.Setting.

import (
	nethttp "net/http"
	"time"

	"github.com/stark-dev/stark/host"
)

// Options are an app's settings of the http module. The zero value reaches
// no network at all.
type Options struct {
	// Allow lists the hosts pages may reach ([http] allow): names,
	// "*.example.org" wildcards, IP literals and CIDR blocks, each with an
	// optional ":port" (see [AllowRule]). Empty: no network at all.
	Allow []string
	// MaxBytes bounds one response body ([http] max_bytes); default
	// DefaultMaxBytes.
	MaxBytes int64
	// Timeout bounds one request when the page gives no timeout ([http]
	// timeout); default DefaultTimeout.
	Timeout time.Duration
	// Transport, when set, makes the requests in place of the network
	// (`stark test`'s http fixtures). The allow-list is checked as
	// always; the dialer's address checks are the transport's business.
	Transport nethttp.RoundTripper
}

// Defaults of Options.
const (
	DefaultMaxBytes = 10 << 20
	DefaultTimeout  = 10 * time.Second
)

var setting = host.NewSetting[Options]("http")

// Configure sets the http options of the apps made with o.
func Configure(o *host.Options, h Options) { setting.Set(o, h) }

// Configured returns the http options o sets (Configure), not defaulted.
func Configured(o *host.Options) Options {
	h, _ := setting.Of(o)
	return h
}

// OptionsOf returns the app's http options, defaults filled in.
func OptionsOf(app *host.App) Options {
	h, _ := setting.Get(app)
	if h.MaxBytes <= 0 {
		h.MaxBytes = DefaultMaxBytes
	}
	if h.Timeout <= 0 {
		h.Timeout = DefaultTimeout
	}
	return h
}
