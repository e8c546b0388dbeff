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
