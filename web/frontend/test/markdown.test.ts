// Markdown options: raw HTML is text, bare www. hosts are links, links that
// leave the app open in a new tab, and nothing unsafe survives.
import "./setup";
import { test } from "node:test";
import assert from "node:assert/strict";
import { setMarkdown } from "../src/markdown";

function md(src: string, inline = false): HTMLElement {
  const n = document.createElement("div");
  setMarkdown(n, src, inline);
  return n;
}

test("raw HTML shows as text", () => {
  const n = md("<b>bold</b> <script>alert(1)</script>");
  assert.equal(n.querySelector("b"), null);
  assert.equal(n.querySelector("script"), null);
  assert.match(n.textContent ?? "", /<b>bold<\/b>/);
});

test("GFM: bold, code, tables", () => {
  const n = md("**a** `b`\n\n| x | y |\n|---|---|\n| 1 | 2 |");
  assert.equal(n.querySelector("strong")?.textContent, "a");
  assert.equal(n.querySelector("code")?.textContent, "b");
  assert.equal(n.querySelectorAll("td").length, 2);
});

test("linkify: URLs and bare www. hosts, not file names", () => {
  const n = md("see https://example.com and www.example.org, not main.py");
  const hrefs = Array.from(n.querySelectorAll("a")).map((a) => a.getAttribute("href"));
  assert.deepEqual(hrefs, ["https://example.com", "http://www.example.org"]);
});

test("links leaving the app open in a new tab; links inside it do not", () => {
  const n = md("[out](https://example.com/x) [in](/Widgets)");
  const [out, inside] = Array.from(n.querySelectorAll("a"));
  assert.equal(out.getAttribute("target"), "_blank");
  assert.equal(out.getAttribute("rel"), "noopener noreferrer");
  assert.equal(inside.getAttribute("target"), null);
});

test("javascript: links are dropped", () => {
  const n = md("[x](javascript:alert(1))");
  const a = n.querySelector("a");
  assert.ok(!a || !(a.getAttribute("href") ?? "").startsWith("javascript:"));
});

test("inline rendering has no paragraph", () => {
  const n = md("*a*", true);
  assert.equal(n.querySelector("p"), null);
  assert.equal(n.querySelector("em")?.textContent, "a");
});
