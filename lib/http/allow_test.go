package http_test

import (
	"net/netip"
	"testing"

	starhttp "github.com/stark-dev/stark/lib/http"
)

func TestAllowRules(t *testing.T) {
	tests := []struct {
		entry string
		host  string
		port  int
		want  bool
	}{
		{"api.example.com", "api.example.com", 443, true},
		{"api.example.com", "API.Example.com.", 443, true},
		{"api.example.com", "example.com", 443, false},
		{"api.example.com", "x.api.example.com", 443, false},
		{"*.example.org", "a.example.org", 80, true},
		{"*.example.org", "a.b.example.org", 80, true},
		{"*.example.org", "example.org", 80, false},
		{"*.example.org", "badexample.org", 80, false},
		{"api.example.com:8443", "api.example.com", 8443, true},
		{"api.example.com:8443", "api.example.com", 443, false},
		{"127.0.0.1", "127.0.0.1", 1234, true},
		{"127.0.0.1", "localhost", 1234, false},
		{"127.0.0.1:80", "127.0.0.1", 81, false},
		{"10.0.0.0/8", "10.1.2.3", 80, true},
		{"10.0.0.0/8", "11.1.2.3", 80, false},
		{"[::1]", "::1", 80, true},
		{"[::1]:8080", "::1", 8080, true},
		{"::1", "::1", 80, true},
		// A name rule never admits an IP literal, even one it resolves to.
		{"localhost", "127.0.0.1", 80, false},
		{"*.example.org", "93.184.216.34", 80, false},
	}
	for _, tt := range tests {
		r, err := starhttp.ParseAllow(tt.entry)
		if err != nil {
			t.Errorf("ParseAllow(%q): %v", tt.entry, err)
			continue
		}
		if got := r.MatchHost(tt.host, tt.port); got != tt.want {
			t.Errorf("%q admits %s:%d = %v, want %v", tt.entry, tt.host, tt.port, got, tt.want)
		}
	}
}

func TestAllowRulesNameAddresses(t *testing.T) {
	lo := netip.MustParseAddr("127.0.0.1")
	for entry, want := range map[string]bool{
		"127.0.0.1": true, "127.0.0.0/8": true, "127.0.0.1:80": true, "127.0.0.1:81": false,
		"localhost": false, "*.example.org": false, "10.0.0.0/8": false,
		// Blocks that would admit the public internet too name nothing here.
		"0.0.0.0/0": false, "0.0.0.0/1": false, "64.0.0.0/2": false, "::/0": false,
	} {
		r, err := starhttp.ParseAllow(entry)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.NamesAddr(lo, 80); got != want {
			t.Errorf("%q names 127.0.0.1:80 = %v, want %v", entry, got, want)
		}
	}
}

func TestAllowRulesRefused(t *testing.T) {
	for _, entry := range []string{"", "https://api.example.com", "api.example.com/path", "a..b", "-a.com", "api.example.com:0", "api.example.com:x", "user@host", "*.", "a b"} {
		if _, err := starhttp.ParseAllow(entry); err == nil {
			t.Errorf("ParseAllow(%q) accepted", entry)
		}
	}
}

func TestRestrictedAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": true, "10.1.2.3": true, "172.16.0.1": true, "172.32.0.1": false, "192.168.1.1": true,
		"169.254.169.254": true, "100.64.0.1": true, "0.0.0.0": true, "224.0.0.1": true,
		"::1": true, "fe80::1": true, "fd00::1": true, "::ffff:127.0.0.1": true,
		"93.184.216.34": false, "2606:2800:220:1::1": false,
	} {
		if got := starhttp.RestrictedAddr(netip.MustParseAddr(addr)); got != want {
			t.Errorf("RestrictedAddr(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestAllowBlockNamesItsOwnRange(t *testing.T) {
	for _, c := range []struct {
		entry, addr string
		want        bool
	}{
		{"10.0.0.0/8", "10.9.8.7", true},
		{"192.168.1.0/24", "192.168.1.7", true},
		{"192.168.1.0/24", "192.168.2.7", false},
		{"0.0.0.0/0", "169.254.169.254", false},
		{"0.0.0.0/0", "10.0.0.1", false},
		{"::/0", "::1", false},
		{"fe80::/10", "fe80::1", true},
	} {
		r, err := starhttp.ParseAllow(c.entry)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.NamesAddr(netip.MustParseAddr(c.addr), 80); got != c.want {
			t.Errorf("%q names %s = %v, want %v", c.entry, c.addr, got, c.want)
		}
	}
}

// IPv6 forms that embed an IPv4 address stand for it: loopback, private and
// link-local checks apply to the address they carry (finding 18 of issue
// 12), and a rule naming an IPv4 address names its IPv6 forms.
func TestEmbeddedIPv4(t *testing.T) {
	tests := []struct {
		name, addr string
		restricted bool
		v4         string // what a rule must name for the address to be named
	}{
		{"IPv4-mapped", "::ffff:127.0.0.1", true, "127.0.0.1"},
		{"IPv4-mapped hex", "::ffff:7f00:1", true, "127.0.0.1"},
		{"IPv4-compatible", "::127.0.0.1", true, "127.0.0.1"},
		{"IPv4-compatible hex", "::7f00:1", true, "127.0.0.1"},
		{"IPv4-compatible private", "::a00:1", true, "10.0.0.1"},
		{"IPv4-translated (SIIT)", "::ffff:0:7f00:1", true, "127.0.0.1"},
		{"NAT64 well-known prefix", "64:ff9b::7f00:1", true, "127.0.0.1"},
		{"NAT64 metadata", "64:ff9b::a9fe:a9fe", true, "169.254.169.254"},
		{"NAT64 local-use prefix", "64:ff9b:1::7f00:1", true, ""},
		{"6to4", "2002:7f00:1::", true, "127.0.0.1"},
		{"6to4 private", "2002:c0a8:101::1", true, "192.168.1.1"},
		{"Teredo client loopback", "2001:0:4136:e378:8000:63bf:80ff:fffe", true, "127.0.0.1"},
		{"Teredo server private", "2001:0:a00:1:8000:63bf:a247:2bdd", true, ""},
		{"ISATAP", "2001:db8::5efe:7f00:1", true, "127.0.0.1"},
		{"ISATAP universal", "2001:db8::200:5efe:a9fe:a9fe", true, "169.254.169.254"},
		{"unspecified", "::", true, ""},
		{"loopback", "::1", true, ""},
		{"NAT64 public", "64:ff9b::5db8:d822", false, "93.184.216.34"},
		{"6to4 public", "2002:5db8:d822::1", false, "93.184.216.34"},
		{"Teredo public", "2001:0:4136:e378:8000:63bf:a247:27dd", false, "93.184.216.34"}, // client ^0xffffffff
		{"plain IPv6", "2606:4700::1111", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := netip.MustParseAddr(tt.addr)
			if got := starhttp.RestrictedAddr(a); got != tt.restricted {
				t.Errorf("RestrictedAddr(%s) = %v, want %v", tt.addr, got, tt.restricted)
			}
			if tt.v4 == "" {
				return
			}
			r, err := starhttp.ParseAllow(tt.v4)
			if err != nil {
				t.Fatal(err)
			}
			if !r.MatchHost(tt.addr, 80) {
				t.Errorf("%q does not admit %s", tt.v4, tt.addr)
			}
			if got := r.NamesAddr(a, 80); got != tt.restricted {
				t.Errorf("%q names %s = %v, want %v", tt.v4, tt.addr, got, tt.restricted)
			}
			// A block of the whole internet names none of them.
			all, _ := starhttp.ParseAllow("0.0.0.0/0")
			if all.NamesAddr(a, 80) {
				t.Errorf("0.0.0.0/0 names %s", tt.addr)
			}
		})
	}
}
