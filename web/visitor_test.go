package web_test

import (
	"net/http"
	"strings"
	"testing"

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
