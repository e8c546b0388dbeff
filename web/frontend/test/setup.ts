// Installs jsdom's window as the global scope the browser code expects.
// Imported first by every test, before the modules under test.
import { JSDOM } from "jsdom";

const dom = new JSDOM(`<!doctype html><html><head></head><body><div id="root"></div></body></html>`, {
  url: "http://127.0.0.1:8501/",
  pretendToBeVisual: true,
});
const w = dom.window as unknown as Window & typeof globalThis;
// What jsdom lacks and the widgets use: observers do nothing, media
// queries never match (a desktop in light mode).
class NoObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
Object.assign(w, {
  ResizeObserver: NoObserver,
  matchMedia: (query: string) => ({ matches: false, media: query, addEventListener() {}, removeEventListener() {} }),
});
const g = globalThis as Record<string, unknown>;
for (const name of ["window", "document", "location", "history", "navigator", "Node", "Element", "HTMLElement", "HTMLInputElement",
  "HTMLAnchorElement", "HTMLLinkElement", "Event", "KeyboardEvent", "MouseEvent", "CustomEvent", "DOMParser", "DocumentFragment",
  "ResizeObserver", "matchMedia", "getComputedStyle", "requestAnimationFrame", "cancelAnimationFrame", "sessionStorage", "FileList", "File", "Blob"]) {
  if (!(name in g) || name === "Event" || name === "CustomEvent") g[name] = (w as unknown as Record<string, unknown>)[name];
}
if (typeof (w as unknown as Record<string, unknown>).getComputedStyle === "function") g.getComputedStyle = w.getComputedStyle.bind(w);

export const window = w;
