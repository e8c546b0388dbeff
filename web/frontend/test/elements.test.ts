// Renderers of the elements' Streamlit parameters: headings' anchor and
// divider, icons, code's line numbers and wrapping, json's expanded depth.
import "./setup";
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderers, slug, type El } from "../src/elements";

const render = (el: Partial<El> & { kind: string }) => renderers[el.kind]({ path: "main.0", ...el } as El);

test("a heading's anchor is its id with a link; false gives none; absent, the text's slug", () => {
  const a = render({ kind: "header", body: "Sales", anchor: "q1" });
  assert.equal(a.id, "q1");
  assert.equal(a.querySelector("a.stark-anchor")?.getAttribute("href"), "#q1");
  const none = render({ kind: "title", body: "Sales", anchor: false });
  assert.equal(none.id, "");
  assert.equal(none.querySelector("a"), null);
  const auto = render({ kind: "subheader", body: "Sales **by** region" });
  assert.equal(auto.id, "sales-by-region");
  assert.equal(slug("  Été 2024! "), "été-2024");
});

test("a heading's divider is a coloured line; unknown colours draw none", () => {
  const d = render({ kind: "header", body: "H", divider: "rainbow" });
  assert.ok(d.classList.contains("stark-heading-divider"));
  assert.ok(d.classList.contains("stark-divider-rainbow"));
  assert.ok(render({ kind: "header", body: "H", divider: "grey" }).classList.contains("stark-divider-gray"));
  assert.ok(!render({ kind: "header", body: "H", divider: "x;y" }).classList.contains("stark-heading-divider"));
});

test("an alert's icon replaces its sign: a Material Symbol or an emoji", () => {
  const m = render({ kind: "error", body: "E", icon: ":material/error:" });
  const icon = m.querySelector(".stark-icon");
  assert.equal(icon?.textContent, "error");
  assert.equal(m.querySelector(".stark-alert-icon"), null);
  const e = render({ kind: "info", body: "I", icon: "💡" });
  assert.equal(e.querySelector(".stark-emoji")?.textContent, "💡");
  assert.ok(render({ kind: "info", body: "I" }).querySelector(".stark-alert-icon"));
});

test("a button's icon goes before its label and follows updates", async () => {
  const { setIconLabel } = await import("../src/markdown");
  const b = document.createElement("button");
  setIconLabel(b, "Go **now**", ":material/rocket_launch:");
  assert.equal(b.children[0].className, "stark-icon stark-label-icon");
  assert.equal(b.children[0].textContent, "rocket_launch");
  assert.equal(b.querySelector(".stark-label-text strong")?.textContent, "now");
  setIconLabel(b, "Go **now**", "🚀");
  assert.equal(b.querySelectorAll(".stark-label-icon").length, 1);
  assert.equal(b.querySelector(".stark-emoji")?.textContent, "🚀");
  setIconLabel(b, "Go", null);
  assert.equal(b.querySelector(".stark-label-icon"), null);
  assert.equal(b.textContent, "Go");
});

test("link_button and page_link show their icons", () => {
  const l = render({ kind: "link_button", label: "Docs", url: "https://example.com", icon: ":material/open_in_new:" });
  assert.equal(l.querySelector("a .stark-icon")?.textContent, "open_in_new");
  const p = render({ kind: "page_link", label: "Home", url: "/", icon: "🏠" });
  assert.equal(p.querySelector(".stark-page-link-icon")?.textContent, "🏠");
});

test("st.code numbers its lines and wraps them on request; its text stays the code", () => {
  const plain = render({ kind: "code", body: "a\nb", language: "python" }).querySelector("pre")!;
  assert.equal(plain.querySelector(".stark-code-line"), null);
  assert.equal(plain.textContent, "a\nb");
  const n = render({ kind: "code", body: "a\nb\nc", language: "python", line_numbers: true, wrap_lines: true }).querySelector("pre")!;
  assert.ok(n.classList.contains("line-numbers") && n.classList.contains("wrap"));
  assert.equal(n.querySelectorAll(".stark-code-line").length, 3);
  assert.equal(n.textContent, "a\nb\nc");
});

