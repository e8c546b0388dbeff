package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// starterFiles are what `stark new` writes: a page that shows the main
// ideas (widgets re-run the page, state, a cached computation), a
// stark.toml whose every setting is commented out with its default, and a
// .gitignore.
var starterFiles = []struct{ name, text string }{
	{"Home.star", `# A stark page: this file runs top to bottom on every view and on every
# widget change, as a Streamlit script does. Each .star file of this
# directory is a page; the API is in docs/api.md of stark's repository.

st.set_page_config(page_title = "My app", page_icon = "👋")
st.title("Hello, stark 👋")
st.write("Edit **Home.star** and save: the page follows.")

name = st.text_input("Your name", "world")
n = st.slider("How many?", 1, 10, 3)
st.write("Hello, %s! " % name + "👋" * n)

# Widgets keep their values between runs; session_state keeps yours.
if st.button("Count", key = "count"):
    st.session_state["clicks"] = st.session_state.get("clicks", 0) + 1
st.metric("Clicks", st.session_state.get("clicks", 0))

# A slow computation, done once per argument and kept (see ttl=).
def squares(n):
    return [{"n": i, "square": i * i} for i in range(1, n + 1)]

squares = st.cache_data(squares)
st.line_chart(squares(n), x = "n", y = "square")
`},
	{"stark.toml", `# This app's configuration (docs/config.md of stark's repository). Every key
# is optional; the values shown are the defaults. Uncomment to change one.

# [limits]                # what one app may use
# steps = 10_000_000      # Starlark steps of one run (about a second)
# wall_time = "30s"       # one run, start to end
# memory = "512MiB"       # heap the app's runs may grow the server by
# cache_bytes = "64MiB"   # what cache_data and cache_resource keep
# sessions = 1000         # sessions held at once

# [http]                  # hosts http.get may reach: none by default
# allow = ["api.example.com"]

# [connections.main]      # a database for sql.connect("main")
# driver = "sqlite"
# dsn = "file:app.db"     # a file inside this directory

# [access]                # who may open the app: anyone by default
# public = false
# tokens = ["${APP_TOKEN}"]

# [theme]
# base = "light"          # or "dark"
`},
	{".gitignore", `# Databases the app writes (see [connections] in stark.toml).
*.db
*.db-journal
*.db-wal
`},
}

// newApp is `stark new DIR`.
func newApp(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("new")
	if code, ok := parseFlags(fset, args, 1, 1, stdout, stderr); !ok {
		return code
	}
	dir := fset.Arg(0)
	if err := writeStarter(dir); err != nil {
		fmt.Fprintf(stderr, "stark new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Made %s: Home.star, stark.toml and .gitignore.\nServe it with:\n\n  stark run %s\n\nthen open http://127.0.0.1:8501 and edit %s.\n",
		dir, dir, filepath.Join(dir, "Home.star"))
	return 0
}

// writeStarter writes the starter app into dir, which must not exist or be
// empty: nothing of the user's is ever overwritten.
func writeStarter(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty: choose a new directory (nothing was written)", dir)
	}
	for _, f := range starterFiles {
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
