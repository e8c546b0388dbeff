package starlib_test

import (
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
)

func visitorRun(t *testing.T, src string, v *host.Visitor, configure func(*host.Options)) *harness.Result {
	t.Helper()
	app := appOf(t, src, nil, configure)
	s := &harness.Session{App: app, State: host.NewState(), Page: "page.star", Visitor: v}
	defer s.Close()
	return s.Run()
}

func TestContext(t *testing.T) {
	off := -60
	v := &host.Visitor{
		Headers:   map[string][]string{"User-Agent": {"test-agent"}, "Accept-Language": {"de-DE", "en"}},
		Cookies:   map[string]string{"flavour": "mint"},
		IPAddress: "192.0.2.7", URL: "http://example.test/app/?embed=true",
		Locale: "de-DE", Timezone: "Europe/Berlin", TimezoneOffset: &off, Theme: "dark",
	}
	res := visitorRun(t, lines(
		`c = st.context`,
		`st.text(c.headers["user-agent"])`,
		`st.text(c.headers.get("USER-AGENT"))`,
		`st.text(str(c.headers.get_all("accept-language")))`,
		`st.text(str(c.headers.get("x-none", "absent")))`,
		`st.text(c.cookies["flavour"])`,
		`st.text(c.ip_address + " " + c.locale + " " + c.timezone + " " + str(c.timezone_offset))`,
		`st.text(c.url)`,
		`st.text(c.theme.type)`,
		`st.text(str(c.is_embedded))`,
		`st.text(str(sorted(c.headers.keys())))`,
	), v, nil)
	mustComplete(t, res)
	want := []string{"test-agent", "test-agent", `["de-DE", "en"]`, "absent", "mint",
		"192.0.2.7 de-DE Europe/Berlin -60", "http://example.test/app/?embed=true", "dark", "True",
		`["Accept-Language", "User-Agent"]`}
	if got := texts(t, res); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("texts = %q\nwant %q", got, want)
	}
}

func TestContextUnknownVisitor(t *testing.T) {
	res := runPage(t, lines(
		`c = st.context`,
		`st.text(str([c.ip_address, c.locale, c.timezone, c.timezone_offset, c.url, c.theme.type, len(c.headers), len(c.cookies)]))`,
		`st.text(str(st.user.is_logged_in))`,
	))
	mustComplete(t, res)
	if got := texts(t, res); got[0] != "[None, None, None, None, None, None, 0, 0]" || got[1] != "False" {
		t.Fatalf("texts = %q", got)
	}
}

func TestUser(t *testing.T) {
	v := &host.Visitor{User: &host.User{Name: "Ada", Email: "ada@example.test", Provider: "local",
		Claims: map[string]any{"sub": "123", "email_verified": true, "groups": []any{"a", "b"}, "iat": float64(1700000000)}}}
	res := visitorRun(t, lines(
		`u = st.user`,
		`st.text(str(u.is_logged_in) + " " + u.name + " " + u.email + " " + u["sub"] + " " + u.provider)`,
		`st.text(str(u.email_verified) + " " + str(u.groups) + " " + str(u.iat))`,
		`st.text(str(u.get("nope", "-")))`,
	), v, nil)
	mustComplete(t, res)
	want := []string{"True Ada ada@example.test 123 local", `True ["a", "b"] 1700000000`, "-"}
	if got := texts(t, res); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("texts = %q\nwant %q", got, want)
	}
	res = visitorRun(t, `st.text(st.user.email)`, &host.Visitor{}, nil)
	mustFailWith(t, res, `st.user has no "email": nobody is logged in`)
	res = visitorRun(t, `st.text(st.user.phone)`, v, nil)
	mustFailWith(t, res, `st.user has no claim "phone"`)
}

func TestSecrets(t *testing.T) {
	secrets := func(o *host.Options) {
		host.Secrets.Set(o, map[string]any{"api_key": "sk-very-secret", "db": map[string]any{"password": "hunter2hunter2", "user": "app"}})
	}
	res := visitorRun(t, lines(
		`st.text(st.secrets.api_key)`,
		`st.text(st.secrets["db"]["user"] + " " + st.secrets.db.user)`,
		`st.text(str(st.secrets))`,
		`st.text(str(st.secrets.db))`,
		`st.text(str("api_key" in st.secrets) + " " + str(st.secrets.get("x", "dflt")))`,
	), nil, secrets)
	mustComplete(t, res)
	want := []string{"sk-very-secret", "app app", "<st.secrets: api_key, db>", "<st.secrets.db: password, user>", "True dflt"}
	if got := texts(t, res); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("texts = %q\nwant %q", got, want)
	}

	res = visitorRun(t, `st.text(st.secrets.nope)`, nil, secrets)
	mustFailWith(t, res, `st.secrets has no key "nope" (it has keys api_key, db): add it to the [secrets] table`)
	res = visitorRun(t, `st.text(st.secrets.db["pw"])`, nil, secrets)
	mustFailWith(t, res, `st.secrets.db has no key "pw" (it has keys password, user): add it to the [secrets.db] table`)

	// An error that would print a secret's value shows it redacted.
	for _, src := range []string{
		`x = int(st.secrets.db.password)`,
		`fail("the key is " + st.secrets.api_key)`,
		`x = {}[st.secrets.api_key]`,
	} {
		res = visitorRun(t, src, nil, secrets)
		mustFailWith(t, res, host.Redacted)
		if msg := errText(res); strings.Contains(msg, "hunter2") || strings.Contains(msg, "sk-very") {
			t.Errorf("%s: error shows a secret: %s", src, msg)
		}
	}
}

func TestLogin(t *testing.T) {
	providers := func(names ...string) func(*host.Options) {
		return func(o *host.Options) { host.AuthProviders.Set(o, names) }
	}
	res := visitorRun(t, lines(`st.login()`, `st.text("after")`), nil, providers("google"))
	mustComplete(t, res)
	if got := props(only(t, res, "redirect")); got["action"] != "login" || got["provider"] != "google" {
		t.Errorf("st.login(): %v", got)
	}
	res = visitorRun(t, `st.logout()`, nil, nil)
	mustComplete(t, res)
	if got := props(only(t, res, "redirect")); got["action"] != "logout" {
		t.Errorf("st.logout(): %v", got)
	}
	for _, c := range []struct {
		src   string
		names []string
		want  string
	}{
		{`st.login()`, nil, `st.login: the app has no sign-in providers: add one to stark.toml as [auth.NAME]`},
		{`st.login("okta")`, []string{"corp", "google"}, `st.login: the app has no sign-in provider "okta" (it has corp, google)`},
		{`st.login()`, []string{"corp", "google"}, `st.login: the app has several sign-in providers (corp, google): name one, as st.login("corp")`},
		{`st.login(1)`, []string{"corp"}, `st.login: for parameter provider: got int, want a string or None`},
	} {
		mustFailWith(t, visitorRun(t, c.src, nil, providers(c.names...)), c.want)
	}
}