test("st.json opens to a depth", () => {
  const v = { a: { b: { c: 1 } }, d: [1, 2], e: "x" };
  const t = render({ kind: "json", value: v, expanded: 2 });
  const nodes = [t as HTMLDetailsElement, ...t.querySelectorAll("details")];
  // the root, a, a.b, d: open while depth < 2.
  assert.deepEqual(nodes.map((d) => d.open), [true, true, false, true]);
  assert.ok(t.textContent?.includes('"c": 1'));
  assert.ok(t.textContent?.includes('"e": "x"'));
  assert.equal((render({ kind: "json", value: v, expanded: 0 }) as HTMLDetailsElement).open, false);
  assert.equal((render({ kind: "json", value: v, expanded: false }) as HTMLDetailsElement).open, false);
});

test("columns align vertically; a keyed container carries its key as a class", async () => {
  const { containers } = await import("../src/containers");
  const ctx = { running: () => false };
  const cols = containers.columns({ kind: "columns", path: "main.0", gap: "small", widths: [0.5, 0.5], vertical_alignment: "bottom" } as El, ctx);
  assert.equal(cols.node.dataset.align, "bottom");
  cols.update({ kind: "columns", path: "main.0", gap: "small", widths: [0.5, 0.5] } as El);
  assert.equal(cols.node.dataset.align, "top");
  const box = containers.container({ kind: "container", path: "main.1", border: false, height: null, key: "totals" } as El, ctx);
  assert.ok(box.node.classList.contains("stark-key-totals"));
  box.update({ kind: "container", path: "main.1", border: false, height: null, key: "sums" } as El);
  assert.deepEqual([...box.node.classList].filter((c) => c.startsWith("stark-key-")), ["stark-key-sums"]);
  box.update({ kind: "container", path: "main.1", border: false, height: null, key: "first container" } as El);
  assert.deepEqual([...box.node.classList].filter((c) => c.startsWith("stark-key-")), ["stark-key-first-container"]);
});

test("highlighted code keeps its text; numbered lines split the highlighting line by line", async () => {
  const { highlightHTML, highlightInto, splitLines } = await import("../src/highlight");
  const html = highlightHTML('s = """a\nb"""  # <x>', "python")!;
  assert.match(html, /hljs-string/);
  assert.ok(!html.includes("<x>"), "the code's text is escaped");
  assert.deepEqual(splitLines('<span class="a">x\ny</span>z'), ['<span class="a">x</span>', '<span class="a">y</span>z']);
  assert.equal(highlightHTML("x", "no-such-language"), null);
  const n = render({ kind: "code", body: 'def f():\n    return "a\nb"', language: "py", line_numbers: true });
  const code = n.querySelector("code")!;
  assert.ok(highlightInto(code, 'def f():\n    return "a\nb"', "py", true));
  assert.equal(code.querySelectorAll(".stark-code-line").length, 3);
  assert.equal(code.textContent, 'def f():\n    return "a\nb"');
  assert.ok(code.querySelector(".hljs-keyword"));
});

test("st.table: numbers with separators, right-aligned under a right-aligned header", () => {
  const t = render({ kind: "table", columns: ["city", "people", "share"], rows: [["Oslo", 709037, 0.12345], ["Bergen", null, 1]] });
  const th = [...t.querySelectorAll("th")];
  assert.deepEqual(th.map((x) => x.classList.contains("num")), [false, true, true]);
  assert.deepEqual([...t.querySelectorAll("tbody tr:first-child td")].map((x) => x.textContent), ["Oslo", "709,037", "0.1235"]);
  assert.ok(t.querySelector("tbody tr:first-child td:nth-child(2)")!.classList.contains("num"));
});
