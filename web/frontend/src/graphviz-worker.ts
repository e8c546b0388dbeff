// The Worker of st.graphviz_chart: lays out a DOT graph with Graphviz
// compiled to WebAssembly (@hpcc-js/wasm-graphviz) and answers with the SVG
// or Graphviz's error. Built as its own file (static/graphviz-worker.js),
// which the server sends with a Content-Security-Policy of its own allowing
// 'wasm-unsafe-eval': the document's policy stays without it.
import { Graphviz } from "@hpcc-js/wasm-graphviz";

type Request = { id: number; dot: string };
type Scope = { onmessage: ((e: MessageEvent<Request>) => void) | null; postMessage(m: unknown): void };

const scope = self as unknown as Scope;
let engine: Promise<Graphviz> | undefined;

scope.onmessage = async (e) => {
  const { id, dot } = e.data;
  try {
    engine ??= Graphviz.load();
    const svg = (await engine).dot(dot, "svg");
    scope.postMessage({ id, svg });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    scope.postMessage({ id, error: msg.trim() || "Graphviz could not lay out the graph" });
  }
};
