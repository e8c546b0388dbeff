package host

// This file defines the entries of an app's network allow-list ([http]
// allow in stark.toml) and how a URL's host is matched against them.

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// An AllowRule is one entry of an allow-list: a host name
// ("api.example.com"), a wildcard of subdomains ("*.example.org", which does
// not match example.org itself), an IP address ("127.0.0.1", "[::1]") or a
// CIDR block ("10.0.0.0/8"), each with an optional port (":8080"; without
// one, every port).
type AllowRule struct {
	Entry    string       // as written
	Name     string       // a lower-case host name, or "" for an address rule
	Wildcard bool         // Name matches its subdomains, not itself
	Prefix   netip.Prefix // an address or block, when Name is ""
	Port     int          // 0: any
}

// ParseAllow parses one allow-list entry.
func ParseAllow(entry string) (AllowRule, error) {
	r := AllowRule{Entry: entry}
	s := strings.TrimSpace(entry)
	if s == "" {
		return r, fmt.Errorf("empty host")
	}
	if strings.Contains(s, "://") || strings.ContainsAny(s, "?#@") || (strings.Contains(s, "/") && !looksCIDR(s)) {
		return r, fmt.Errorf("%q: want a host, such as \"api.example.com\", \"*.example.org\", \"10.0.0.5\" or \"10.0.0.0/8\", with an optional \":port\", not a URL", entry)
	}
	host := s
	if h, p, err := net.SplitHostPort(s); err == nil {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return r, fmt.Errorf("%q: bad port %q", entry, p)
		}
		host, r.Port = h, n
	} else if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		host = s[1 : len(s)-1]
	}
	if p, err := netip.ParsePrefix(host); err == nil {
		r.Prefix = p.Masked()
		return r, nil
	}
	if a, err := netip.ParseAddr(host); err == nil {
		r.Prefix = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		return r, nil
	}
	name := strings.ToLower(strings.TrimSuffix(host, "."))
	if rest, ok := strings.CutPrefix(name, "*."); ok {
		r.Wildcard = true
		name = rest
	}
	if !validHostName(name) {
		return r, fmt.Errorf("%q: not a host name, IP address or CIDR block", entry)
	}
	r.Name = name
	return r, nil
}

// ParseAllowList parses every entry of an allow-list.
func ParseAllowList(entries []string) ([]AllowRule, error) {
	rules := make([]AllowRule, 0, len(entries))
	for _, e := range entries {
		r, err := ParseAllow(e)
		if err != nil {
			return nil, err
		}
		rules = append(rules, r)
	}
	return rules, nil
}

func looksCIDR(s string) bool {
	_, err := netip.ParsePrefix(s)
	return err == nil
}

func validHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// MatchHost reports whether the rule admits a URL's host (a name or an IP
// literal, as url.URL.Hostname returns it) on port. An IP literal is
// admitted only by an address rule that contains it.
func (r AllowRule) MatchHost(host string, port int) bool {
	if r.Port != 0 && r.Port != port {
		return false
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return r.Name == "" && r.Prefix.Contains(a.Unmap())
	}
	if r.Name == "" {
		return false
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if r.Wildcard {
		return strings.HasSuffix(host, "."+r.Name)
	}
	return host == r.Name
}

// NamesAddr reports whether the rule names the address a itself for port,
// as reaching a restricted address (see [RestrictedAddr]) requires: an
// address or block rule that contains a and lies wholly inside one
// restricted range. So "127.0.0.1", "10.0.0.0/8" and "192.168.1.0/24" name
// their addresses, while "0.0.0.0/0" or "0.0.0.0/1", which would also admit
// the public internet, name none of this machine's or its networks'.
func (r AllowRule) NamesAddr(a netip.Addr, port int) bool {
	a = a.Unmap()
	if r.Name != "" || !r.Prefix.IsValid() || !r.Prefix.Contains(a) || (r.Port != 0 && r.Port != port) {
		return false
	}
	for _, rr := range restrictedRanges {
		if rr.Bits() <= r.Prefix.Bits() && rr.Contains(r.Prefix.Addr()) {
			return true
		}
	}
	return false
}

// restrictedRanges are the addresses of this machine and its networks:
// this network, private, shared (carrier-grade NAT), loopback, link-local
// (cloud metadata services among them), multicast and broadcast, and their
// IPv6 counterparts.
var restrictedRanges = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "255.255.255.255/32",
		"::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

// RestrictedAddr reports whether a is an address of this machine or its
// networks, which pages reach only when the allow-list names it.
func RestrictedAddr(a netip.Addr) bool {
	a = a.Unmap()
	for _, r := range restrictedRanges {
		if r.Contains(a) {
			return true
		}
	}
	return false
}
