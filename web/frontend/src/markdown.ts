// Markdown: markdown-it with Streamlit's extensions, its output sanitised by
// DOMPurify before it is inserted. This is the only place the front end uses
// innerHTML.
//
// Streamlit's flavour: `:red[text]` and the other colours, `:red-background[text]`,
// `:red-badge[text]`, `:small[text]`, emoji shortcodes (`:tada:`, markdown-it-emoji),
// Material Symbols icons (`:material/home:`, the font served from the static
// assets) and LaTeX (`$x$`, `$$x$$`: KaTeX, a chunk loaded only when a page
// has math). Raw HTML is text unless the element allows it
// (unsafe_allow_html); then DOMPurify still drops scripts, event handlers and
// javascript: URLs.
import MarkdownIt from "markdown-it";
import type { MarkdownIt as Md, StateBlock, StateInline } from "markdown-it";
import { full as emoji } from "markdown-it-emoji";
import DOMPurify from "dompurify";
import { h, iconNode } from "./dom";

/** Streamlit's colour names; gray and grey are one. */
export const COLORS = ["red", "orange", "yellow", "green", "blue", "violet", "gray", "grey", "rainbow", "primary"];

const DIRECTIVE = new RegExp(`^:(small|(${COLORS.join("|")})(?:-(background|badge))?)\\[`);

function directiveClass(m: RegExpExecArray): string {
  if (m[1] === "small") return "stark-md-small";
  const color = m[2] === "grey" ? "gray" : m[2];
  if (m[3] === "background") return "stark-md-bg stark-md-bg-" + color;
  if (m[3] === "badge") return "stark-md-badge stark-md-badge-" + color;
  return "stark-md-color stark-md-color-" + color;
}

// `:name[text]`: a span with the name's class around the text's own markdown.
function directive(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x3a /* : */) return false;
  const m = DIRECTIVE.exec(state.src.slice(state.pos, state.pos + 40));
  if (!m) return false;
  const start = state.pos + m[0].length;
  const end = state.md.helpers.parseLinkLabel(state, start - 1, false);
  if (end < 0) return false;
  if (!silent) {
    state.push("stark_span_open", "span", 1).attrSet("class", directiveClass(m));
    const max = state.posMax;
    state.pos = start;
    state.posMax = end;
    state.md.inline.tokenize(state);
    state.posMax = max;
    state.push("stark_span_close", "span", -1);
  }
  state.pos = end + 1;
  return true;
}

const ICON = /^:material\/([a-z0-9_]{1,64}):/;

// `:material/name:`: the icon's ligature in the Material Symbols font.
function icon(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x3a) return false;
  const m = ICON.exec(state.src.slice(state.pos, state.pos + 80));
  if (!m) return false;
  if (!silent) {
    const open = state.push("stark_icon_open", "span", 1);
    open.attrSet("class", "stark-icon");
    open.attrSet("aria-hidden", "true");
    state.push("text", "", 0).content = m[1];
    state.push("stark_icon_close", "span", -1);
  }
  state.pos += m[0].length;
  return true;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a;
}

// Where a search for a closing dollar found none: whether a closer is valid
// does not depend on the opener, so no later opener (up to the same end)
// need search again, and text of many dollars takes linear time.
const noCloser = new WeakMap<object, { from: number; max: number }[]>();

function closerKnownMissing(state: object, i: number, pos: number, max: number): boolean {
  const c = noCloser.get(state)?.[i];
  return !!c && pos >= c.from && max <= c.max;
}

function closerMissing(state: object, i: number, from: number, max: number): void {
  let c = noCloser.get(state);
  if (!c) noCloser.set(state, (c = []));
  c[i] = { from, max };
}

