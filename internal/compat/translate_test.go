package main

import (
	"strings"
	"testing"
)

func TestTranslate(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"imports", "import streamlit as st\nfrom x import (\n  a,\n  b)\nst.write(1)\n", "st.write(1)\n"},
		{"indented import", "if True:\n    import pandas as pd\n", "if True:\n    pass\n"},
		{"with as", "with st.form(\"f\") as f:\n    st.text_input(\"a\")\n",
			"f = st.form(\"f\")\nif True:\n    st.text_input(\"a\")\n"},
		{"with container", "with st.sidebar:\n    st.button(\"a\")\n    st.session_state.x = 1\nst.text(\"b\")\n",
			"_w1 = st.sidebar\nif True:\n    _w1.button(\"a\")\n    st.session_state.x = 1\nst.text(\"b\")\n"},
		{"with on lines", "with st.popover(\n    \"p\",\n):\n    st.text(\"a\")\n",
			"_w1 = st.popover(\n    \"p\",\n)\nif True:\n    _w1.text(\"a\")\n"},
		{"echo", "with st.echo():\n    st.write(\"a\")\nwith st.echo(code_location=\"below\"):\n    st.write(\"b\")\n",
			"def _echo_1():\n    st.write(\"a\")\nst.echo(_echo_1)\ndef _echo_2():\n    st.write(\"b\")\nst.echo(_echo_2, code_location=\"below\")\n"},
		{"echo in a container, its names used after", "with st.sidebar:\n    with st.echo():\n        x = 1\n        y, z = 2, 3\n        for i in range(2):\n            w = i\n    st.write(x, z, \"y w\")\n",
			"_w1 = st.sidebar\nif True:\n    def _echo_1():\n        x = 1\n        y, z = 2, 3\n        for i in range(2):\n            w = i\n        return (x, z,)\n    (x, z,) = _w1.echo(_echo_1)\n    _w1.write(x, z, \"y w\")\n"},
		{"strings iterated", "a = list(\"ABCD\")\nb = tuple(x)\nc = [s for s in \"RGB\"]\nfor w in 'a b'.split():\n    pass\nfor i, c in \"xy\" :\n    pass\nd = sorted(l.list(1), key=\"list(\")\n",
			"load(\"_compat/builtins.star\", \"compat_list\", \"compat_tuple\")\n" +
				"a = compat_list(\"ABCD\")\nb = compat_tuple(x)\nc = [s for s in \"RGB\".elems()]\nfor w in 'a b'.split():\n    pass\nfor i, c in \"xy\".elems() :\n    pass\nd = sorted(l.list(1), key=\"list(\")\n"},
		{"st modules", "from streamlit.components.v1 import components\nimport streamlit\nimport streamlit.components.v1 as c1\nfrom streamlit import components as sc\ncomponents.html(\"a\")\nstreamlit.write(c1.iframe, sc.v1)\n",
			"st.components.v1.html(\"a\")\nst.write(st.components.v1.iframe, st.components.v1)\n"},
		{"spinner", "with st.spinner(\"wait\"):\n    st.text(\"a\")\n",
			"_w1 = st.spinner(\"wait\")\nif True:\n    st.text(\"a\")\n_w1.done()\n"},
		{"decorators", "@st.cache_data(ttl=1)\n@st.fragment\ndef f(x: int) -> str:\n    return x\nf(1)\n",
			"def f(x):\n    return x\nf = st.fragment(f)\nf = st.cache_data(f, ttl=1)\nf(1)\n"},
		{"f-string", "st.write(f\"a {x} 5% {y!r}\")\n", "st.write((\"a %s 5%% %r\" % (x, y,)))\n"},
		{"f-string spec", "st.write(f'{x:.2f} {{}}')\n", "st.write(fmt('{:.2f} {{}}', x))\n"},
		{"f-string debug", "st.write(f\"{x=}\")\n", "st.write((\"x=%r\" % (x,)))\n"},
		{"f-string nested quotes", "st.write(f\"{d['k']}\")\n", "st.write((\"%s\" % (d['k'],)))\n"},
		{"adjacent", "x = (\"a\"\n  \"b\")\n", "x = (\"a\"\n   + \"b\")\n"},
		{"is", "if a is not None and b is None:\n    pass\n", "if a != None and b == None:\n    pass\n"},
		{"del", "del st.session_state[\"k\"]\ndel st.session_state.a\n", "st.session_state.pop(\"k\")\nst.session_state.pop(\"a\")\n"},
		{"annotation", "x: list[int] = []\n", "x = []\n"},
		{"generator", "s = \",\".join(str(i) for i in r)\n", "s = \",\".join([str(i) for i in r])\n"},
		{"sleep", "time.sleep(1)\n", "sleep(1)\n"},
		{"identifier ending in f", "elf = 1\nprint(elf)\n", "elf = 1\nprint(elf)\n"},
		{"try", "try:\n    a()\nexcept ValueError as e:\n    st.error(e)\n    b()\nelse:\n    c()\nfinally:\n    d()\ne()\n",
			"if True:\n    a()\nif True:\n    c()\nif True:\n    d()\ne()\n"},
		{"if-else after try", "try:\n    a()\nexcept:\n    pass\nif x:\n    b()\nelse:\n    c()\n",
			"if True:\n    a()\nif x:\n    b()\nelse:\n    c()\n"},
		{"raise", "raise RuntimeError(\"boom\")\nraise ValueError\nraise\nraise X(1) from e\n",
			"fail(\"RuntimeError:\", \"boom\")\nfail(\"ValueError\")\nfail(\"raise\")\nfail(\"X:\", 1)\n"},
		{"chained comparison", "if 1 <= st.session_state.counter < 3:\n    pass\n",
			"if (1 <= st.session_state.counter and st.session_state.counter < 3):\n    pass\n"},
		{"no chained comparison in strings", "st.html(\"a < b> c</b>\")\n", "st.html(\"a < b> c</b>\")\n"},
		{"walrus", "if f := st.file_uploader(\"u\"):\n    st.write(f)\n", "f = st.file_uploader(\"u\")\nif f:\n    st.write(f)\n"},
		{"__file__", "p = os.path.dirname(__file__)\n", "p = os.path.dirname(\"app.py\")\n"},
		{"shim", "import numpy as np\nimport pandas as pd\nnp.random.seed(0)\ndf = pd.DataFrame(np.random.randn(2, 3), columns=list(\"abc\"))\nst.write(\"np.x\", np.nan, f(np=1))\n",
			"load(\"_compat/builtins.star\", \"compat_list\")\n" +
				"load(\"_compat/numpy.star\", \"numpy__nan\", \"numpy__random__randn\", \"numpy__random__seed\")\n" +
				"load(\"_compat/pandas.star\", \"pandas__DataFrame\")\n" +
				"load(\"_compat/rng.star\", \"compat_rng\")\n_compat_rng = compat_rng()\n" +
				"numpy__random__seed(_compat_rng, 0)\n" +
				"df = pandas__DataFrame(numpy__random__randn(_compat_rng, 2, 3), columns=compat_list(\"abc\"))\n" +
				"st.write(\"np.x\", numpy__nan, f(np=1))\n"},
		{"from import", "from datetime import date, time as t\nfrom uuid import uuid4\nimport time\nx = date(2020, 1, 1)\ny = date.today()\nz = t(1, 2)\nu = str(uuid4())\nr = random.random()\n",
			"load(\"_compat/datetime.star\", \"datetime__date\", \"datetime__date__today\", \"datetime__time\")\n" +
				"load(\"_compat/uuid.star\", \"uuid__uuid4\")\n" +
				"x = datetime__date(2020, 1, 1)\ny = datetime__date__today()\nz = datetime__time(1, 2)\nu = str(uuid__uuid4())\nr = random.random()\n"},
		{"methods", "import numpy as np\nimport pandas as pd\nst.image(np.repeat(0, 100).reshape(10, 10))\nx = a[0].b.T\n" +
			"df.set_index(\"i\", inplace=True)\ny = f(z.astype(int), \"s.reshape(1)\")\nw = q.reshape()\nv = d.T + s.reshape(2).T\n",
			"load(\"_compat/numpy.star\", \"numpy__T\", \"numpy__astype\", \"numpy__binop\", \"numpy__repeat\", \"numpy__reshape\")\n" +
				"load(\"_compat/pandas.star\", \"pandas__set_index\")\n" +
				"st.image(numpy__reshape(numpy__repeat(0, 100), 10, 10))\nx = numpy__T(a[0].b)\n" +
				"df = pandas__set_index(df, \"i\", inplace=True)\ny = f(numpy__astype(z, int), \"s.reshape(1)\")\nw = numpy__reshape(q)\n" +
				"v = numpy__binop(numpy__T(d), \"+\", numpy__T(numpy__reshape(s, 2)))\n"},
		{"array arithmetic", "import numpy as np\nx = np.arange(3)\ny = -x\nz = (np.ones(2) / [5, 5] + [1, 2]) * 2\nw = 1 + 2 * x\nn = 1 - 2\nm = -n\n",
			"load(\"_compat/numpy.star\", \"numpy__arange\", \"numpy__binop\", \"numpy__neg\", \"numpy__ones\")\n" +
				"x = numpy__arange(3)\ny = numpy__neg(x)\n" +
				"z = numpy__binop((numpy__binop(numpy__binop(numpy__ones(2), \"/\", [5, 5]), \"+\", [1, 2])), \"*\", 2)\n" +
				"w = numpy__binop(1, \"+\", numpy__binop(2, \"*\", x))\nn = 1 - 2\nm = -n\n"},
		{"arithmetic through typing.cast", "import numpy as np\nfrom typing import Any, cast\nc = cast(Any, np.ones(2)) + [1, 2]\n",
			"load(\"_compat/numpy.star\", \"numpy__binop\", \"numpy__ones\")\nload(\"_compat/typing.star\", \"typing__Any\", \"typing__cast\")\n" +
				"c = numpy__binop(typing__cast(typing__Any, numpy__ones(2)), \"+\", [1, 2])\n"},
		{"methods need the shim's import", "x = a.reshape(2)\ny = b.T\n", "x = a.reshape(2)\ny = b.T\n"},
		{"graphviz", "import graphviz\ng = graphviz.Digraph(\"x\")\ng.edge(\"a\", \"b\")\nwith g.subgraph(name=\"c\") as c:\n    c.attr(\"node\", shape=\"box\")\nst.graphviz_chart(g, use_container_width=True)\ncol.graphviz_chart(figure_or_dot=g.source)\n",
			"load(\"_compat/graphviz.star\", \"graphviz__Digraph\", \"graphviz__attr\", \"graphviz__dot\", \"graphviz__edge\", \"graphviz__source\", \"graphviz__subgraph\")\n" +
				"g = graphviz__Digraph(\"x\")\ngraphviz__edge(g, \"a\", \"b\")\nc = graphviz__subgraph(g, name=\"c\")\nif True:\n    graphviz__attr(c, \"node\", shape=\"box\")\n" +
				"st.graphviz_chart(graphviz__dot(g), use_container_width=True)\ncol.graphviz_chart(figure_or_dot=graphviz__dot(graphviz__source(g)))\n"},
		{"shared", "from shared.data_mocks import BASE_TYPES_DF\nst.table(BASE_TYPES_DF.set_index(\"string\"))\n",
			"load(\"_compat/pandas.star\", \"pandas__set_index\")\nload(\"_compat/shared.star\", \"shared__data_mocks__BASE_TYPES_DF\")\nst.table(pandas__set_index(shared__data_mocks__BASE_TYPES_DF, \"string\"))\n"},
		{"components", "import streamlit.components.v1 as components\ncomponents.html(\"<p>components.x</p>\", height=50)\nx.components.y\n",
			"st.components.v1.html(\"<p>components.x</p>\", height=50)\nx.components.y\n"},
		{"version", "st.write(st.__version__)\n", "st.write(\"1.39.0\")\n"},
		{"exception values", "e = RuntimeError(\"boom\")\nf = MyException()\ng = x.KeyError(1)\nraise ValueError(\"v\")\n",
			"load(\"_compat/exceptions.star\", \"compat_exception\")\ne = compat_exception(\"RuntimeError\", \"boom\")\n" +
				"f = compat_exception(\"MyException\")\ng = x.KeyError(1)\nfail(\"ValueError:\", \"v\")\n"},
		{"generator", "def g(n):\n    for i in range(n):\n        if i > 5:\n            return\n        yield i\n    yield \"end\"\n\nst.write_stream(g)\n",
			"def g(n):\n    _gen = []\n    for i in range(n):\n        if i > 5:\n            return _gen\n        _gen.append(i)\n    _gen.append(\"end\")\n\n    return _gen\nst.write_stream(g)\n"},
		{"generator yields over lines", "def g():\n    yield f(\n        1)\n", "def g():\n    _gen = []\n    _gen.append(f(\n        1))\n    return _gen\n"},
		{"context manager stays a generator", "def cm():\n    yield\n    yield 1\n", "def cm():\n    yield\n    yield 1\n"},
		{"stateful without arguments", "import random\nx = random.random()\n",
			"load(\"_compat/random.star\", \"random__random\")\nload(\"_compat/rng.star\", \"compat_rng\")\n_compat_rng = compat_rng()\nx = random__random(_compat_rng)\n"},
	} {
		got, err := translate(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got.out != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got.out, tc.want)
		}
	}
}

