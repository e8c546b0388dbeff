// st.graphviz_chart: the DOT source laid out by Graphviz (WebAssembly) in a
// dedicated Worker, loaded with this chunk the first time a page shows a
// graph. The SVG it returns is shown as an <img> (a data: URL), in which an
// SVG runs no scripts and loads nothing; a DOT the engine refuses shows its
// error in the element.
import { h } from "./dom";

type Reply = { id: number; svg?: string; error?: string };

/** How long one layout may take before the Worker is stopped (a pathological graph). */
const LAYOUT_LIMIT_MS = 20000;

let worker: Worker | undefined;
let next = 0;
const waiting = new Map<number, { resolve: (svg: string) => void; reject: (err: Error) => void; timer: number }>();

function failAll(msg: string): void {
  for (const w of waiting.values()) {
    clearTimeout(w.timer);
    w.reject(new Error(msg));
  }
  waiting.clear();
  worker?.terminate();
  worker = undefined;
}

function layout(dot: string): Promise<string> {
  if (!worker) {
    worker = new Worker(new URL("graphviz-worker.js", import.meta.url));
    worker.onmessage = (e: MessageEvent<Reply>) => {
      const w = waiting.get(e.data.id);
      if (!w) return;
      waiting.delete(e.data.id);
      clearTimeout(w.timer);
      if (typeof e.data.svg === "string") w.resolve(e.data.svg);
      else w.reject(new Error(e.data.error || "Graphviz could not lay out the graph"));
    };
    worker.onerror = (e) => failAll("the Graphviz worker failed: " + (e.message || "it could not be loaded"));
  }
  const id = ++next;
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => failAll(`the layout took more than ${LAYOUT_LIMIT_MS / 1000} s and was stopped`), LAYOUT_LIMIT_MS);
    waiting.set(id, { resolve, reject, timer });
    worker!.postMessage({ id, dot });
  });
}

/** Lays out dot and shows it in box: the graph as an image, or the error. */
export function draw(box: HTMLElement, dot: string, width: unknown): void {
  const laid = typeof Worker === "function" ? Promise.resolve().then(() => layout(dot)) : Promise.reject(new Error("this browser cannot run Web Workers"));
  laid.then(
    (svg) => {
      const img = h("img", { class: "stark-graphviz-img", alt: "graph" }) as HTMLImageElement;
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
      if (width === "stretch") img.style.width = "100%";
      else if (typeof width === "number") img.style.width = width + "px";
      box.replaceChildren(img);
      box.dataset.state = "drawn";
    },
    (err: Error) => {
      box.replaceChildren(h("div", { class: "stark-graphviz-error", role: "alert" }, "Graphviz: " + err.message));
      box.dataset.state = "error";
    },
  );
}