// Inline math: `$x$` (no space just inside the dollars, no digit right after
// the closing one, so "$5 and $10" stays text) and `$$x$$` (display).
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  let pos = state.pos;
  if (src.charCodeAt(pos) !== 0x24 /* $ */) return false;
  const display = src.charCodeAt(pos + 1) === 0x24;
  const open = display ? 2 : 1;
  pos += open;
  if (pos >= state.posMax || isSpace(src.charCodeAt(pos))) return false;
  if (closerKnownMissing(state, open, pos, state.posMax)) return false;
  let end = pos;
  for (;;) {
    end = src.indexOf(display ? "$$" : "$", end);
    if (end < 0 || end >= state.posMax) {
      closerMissing(state, open, pos, state.posMax);
      return false;
    }
    if (src.charCodeAt(end - 1) === 0x5c /* \ */) {
      end++;
      continue;
    }
    if (!display && (isSpace(src.charCodeAt(end - 1)) || /[0-9]/.test(src[end + 1] ?? ""))) {
      end++;
      continue;
    }
    break;
  }
  if (end === pos) return false;
  if (!silent) {
    const t = state.push("stark_math", "", 0);
    t.content = src.slice(pos, end);
    t.meta = { display };
  }
  state.pos = end + open;
  return true;
}

// Display math on lines of its own: `$$` ... `$$` (or `$$x$$` on one line).
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  let pos = state.bMarks[startLine] + state.tShift[startLine];
  let max = state.eMarks[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  if (!state.src.startsWith("$$", pos)) return false;
  pos += 2;
  let first = state.src.slice(pos, max);
  let last = "";
  let line = startLine;
  let found = false;
  if (first.trim().endsWith("$$")) {
    first = first.trim().slice(0, -2);
    found = true;
  }
  if (silent) return true;
  if (!found && closerKnownMissing(state, 0, startLine, endLine)) return false;
  while (!found) {
    line++;
    if (line >= endLine) break;
    pos = state.bMarks[line] + state.tShift[line];
    max = state.eMarks[line];
    if (pos < max && state.sCount[line] < state.blkIndent) break;
    const text = state.src.slice(pos, max).trimEnd();
    if (text.endsWith("$$")) {
      last = text.slice(0, -2);
      found = true;
    }
  }
  if (!found) {
    closerMissing(state, 0, startLine, Math.min(line, endLine));
    return false;
  }
  state.line = line + 1;
  const t = state.push("stark_math", "div", 0);
  t.block = true;
  t.content = (first.trim() ? first + "\n" : "") + state.getLines(startLine + 1, line, state.tShift[startLine], true) + last;
  t.meta = { display: true };
  t.map = [startLine, state.line];
  return true;
}

// A placeholder that math.ts typesets: display math inside a paragraph is a
// span shown as a block.
function renderMath(tokens: { content: string; block: boolean; meta: { display: boolean } }[], idx: number): string {
  const t = tokens[idx];
  const tag = t.block ? "div" : "span";
  const tex = escapeHtml(t.content.trim());
  return `<${tag} class="stark-math${t.meta.display ? " stark-math-display" : ""}" data-tex="${tex}">${tex}</${tag}>`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function streamlit(md: Md): void {
  md.inline.ruler.before("link", "stark_icon", icon);
  md.inline.ruler.before("link", "stark_directive", directive);
  md.inline.ruler.after("escape", "stark_math", mathInline);
  md.block.ruler.before("fence", "stark_math", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.renderer.rules.stark_math = renderMath as never;
  // Shortcodes only: Streamlit leaves ":)" and "8)" as they are.
  md.use(emoji, { shortcuts: {} });
  // GFM links bare "www." hosts too (not other bare domains, so "main.py"
  // stays text); linkify-it does http(s)://, ftp:// and e-mails by default.
  md.linkify.add("www.", {
    validate: (text, pos, self) => {
      if (pos >= 5 && /[\w./-]/.test(text[pos - 5])) return 0;
      const re = self.re.get_relative_proto_validator();
      re.lastIndex = pos;
      const m = re.exec(text);
      return m ? m[0].length : 0;
    },
    normalize: (match) => {
      match.url = "http://" + match.url;
    },
  });
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
streamlit(md);
// For unsafe_allow_html: raw HTML passes markdown-it and is then sanitised.
const mdHtml = new MarkdownIt({ html: true, linkify: true, typographer: false });
streamlit(mdHtml);

// Links that leave the app open in a new tab, as Streamlit does.
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.hasAttribute("href")) {
    let url: URL;
    try {
      url = new URL(node.getAttribute("href") || "", location.href);
    } catch {
      return;
    }
    if (url.origin !== location.origin) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  }
});

