// Markdown options: raw HTML is text, bare www. hosts are links, links that
// leave the app open in a new tab, and nothing unsafe survives.
import "./setup";
import { test } from "node:test";
import assert from "node:assert/strict";
import { codeReady, mathReady, setMarkdown } from "../src/markdown";

function md(src: string, inline = false, allowHtml = false): HTMLElement {
  const n = document.createElement("div");
  setMarkdown(n, src, inline, allowHtml);
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

test("colours, backgrounds, badges and small text, with markdown inside", () => {
  const n = md(":red[**stop**] :grey[g] :blue-background[sky] :green-badge[ok] :small[fine] :rainbow[r] :primary[p]");
  const spans = Array.from(n.querySelectorAll("span")).map((s) => [s.className, s.textContent]);
  assert.deepEqual(spans, [
    ["stark-md-color stark-md-color-red", "stop"],
    ["stark-md-color stark-md-color-gray", "g"],
    ["stark-md-bg stark-md-bg-blue", "sky"],
    ["stark-md-badge stark-md-badge-green", "ok"],
    ["stark-md-small", "fine"],
    ["stark-md-color stark-md-color-rainbow", "r"],
    ["stark-md-color stark-md-color-primary", "p"],
  ]);
  assert.equal(n.querySelector(".stark-md-color-red strong")?.textContent, "stop");
});

test("directives nest, and unknown names or unclosed brackets stay text", () => {
  const n = md(":blue[a :red-badge[b] c] :pink[x] :red[open");
  assert.equal(n.querySelector(".stark-md-color-blue .stark-md-badge-red")?.textContent, "b");
  assert.match(n.textContent ?? "", /:pink\[x\] :red\[open/);
});

test("emoji shortcodes; emoticons stay as typed", () => {
  const n = md(":tada: :+1: :not_an_emoji: :)");
  assert.equal(n.textContent?.trim(), "\u{1f389} \u{1f44d} :not_an_emoji: :)");
});

test("material icons are the font's ligature, hidden from screen readers", () => {
  const n = md("go :material/home: now, not :material/Bad Name:");
  const icon = n.querySelector(".stark-icon");
  assert.equal(icon?.textContent, "home");
  assert.equal(icon?.getAttribute("aria-hidden"), "true");
  assert.equal(n.querySelectorAll(".stark-icon").length, 1);
});

test("labels (inline markdown) take the extensions too", () => {
  const n = md(":material/star: **Pick** :orange[one] :smile:", true);
  assert.equal(n.querySelector("p"), null);
  assert.ok(n.querySelector(".stark-icon"));
  assert.ok(n.querySelector(".stark-md-color-orange"));
  assert.match(n.textContent ?? "", /\u{1f604}/u);
});

test("LaTeX: inline and display math are typeset by KaTeX", async () => {
  const n = md("Euler: $e^{i\\pi} + 1 = 0$ and\n\n$$\n\\int_0^1 x\\,dx\n$$\n\ninline display $$a^2$$.");
  await mathReady;
  const inline = n.querySelectorAll("span.stark-math");
  const display = n.querySelectorAll(".stark-math-display");
  assert.equal(inline.length, 1 + 1);
  assert.equal(display.length, 2);
  for (const m of Array.from(n.querySelectorAll(".stark-math"))) assert.ok(m.querySelector(".katex"), m.outerHTML);
  assert.ok(n.querySelector(".katex-display"));
  assert.ok(document.head.querySelector('link[href$="katex/katex.min.css"]'));
});

test("dollars that are not math stay text", () => {
  const n = md("costs $5 and $10, \\$x\\$, $ spaced $");
  assert.equal(n.querySelector(".stark-math"), null);
  assert.equal(n.textContent?.trim(), "costs $5 and $10, $x$, $ spaced $");
});

test("bad LaTeX shows KaTeX's error, and \\href makes no link", async () => {
  const n = md("$\\frac{1$ $\\href{javascript:alert(1)}{x}$");
  await mathReady;
  assert.equal(n.querySelectorAll(".stark-math").length, 2);
  assert.equal(n.querySelector("a"), null);
  assert.ok(n.querySelector(".katex-error"));
});

test("unsafe_allow_html renders HTML, without scripts, handlers or javascript: URLs", () => {
  const n = md('<b>bold</b> <span style="color: red">red</span><script>window.pwned = 1</script>' +
    '<img src="x" onerror="window.pwned = 1"><a href="javascript:alert(1)">j</a><svg><a xlink:href="javascript:alert(1)">s</a></svg>' +
    '<iframe src="https://example.com"></iframe><form action="https://example.com"><input name="q"></form><style>body{display:none}</style>', false, true);
  assert.equal(n.querySelector("b")?.textContent, "bold");
  assert.equal(n.querySelector("span")?.getAttribute("style"), "color: red");
  assert.equal(n.querySelectorAll("script, iframe, form, style").length, 0);
  for (const e of Array.from(n.querySelectorAll("*"))) {
    for (const a of Array.from(e.attributes)) {
      assert.ok(!/^on/i.test(a.name), `${e.tagName} keeps ${a.name}`);
      assert.ok(!/^\s*javascript:/i.test(a.value), `${e.tagName} keeps ${a.name}=${a.value}`);
    }
  }
  assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
});

test("unsafe_allow_html keeps markdown and Streamlit's extensions", () => {
  const n = md('<div class="box">**a**</div>\n\n**b** :red[c]', false, true);
  assert.ok(n.querySelector("div.box"));
  assert.equal(n.querySelector("strong")?.textContent, "b");
  assert.ok(n.querySelector(".stark-md-color-red"));
});

test("many unclosed dollars stay text (each search for a closer is done once)", () => {
  const n = md("$a ".repeat(20000) + "\n\n" + "$$x\n".repeat(5000));
  assert.equal(n.querySelector(".stark-math"), null);
  assert.equal((n.textContent ?? "").split("$a").length - 1, 20000);
});

test("a math block closes in a later paragraph line; one without a closer stays text", () => {
  const n = md("$$\nx\n\ny\n$$\n\n$$ not math");
  assert.equal(n.querySelectorAll(".stark-math-display").length, 1);
  assert.match(n.textContent ?? "", /\$\$ not math/);
});

test("fenced code in a language is highlighted, its text unchanged", async () => {
  const n = document.createElement("div");
  setMarkdown(n, "```python\nif x:  # <b>\n    pass\n```\n\n```\nplain\n```");
  await codeReady; // a live binding: the promise of this setMarkdown
  const [a, b] = [...n.querySelectorAll("pre code")];
  assert.ok(a.querySelector(".hljs-keyword"));
  assert.equal(a.textContent, "if x:  # <b>\n    pass\n");
  assert.equal(b.querySelector("[class^=hljs-]"), null);
});
