package main

import "testing"

func TestTranslate(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"imports", "import streamlit as st\nfrom x import (\n  a,\n  b)\nst.write(1)\n", "st.write(1)\n"},
		{"indented import", "if True:\n    import pandas as pd\n", "if True:\n    pass\n"},
		{"with as", "with st.form(\"f\") as f:\n    st.text_input(\"a\")\n",
			"f = st.form(\"f\")\nif True:\n    st.text_input(\"a\")\n"},
		{"with container", "with st.sidebar:\n    st.button(\"a\")\n    st.session_state.x = 1\nst.text(\"b\")\n",
			"_w1 = st.sidebar\nif True:\n    _w1.button(\"a\")\n    st.session_state.x = 1\nst.text(\"b\")\n"},
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
	tr, err := translate("import streamlit as st\nimport numpy as np, pandas as pd\nfrom datetime import date\nfrom streamlit import runtime\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"numpy", "pandas", "datetime"}
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
