package http_test

import (
	"fmt"
	"os"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/http"
	"github.com/stark-dev/stark/starlib"
)

// Configure gives an app's pages the hosts they may reach, as [http] in
// stark.toml does; without it they reach no network at all.
func ExampleConfigure() {
	opts := starlib.Options(host.Limits{})
	http.Configure(&opts, http.Options{Allow: []string{"api.example.com", "10.0.0.0/8:443"}})
	app, err := host.NewApp(os.TempDir(), opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer app.Close()
	o := http.OptionsOf(app)
	fmt.Println(o.Allow, o.MaxBytes>>20, "MiB", o.Timeout)
	// Output: [api.example.com 10.0.0.0/8:443] 10 MiB 10s
}

// ParseAllow reads one entry of an allow-list, as `stark check` does.
func ExampleParseAllow() {
	r, err := http.ParseAllow("*.example.org:8443")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.MatchHost("api.example.org", 8443), r.MatchHost("example.org", 8443), r.MatchHost("api.example.org", 443))
	_, err = http.ParseAllow("https://example.org/")
	fmt.Println(err)
	// Output:
	// true false false
	// "https://example.org/": want a host, such as "api.example.com", "*.example.org", "10.0.0.5" or "10.0.0.0/8", with an optional ":port", not a URL
}
