package sql_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/sql"
	"github.com/stark-dev/stark/starlib"
)

// Configure declares the databases pages may open with sql.connect(name),
// as [connections.NAME] in stark.toml does.
func ExampleConfigure() {
	dir, _ := os.MkdirTemp("", "app")
	defer os.RemoveAll(dir)
	page := `db = sql.connect("db")
db.execute("create table t (n integer)")
db.execute("insert into t values (1), (2), (3)")
st.text(str(db.query("select sum(n) as total from t").column("total").to_list()))
`
	os.WriteFile(filepath.Join(dir, "page.star"), []byte(page), 0o644)

	opts := starlib.Options(host.Limits{})
	sql.Configure(&opts, map[string]sql.Connection{"db": {Driver: "sqlite", DSN: "file:app.db"}})
	app, err := host.NewApp(dir, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer app.Close()
	res := app.Run(host.RunOptions{Page: "page.star"})
	if res.Err != nil {
		fmt.Println(res.Err.Message)
		return
	}
	fmt.Println(res.Tree.Snapshot()[0].Children[0].Prop("body"))
	// Output: [6]
}
