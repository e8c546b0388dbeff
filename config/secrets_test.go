package config_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
)

func TestSecrets(t *testing.T) {
	c := parse(t, "[secrets]\napi_key = \"${TOKEN}\"\n[secrets.db]\npassword = \"${PW}\"\nurl = \"postgres://app:${PW}@db/app\"\n")
	want := map[string]any{"api_key": "0123456789abcdef", "db": map[string]any{"password": "s3cret", "url": "postgres://app:s3cret@db/app"}}
	if !reflect.DeepEqual(c.Secrets, want) {
		t.Fatalf("secrets = %v\nwant %v", c.Secrets, want)
	}
	app, err := host.NewApp(t.TempDir(), c.Options(host.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if got, _ := host.Secrets.Get(app); !reflect.DeepEqual(got, want) {
		t.Fatalf("the app's secrets = %v", got)
	}
}

func TestSecretsErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"[secrets]\nkey = \"written-in-the-file\"\n", `stark.toml:2:7: [secrets] key: a secret's value names the environment variable that holds it, as "${VAR}"`},
		{"[secrets]\nkey = 42\n", `stark.toml:2:7: [secrets] key: want a string naming an environment variable ("${VAR}") or a table, got integer`},
		{"[secrets.db]\npw = \"${UNSET_VAR}\"\n", `[secrets] db.pw: environment variable UNSET_VAR is not set`},
		{"[secrets]\nk = \"${STARK_SECRET}\"\n", `STARK_SECRET is the server's own secret`},
	} {
		_, err := config.Parse("stark.toml", []byte(c.src), env("PW", "s3cret"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v\nwant %q", c.src, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "written-in-the-file") {
			t.Errorf("%q: the error shows the value: %v", c.src, err)
		}
	}
}

func TestAuth(t *testing.T) {
	c := parse(t, `[access]
public = false
oidc = "google"
emails = ["@example.com"]

[auth.google]
client_id = "123.apps"
client_secret = "${PW}"
server_metadata_url = "https://accounts.google.com/.well-known/openid-configuration"

[auth.corp]
client_id = "stark"
client_secret = "${TOKEN}"
issuer = "https://login.corp.example/realms/main"
scopes = ["openid", "email"]
`)
	want := map[string]config.OIDCProvider{
		"google": {ClientID: "123.apps", ClientSecret: "s3cret", MetadataURL: "https://accounts.google.com/.well-known/openid-configuration"},
		"corp":   {ClientID: "stark", ClientSecret: "0123456789abcdef", Issuer: "https://login.corp.example/realms/main", Scopes: []string{"openid", "email"}},
	}
	if !reflect.DeepEqual(c.Auth, want) || c.Access.OIDC != "google" || !reflect.DeepEqual(c.Access.Emails, []string{"@example.com"}) {
		t.Fatalf("auth = %+v, access %+v", c.Auth, c.Access)
	}
	c = parse(t, "[auth]\nclient_id = \"x\"\nclient_secret = \"${PW}\"\nissuer = \"https://id.example\"\n")
	if c.Auth["default"].Issuer != "https://id.example" {
		t.Fatalf("[auth] itself: %+v", c.Auth)
	}
	for _, tc := range []struct{ src, want string }{
		{"[auth.g]\nclient_id = \"x\"\nclient_secret = \"plain\"\nissuer = \"https://id.example\"\n", `stark.toml:3:17: [auth.g] client_secret: the client secret names the environment variable that holds it`},
		{"[auth.g]\nclient_id = \"x\"\n", `stark.toml:1:2: [auth.g]: missing issuer or server_metadata_url`},
		{"[auth.g]\nissuer = \"https://id.example\"\n", `[auth.g]: missing client_id`},
		{"[auth.g]\nclient_id = \"x\"\nissuer = \"ftp://id\"\n", `[auth.g] issuer: got "ftp://id", want an http(s) URL`},
		{"[auth.g]\nclient_id = \"x\"\nissuer = \"https://i\"\ncolor = 1\n", `[auth.g] color: unknown key`},
		{"[access]\npublic = false\noidc = \"nope\"\n", `[access] oidc: "nope" names no provider of [auth]`},
	} {
		_, err := config.Parse("stark.toml", []byte(tc.src), env("PW", "s3cret"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v\nwant %q", tc.src, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "plain") && strings.Contains(tc.src, "\"plain\"") {
			t.Errorf("the error shows the secret: %v", err)
		}
	}
}
