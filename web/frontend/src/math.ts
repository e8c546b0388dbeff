// LaTeX by KaTeX: a chunk of its own, imported by markdown.ts only when a
// page shows math, with KaTeX's stylesheet (and through it its fonts) from
// the static assets beside the chunk.
import katex from "katex";

let styled = false;

export function typeset(nodes: HTMLElement[]): void {
  if (!styled) {
    styled = true;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("katex/katex.min.css", import.meta.url).href;
    document.head.append(link);
  }
  for (const n of nodes) {
    const tex = n.getAttribute("data-tex");
    if (tex === null) continue;
    n.removeAttribute("data-tex");
    // trust: false keeps \href, \url and \html* from making links or markup;
    // bad input shows KaTeX's error in place of the formula.
    katex.render(tex, n, { displayMode: n.classList.contains("stark-math-display"), throwOnError: false, trust: false, maxExpand: 1000, maxSize: 50 });
  }
}
