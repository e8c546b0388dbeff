package http

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
		a = ipv4Of(a)
		r.Prefix = netip.PrefixFrom(a, a.BitLen())
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
// admitted only by an address rule that contains it, or the IPv4 address
// it stands for (see [RestrictedAddr]).
func (r AllowRule) MatchHost(host string, port int) bool {
	if r.Port != 0 && r.Port != port {
		return false
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return r.Name == "" && r.contains(a)
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
	if r.Name != "" || !r.Prefix.IsValid() || !r.contains(a) || (r.Port != 0 && r.Port != port) {
		return false
	}
	for _, rr := range restrictedRanges {
		if rr.Bits() <= r.Prefix.Bits() && rr.Contains(r.Prefix.Addr()) {
			return true
		}
	}
	return false
}

// contains reports whether the rule's block holds a or the IPv4 address a
// stands for.
func (r AllowRule) contains(a netip.Addr) bool {
	a = a.Unmap()
	return r.Prefix.Contains(a) || r.Prefix.Contains(ipv4Of(a))
}

// restrictedRanges are the addresses of this machine and its networks:
// this network, private, shared (carrier-grade NAT), loopback, link-local
// (cloud metadata services among them), multicast and broadcast, and their
// IPv6 counterparts. IPv6 forms that embed an IPv4 address are judged by
// the addresses they embed (see [embeddedIPv4]); NAT64's local-use prefix,
// whose embedding its operator chooses, is restricted whole.
var restrictedRanges = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "255.255.255.255/32",
		"::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "64:ff9b:1::/48",
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

// RestrictedAddr reports whether a is an address of this machine or its
// networks, which pages reach only when the allow-list names it. An IPv6
// address that embeds IPv4 addresses (IPv4-mapped, -compatible and
// -translated, NAT64, 6to4, Teredo, ISATAP) is restricted when any of them
// is: a gateway on the way may deliver it to that IPv4 address.
func RestrictedAddr(a netip.Addr) bool {
	a = a.Unmap()
	if restricted(a) {
		return true
	}
	for _, v4 := range embeddedIPv4(a) {
		if restricted(v4) {
			return true
		}
	}
	return false
}

func restricted(a netip.Addr) bool {
	for _, r := range restrictedRanges {
		if r.Contains(a) {
			return true
		}
	}
	return false
}

// IPv6 blocks whose addresses carry an IPv4 address.
var (
	compatible = netip.MustParsePrefix("::/96")           // IPv4-compatible (RFC 4291, deprecated)
	translated = netip.MustParsePrefix("::ffff:0:0:0/96") // IPv4-translated (SIIT, RFC 2765)
	nat64      = netip.MustParsePrefix("64:ff9b::/96")    // NAT64 well-known prefix (RFC 6052)
	sixToFour  = netip.MustParsePrefix("2002::/16")       // 6to4 (RFC 3056)
	teredo     = netip.MustParsePrefix("2001::/32")       // Teredo (RFC 4380)
)

// embeddedIPv4 returns the IPv4 addresses an IPv6 address carries: for
// Teredo the client's first and then its server's; for the other forms the
// one address. An IPv4 address, or ::/127, carries none.
func embeddedIPv4(a netip.Addr) []netip.Addr {
	if !a.Is6() || a.Is4In6() {
		return nil
	}
	b := a.As16()
	at := func(i int) netip.Addr { return netip.AddrFrom4([4]byte(b[i : i+4])) }
	switch {
	case compatible.Contains(a):
		if v4 := at(12); v4.As4()[0] != 0 || v4.As4()[1] != 0 || v4.As4()[2] != 0 || v4.As4()[3] > 1 {
			return []netip.Addr{v4} // :: and ::1 are IPv6's own
		}
		return nil
	case translated.Contains(a), nat64.Contains(a):
		return []netip.Addr{at(12)}
	case sixToFour.Contains(a):
		return []netip.Addr{at(2)}
	case teredo.Contains(a):
		var c [4]byte
		for i := range c {
			c[i] = ^b[12+i] // the client's address is stored inverted
		}
		return []netip.Addr{netip.AddrFrom4(c), at(4)}
	case b[8]&^0x02 == 0 && b[9] == 0 && b[10] == 0x5e && b[11] == 0xfe: // ISATAP interface id (RFC 5214)
		return []netip.Addr{at(12)}
	}
	return nil
}

// ipv4Of returns the IPv4 address a stands for: a unmapped when it is one,
// the address an IPv6 form embeds (a Teredo client's), or a itself.
func ipv4Of(a netip.Addr) netip.Addr {
	a = a.Unmap()
	if v4 := embeddedIPv4(a); len(v4) > 0 {
		return v4[0]
	}
	return a
}
