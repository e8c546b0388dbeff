package host_test

import (
	"net/netip"
	"testing"

	"github.com/stark-dev/stark/host"
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
		r, err := host.ParseAllow(tt.entry)
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
	} {
		r, err := host.ParseAllow(entry)
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
		if _, err := host.ParseAllow(entry); err == nil {
			t.Errorf("ParseAllow(%q) accepted", entry)
		}
	}
}
