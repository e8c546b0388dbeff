package starlib_test

import (
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	starsql "github.com/stark-dev/stark/lib/sql"
)

func TestConnection(t *testing.T) {
	db := func(o *host.Options) {
		starsql.Configure(o, map[string]starsql.Connection{"db": {Driver: "sqlite", DSN: "file:app.db"}})
	}
	// ttl of the connection caches its queries: the second query sees the
	// count of before the insert; ttl=None on one query reads afresh.
	res := visitorRun(t, lines(
		`conn = st.connection("db", type="sql", ttl=3600)`,
		`conn.execute("create table if not exists t (x integer)")`,
		`st.text(str(conn.query("select count(*) as n from t").column("n").to_list()))`,
		`conn.execute("insert into t values (?)", params=[1])`,
		`st.text(str(conn.query("select count(*) as n from t").column("n").to_list()))`,
		`st.text(str(conn.query("select count(*) as n from t", ttl=None).column("n").to_list()))`,
		`st.text(str(st.connection("db").query("select count(*) as n from t").column("n").to_list()))`,
	), nil, db)
	mustComplete(t, res)
	if got := strings.Join(texts(t, res), " "); got != "[0] [0] [1] [1]" {
		t.Fatalf("texts = %q", got)
	}
	for src, want := range map[string]string{
		`st.connection("nope")`:            `st.connection: no connection "nope"`,
		`st.connection("db", type="snow")`: `st.connection: for parameter type: connection "db" is a sqlite database; want "sql", "sqlite" or None`,
		`st.connection("db", ttl=-1)`:      `st.connection: for parameter ttl`,
	} {
		res := visitorRun(t, src, nil, db)
		mustFailWith(t, res, want)
	}
}

func TestOptions(t *testing.T) {
	theme := func(o *host.Options) {
		host.Theme.Set(o, map[string]string{"primary_color": "#123456", "base": ""})
	}
	app := appOf(t, lines(
		`st.text(str([st.get_option("theme.primaryColor"), st.get_option("theme.base")]))`,
		`if st.button("dark", key="dark"):`,
		`    st.set_option("theme.base", "dark")`,
		`    st.set_option("theme.primaryColor", "#abc")`,
		`    st.rerun()`,
	), nil, theme)
	s := &harness.Session{App: app, State: host.NewState(), Page: "page.star"}
	defer s.Close()
	res := s.Run()
	mustComplete(t, res)
	if got := texts(t, res)[0]; got != `["#123456", "light"]` {
		t.Fatalf("options = %s", got)
	}
	if err := s.Click("dark"); err != nil {
		t.Fatal(err)
	}
	res = s.Run()
	mustComplete(t, res)
	if got := texts(t, res)[0]; got != `["#abc", "dark"]` {
		t.Fatalf("options after set_option = %s", got)
	}
	// Another session keeps the app's.
	if got := texts(t, runApp(app))[0]; got != `["#123456", "light"]` {
		t.Fatalf("another session's options = %s", got)
	}
	for src, want := range map[string]string{
		`st.get_option("server.port")`:               `st.get_option: option "server.port" is not one stark has: a page may read and set only theme.primaryColor and theme.base`,
		`st.set_option("client.toolbarMode", "x")`:   `st.set_option: option "client.toolbarMode" is not one stark has`,
		`st.set_option("theme.base", "purple")`:      `st.set_option: theme.base: got "purple", want "light" or "dark"`,
		`st.set_option("theme.primaryColor", "red")`: `st.set_option: theme.primaryColor: got "red", want a hex colour`,
	} {
		mustFailWith(t, visitorRun(t, src, nil, theme), want)
	}
}
