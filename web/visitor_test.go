package web_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"

	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/session"
	"github.com/stark-dev/stark/web"
)

// The page sees the socket's headers and cookies, but never the
// Authorization header or stark's own login cookie; st.user names who
// signed in; the hello's locale, time zone and theme reach st.context.
func TestVisitorContext(t *testing.T) {
	page := `
c = st.context
st.text(" ".join(sorted(c.headers.keys())))
st.text(" ".join(sorted(c.cookies.keys())))
st.text(str([c.headers.get("authorization"), c.headers.get("cookie"), c.headers.get("x-app")]))
st.text(str([c.ip_address, c.locale, c.timezone, c.timezone_offset, c.theme.type, c.url]))
st.text(str([st.user.is_logged_in, st.user.get("name")]))
`
	for _, tc := range []struct {
		name   string
		access *web.Access
		user   string
	}{
		{"public", nil, "[False, None]"},
		{"token", &web.Access{Tokens: []string{accessToken}}, `[True, "token `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := web.Options{Access: tc.access, Secret: []byte(strings.Repeat("s", 32))}
			ts := serve(t, map[string]string{"home.star": page}, opts)
			h := http.Header{
				"Origin":        {ts.URL},
				"X-App":         {"hello"},
				"Authorization": {"Bearer " + accessToken},
				"Cookie":        {"flavour=mint; stark_login=forged; stark_oidc_state=x"},
			}
			off := -120
			c, err := client.DialWith(ts.URL, h, session.HelloMsg{Locale: "fr-FR", Timezone: "Europe/Paris", TimezoneOffset: &off, Theme: "dark", URL: ts.URL + "/"}, false)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if m := runEnd(t, c); m.Status() != "completed" {
				t.Fatalf("run: %s", m.Text())
			}
			want := []string{
				"", "flavour",
				`[None, None, "hello"]`,
				`["127.0.0.1", "fr-FR", "Europe/Paris", -120, "dark", "` + ts.URL + `/"]`,
				tc.user,
			}
			for i, w := range want {
				got := body(c, "main."+itoa(i))
				if i == 0 {
					if strings.Contains(got, "Authorization") || strings.Contains(got, "Cookie") || !strings.Contains(got, "X-App") || !strings.Contains(got, "Host") {
						t.Errorf("headers = %q: want X-App and Host, no Authorization or Cookie", got)
					}
					continue
				}
				if !strings.HasPrefix(got, w) {
					t.Errorf("text %d = %q, want %q", i, got, w)
				}
			}
		})
	}
}

func itoa(i int) string { return string(rune('0' + i)) }

// The app's [theme] reaches the browser after the welcome, and a session's
// st.set_option before the end of the run that called it; other sessions
// keep the app's.
func TestThemeMessages(t *testing.T) {
	dir := t.TempDir()
	page := "if st.button(\"blue\", key=\"blue\"):\n    st.set_option(\"theme.primaryColor\", \"#1e88e5\")\nst.text(\"ok\")\n"
	if err := os.WriteFile(filepath.Join(dir, "home.star"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := starlib.Options(host.Limits{})
	host.Theme.Set(&opts, map[string]string{"base": "dark", "primary_color": ""})
	app, err := host.NewApp(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	srv, err := web.New(app, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer func() { srv.Shutdown(); ts.Close() }()

	c := dial(t, ts, "", "")
	m, err := c.WaitFor("theme", 10*time.Second)
	if err != nil || m.Theme.Base != "dark" || m.Theme.PrimaryColor != "" {
		t.Fatalf("theme after the welcome: %+v, %v", m, err)
	}
	runEnd(t, c)
	if err := c.SetWidget("blue", true); err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		m, err := c.Next(10 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m.Type)
		if m.Theme != nil && (m.Theme.Base != "dark" || m.Theme.PrimaryColor != "#1e88e5") {
			t.Fatalf("theme after set_option: %+v", m.Theme)
		}
		if m.RunEnd != nil {
			break
		}
	}
	if !slices.Contains(got, "theme") {
		t.Fatalf("no theme message in the run that called set_option: %v", got)
	}
	other := dial(t, ts, "", "")
	if m, err := other.WaitFor("theme", 10*time.Second); err != nil || m.Theme.PrimaryColor != "" {
		t.Fatalf("another session's theme: %+v, %v", m, err)
	}
}
