package starlib_test

// Tests of st.echo: the source of a function's body shown as code, above
// or below what it writes, and the function run.

import (
	"testing"

	"github.com/stark-dev/stark/host"
)

func TestEcho(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"a def, above", `
def block():
    # a comment
    st.write("This code is awesome!")
    if True:
        st.text("nested")

st.echo(block)
st.text("after")`,
			`[{"kind":"code","path":"main.0","body":"# a comment\nst.write(\"This code is awesome!\")\nif True:\n    st.text(\"nested\")","language":"python"},
			{"kind":"markdown","path":"main.1","body":"This code is awesome!"},
			{"kind":"text","path":"main.2","body":"nested"},
			{"kind":"text","path":"main.3","body":"after"}]`},
		{"below", `
def block():
    st.text("x")
st.echo(block, code_location="below")`,
			`[{"kind":"text","path":"main.0","body":"x"},{"kind":"code","path":"main.1","body":"st.text(\"x\")","language":"python"}]`},
		{"a lambda", `x = st.echo(lambda: 1 + 2)
st.text(str(x))`,
			`[{"kind":"code","path":"main.0","body":"1 + 2","language":"python"},{"kind":"text","path":"main.1","body":"3"}]`},
		{"a one-line def", `def f(): st.text("one")
st.echo(f)`,
			`[{"kind":"code","path":"main.0","body":"st.text(\"one\")","language":"python"},{"kind":"text","path":"main.1","body":"one"}]`},
		{"in a container", `
col = st.container()
def f():
    return 1
col.echo(f)`,
			`[{"kind":"container","path":"main.0","border":false,"height":null,"children":[{"kind":"code","path":"main.0.0","body":"return 1","language":"python"}]}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runPage(t, tc.src)
			mustComplete(t, res)
			sameJSON(t, res.Elements(), tc.want)
		})
	}
}

func TestEchoModule(t *testing.T) {
	files := map[string]string{"lib.star": "def shown():\n    st.text(\"from lib\")\n"}
	res := session(t, `load("lib.star", "shown")
st.echo(shown)`, files, host.Limits{}).Run()
	mustComplete(t, res)
	sameJSON(t, res.Elements(), `[{"kind":"code","path":"main.0","body":"st.text(\"from lib\")","language":"python"},{"kind":"text","path":"main.1","body":"from lib"}]`)
}

func TestEchoErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`st.echo()`, "st.echo: missing the function to show and run: Streamlit's `with st.echo():` block is a function in stark"},
		{`st.echo(code_location="below")`, `st.echo: missing the function to show and run`},
		{`st.echo(len)`, `st.echo: for parameter fn: got builtin_function_or_method, want a function of the page (def or lambda)`},
		{`st.echo(lambda x: x)`, `st.echo: for parameter fn: lambda takes parameters; st.echo calls it with none`},
		{`st.echo(lambda: 1, code_location="left")`, `st.echo: for parameter code_location: got "left", want "above" or "below"`},
		{`st.echo(lambda: fail("boom"), code_location="below")`, `boom`},
	} {
		t.Run(tc.src, func(t *testing.T) {
			mustFailWith(t, runPage(t, tc.src), tc.want)
		})
	}
}