// DOMPurify's defaults drop <script>, on* handlers and javascript: URLs; the
// page's own HTML may not bring in frames, forms or stylesheets that act on
// the app outside its element either.
const purifyOpts = { ADD_ATTR: ["target"], FORBID_TAGS: ["style", "form", "iframe", "frame", "object", "embed", "base", "link", "meta"] };

/** The plain text of markdown: what a screen reader or a tooltip shows. */
export function markdownText(src: unknown): string {
  const n = document.createElement("span");
  setMarkdown(n, src, true);
  return n.textContent ?? "";
}

export function setMarkdown(node: HTMLElement, src: unknown, inline = false, allowHtml = false): void {
  const text = typeof src === "string" ? src : src === null || src === undefined ? "" : String(src);
  const r = allowHtml ? mdHtml : md;
  const html = inline ? r.renderInline(text) : r.render(text);
  node.innerHTML = DOMPurify.sanitize(html, purifyOpts) as unknown as string;
  const math = node.querySelectorAll<HTMLElement>(".stark-math");
  if (math.length) mathReady = import("./math").then((m) => m.typeset(Array.from(math)));
  // Fenced code in a language is highlighted as st.code is (highlight.js, loaded on demand).
  const fences = node.querySelectorAll<HTMLElement>("pre > code[class*='language-']");
  if (fences.length) {
    codeReady = import("./highlight").then((m) => {
      for (const c of fences) {
        const lang = /(?:^|\s)language-([\w+#.-]+)/.exec(c.className)?.[1] ?? "";
        if (lang) m.highlightInto(c, c.textContent ?? "", lang, false);
      }
    });
  }
}

/**
 * Sets node's content to HTML (st.html) through the same sanitiser as
 * markdown's unsafe_allow_html: no scripts, event handlers, javascript:
 * URLs, frames, forms or style sheets.
 */
export function setSanitisedHtml(node: HTMLElement, html: unknown): void {
  node.innerHTML = DOMPurify.sanitize(typeof html === "string" ? html : "", purifyOpts) as unknown as string;
}

/** Sets node to the display formula tex (st.latex), typeset by KaTeX when its chunk has loaded. */
export function setLatex(node: HTMLElement, tex: unknown): void {
  const n = document.createElement("div");
  n.className = "stark-math stark-math-display";
  n.setAttribute("data-tex", typeof tex === "string" ? tex : "");
  n.textContent = typeof tex === "string" ? tex : "";
  node.replaceChildren(n);
  mathReady = import("./math").then((m) => m.typeset([n]));
}

/** Settles when the fenced code of the latest setMarkdown is highlighted (for tests). */
export let codeReady: Promise<void> = Promise.resolve();

/** Settles when the math of the latest setMarkdown is typeset (for tests). */
export let mathReady: Promise<void> = Promise.resolve();

const labelSource = new WeakMap<HTMLElement, string>();

/**
 * Sets a label (of a widget, button, tab or expander) to its text as inline
 * markdown, as Streamlit's labels are: bold, code, links, colours, emoji,
 * icons and math. Unchanged text is not rendered again.
 */
export function setLabel(node: HTMLElement, src: unknown): void {
  const text = typeof src === "string" ? src : src === null || src === undefined ? "" : String(src);
  if (labelSource.get(node) === text) return;
  labelSource.set(node, text);
  setMarkdown(node, text, true);
}

/**
 * Sets the label of a button, expander or popover with its icon (an emoji
 * or :material/name:, or none) before it: node holds the icon, then the
 * label's text (a span of class stark-label-text).
 */
export function setIconLabel(node: HTMLElement, label: unknown, icon: unknown): void {
  let text = node.querySelector<HTMLElement>(":scope > .stark-label-text");
  if (!text) {
    text = h("span", { class: "stark-label-text" });
    node.replaceChildren(text);
  }
  const src = typeof icon === "string" ? icon : "";
  const old = node.querySelector<HTMLElement>(":scope > .stark-label-icon");
  if ((old?.dataset.icon ?? "") !== src) {
    old?.remove();
    const n = iconNode(src, "stark-label-icon");
    if (n) {
      n.dataset.icon = src;
      node.insertBefore(n, text);
    }
  }
  setLabel(text, label);
}
