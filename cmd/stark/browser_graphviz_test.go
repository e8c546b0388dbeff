package main

import (
	"strings"
	"testing"
)

var graphvizPages = map[string]string{
	"1_Plain.star": `st.text("no graph here")
`,
	"2_Graph.star": `st.graphviz_chart("""
digraph {
  start -> parse -> run
  run -> render [label="elements"]
  run -> start [label="rerun"]
}
""")
st.graphviz_chart("digraph { a -> }")
st.graphviz_chart('digraph { x [label="<img src=x onerror=__ran.push(1)>", URL="javascript:__ran.push(2)"]; y [label=<<b>html</b>>] }')
st.text("end")
`,
}

// TestBrowserGraphviz: st.graphviz_chart lays out DOT in the browser, with
// WebAssembly in a Worker whose script alone may compile it: the graph is
// drawn (an SVG image with the graph's nodes), a bad DOT shows the layout
// engine's error, markup in labels stays inert inside the image, no CSP
// violation on the page, and a page without a graph loads no Worker.
func TestBrowserGraphviz(t *testing.T) {
	app := func(t *testing.T) *starkServer { return sharedAppServer(t, "graphviz", graphvizPages) }
	p := openPage(t, app, "/", markdownJS)
	p.waitShows("text", "no graph here")
	if got := eval[[]string](p, `performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /graphviz/.test(n))`); len(got) > 0 {
		p.fatalf("a page without a graph loaded %q", got)
	}

	p = openPage(t, app, "/Graph", markdownJS)
	p.waitShows("text", "end")
	p.wait("the graphs laid out", `document.querySelectorAll('.stark-graphviz[data-state="loading"]').length === 0 && document.querySelectorAll('.stark-graphviz').length === 3`)
	svg := eval[string](p, `(() => {
	  const img = document.querySelector('.stark-graphviz img');
	  if (!img || !img.complete || img.naturalWidth === 0) return '';
	  return decodeURIComponent(img.src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
	})()`)
	if svg == "" {
		p.fatalf("the first graph is not drawn as an image (state %q)", eval[string](p, `document.querySelector('.stark-graphviz').dataset.state + ': ' + document.querySelector('.stark-graphviz').textContent`))
	}
	for _, node := range []string{"start", "parse", "run", "render", "elements", "rerun"} {
		if !strings.Contains(svg, ">"+node+"</text>") {
			p.fatalf("the drawn graph has no %q: %.400s", node, svg)
		}
	}
	if !strings.Contains(svg, "<svg") || strings.Count(svg, `class="node"`) != 4 || strings.Count(svg, `class="edge"`) != 4 {
		p.fatalf("the SVG has not the graph's 4 nodes and 4 edges: %.600s", svg)
	}
	bad := eval[string](p, `document.querySelectorAll('.stark-graphviz')[1].textContent`)
	if !strings.Contains(bad, "syntax error in line 1") {
		p.fatalf("a bad DOT shows %q, want Graphviz's syntax error", bad)
	}
	// Markup and links in labels stay inside the image: nothing runs, no
	// element is made from them, and a click on the graph goes nowhere.
	if st := eval[string](p, `document.querySelectorAll('.stark-graphviz')[2].dataset.state`); st != "drawn" {
		p.fatalf("the graph with markup in its labels is %q, want drawn", st)
	}
	eval[bool](p, `(document.querySelectorAll('.stark-graphviz img')[1].click(), true)`)
	if ran := eval[[]string](p, `__ran.map(String)`); len(ran) > 0 || eval[bool](p, `!!document.querySelector('img[src="x"]')`) {
		p.fatalf("markup in a graph's labels ran (%q) or became an element", ran)
	}
	if v := eval[[]string](p, `__csp`); len(v) > 0 {
		p.fatalf("CSP violations: %q", v)
	}
}