func TestTranslateImports(t *testing.T) {
	tr, err := translate("import streamlit as st\nimport numpy as np, pandas as pd\nfrom datetime import date\nfrom streamlit import runtime\nfrom streamlit import config\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"numpy", "pandas", "datetime", "streamlit.config"}
	if len(tr.imports) != len(want) {
		t.Fatalf("imports %v, want %v", tr.imports, want)
	}
	for i := range want {
		if tr.imports[i] != want[i] {
			t.Fatalf("imports %v, want %v", tr.imports, want)
		}
	}
}

func TestCause(t *testing.T) {
	for in, want := range map[string]string{
		`st.button: unexpected keyword argument "icon"`:       "parameter st.button(icon=)",
		`st has no .snow field or method`:                     "command st.snow",
		`undefined: np`:                                       "undefined name np",
		`st.json: for parameter expanded: got int, want bool`: "value st.json(expanded=)",
		"page.star:3:5: got try, want primary expression":     "syntax: got try, want primary expression",
	} {
		if got := cause(in); got != want {
			t.Errorf("cause(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStCommands: commands named in comments and strings are not counted as
// used (the scope report).
func TestStCommands(t *testing.T) {
	src := "# st.area/bar/line_chart use Vega-Lite\nst.line_chart(df)\nst.markdown(\"use `st.cache`\")\nx = '''\nst.echo\n'''\ncol.image(x)  # st.pyplot\nst.write(st.__version__)\n"
	got := strings.Join(stCommands(src), " ")
	if want := "__version__ image line_chart markdown write"; got != want {
		t.Errorf("stCommands = %q, want %q", got, want)
	}
}
