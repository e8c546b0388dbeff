// Renderers of the elements that are not widgets (docs/elements.md). Each
// returns the element's root node; the tree adds data-testid and data-path.
import { BASE, fmtCellNumber, h, iconNode, str, strList, withBase } from "./dom";
import { setMarkdown } from "./markdown";
import { labelVisibility } from "./widgets";

export type El = { kind: string; path: string; id?: string; children?: El[] } & Record<string, unknown>;

function mdNode<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, body: unknown, inline = false, allowHtml = false): HTMLElementTagNameMap[K] {
  const n = h(tag, { class: cls });
  setMarkdown(n, body, inline, allowHtml);
  return n;
}

function alert(kind: string, icon: string) {
  return (el: El) => {
    const body = mdNode("div", "stark-alert-body stark-md", el.body);
    // The page's icon (an emoji or :material/name:) replaces the alert's sign.
    const sign = iconNode(el.icon, "stark-alert-own-icon") ?? h("span", { class: "stark-alert-icon", "aria-hidden": "true", "data-icon": icon });
    return h("div", { class: "stark-alert stark-alert-" + kind, role: kind === "error" ? "alert" : "status" }, sign, body);
  };
}

const DIVIDERS = ["blue", "green", "orange", "red", "violet", "gray", "grey", "rainbow"];

/** An id made from a heading's text, as Streamlit makes its anchors. */
export function slug(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}_-]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 200);
}

// heading renders title, header and subheader: the heading's id (its anchor,
// or one made from its text) with a link to it shown on hover, unless anchor
// is false; and the divider's coloured line under it.
function heading(tag: "h1" | "h2" | "h3") {
  return (el: El) => {
    const n = mdNode(tag, "stark-heading", el.body, true);
    if (el.anchor !== false) {
      const id = typeof el.anchor === "string" ? el.anchor : slug(n.textContent ?? "");
      if (id) {
        n.id = id;
        n.append(h("a", { class: "stark-anchor", href: "#" + encodeURIComponent(id), "aria-label": "Link to this heading" },
          h("span", { class: "stark-icon", "aria-hidden": "true" }, "link")));
      }
    }
    const color = typeof el.divider === "string" && DIVIDERS.includes(el.divider) ? el.divider.replace("grey", "gray") : "";
    if (color) n.classList.add("stark-heading-divider", "stark-divider-" + color);
    return n;
  };
}

function jsonPreview(v: unknown): string {
  if (Array.isArray(v)) return `[…] ${v.length} item${v.length === 1 ? "" : "s"}`;
  if (v && typeof v === "object") {
    const n = Object.keys(v).length;
    return `{…} ${n} key${n === 1 ? "" : "s"}`;
  }
  return v === null ? "null" : typeof v;
}

// jsonTree renders a value as nested <details> (objects and arrays that
// are not empty) and lines ("key": value, as JSON text); a node is open when
// its depth is less than open.
function jsonTree(v: unknown, key: string | null, depth: number, open: number): HTMLElement {
  const prefix = key === null ? "" : JSON.stringify(key) + ": ";
  const entries: [string | null, unknown][] = Array.isArray(v)
    ? v.map((x) => [null, x])
    : v && typeof v === "object" ? Object.entries(v) : [];
  if (entries.length === 0) {
    let text: string;
    try {
      text = JSON.stringify(v) ?? "null";
    } catch {
      text = str(v);
    }
    return h("div", { class: "stark-json-leaf" }, prefix + text);
  }
  const d = h("details", { class: "stark-json-node" },
    h("summary", null, prefix + jsonPreview(v)),
    h("div", { class: "stark-json-children" }, ...entries.map(([k, x]) => jsonTree(x, k, depth + 1, open))));
  d.open = depth < open;
  return d;
}

export function frameLine(f: unknown): string {
  if (!f || typeof f !== "object") return str(f);
  const o = f as Record<string, unknown>;
  let s = str(o.file);
  if (o.line !== undefined && o.line !== null) s += ":" + str(o.line);
  if (o.col !== undefined && o.col !== null) s += ":" + str(o.col);
  if (o.func) s += " in " + str(o.func);
  return s;
}

/** The red box of an exception: message, one line per frame, then the
 * hint that says what to write instead of a Python habit, if any. */
export function exceptionBox(message: unknown, frames: unknown, kind?: unknown, hint?: unknown): HTMLElement {
  const list = Array.isArray(frames) ? frames : [];
  return h("div", { class: "stark-exception", role: "alert" },
    kind ? h("div", { class: "stark-exception-kind" }, str(kind)) : null,
    h("pre", { class: "stark-exception-message" }, str(message)),
    list.length
      ? h("pre", { class: "stark-exception-frames" }, list.map(frameLine).join("\n"))
      : null,
    hint ? h("div", { class: "stark-hint" }, "Hint: " + str(hint)) : null);
}

/** An http(s) or mailto URL, or "" for anything else (javascript:, data:, …). */
function linkUrl(v: unknown): string {
  if (typeof v !== "string" || v.trim() === "") return "";
  try {
    const u = new URL(withBase(v), location.href);
    return u.protocol === "http:" || u.protocol === "https:" || u.protocol === "mailto:" ? u.href : "";
  } catch {
    return "";
  }
}

/** A path of this app ("/page?x=1"), or "" (other origins are not page links). */
function appPath(v: unknown): string {
  if (typeof v !== "string" || !v.startsWith("/") || v.startsWith("//") || v.includes("\\")) return "";
  try {
    // Under a base (stark serve), an app path is relative to the app.
    if (BASE && v !== BASE && !v.startsWith(BASE + "/") && !v.startsWith(BASE + "?")) v = BASE + v;
    const u = new URL(v as string, location.href);
    return u.origin === location.origin ? u.pathname + u.search + u.hash : "";
  } catch {
    return "";
  }
}

function disabledLink(cls: string, ...kids: (Node | string | null)[]): HTMLElement {
  return h("span", { class: cls + " disabled", role: "link", "aria-disabled": "true" }, ...kids);
}

function cell(v: unknown): HTMLTableCellElement {
  if (typeof v !== "number") return h("td", null, str(v));
  return h("td", { class: "num" }, fmtCellNumber(v));
}

let highlighter: Promise<typeof import("./highlight")> | undefined;

/** Copies text to the clipboard (in a page that is not a secure context too). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall back below
  }
  const ta = h("textarea", { class: "stark-offscreen", "aria-hidden": "true" });
  ta.value = text;
  document.body.append(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}

/** st.code's copy button: copies the code, and says so for a moment. */
function copyButton(text: string): HTMLButtonElement {
  const b = h("button", { type: "button", class: "stark-code-copy", "aria-label": "Copy to clipboard", title: "Copy to clipboard" }, "Copy");
  let timer: ReturnType<typeof setTimeout> | undefined;
  b.addEventListener("click", async () => {
    const ok = await copyText(text);
    b.textContent = ok ? "Copied" : "Copy failed";
    b.classList.toggle("done", ok);
    clearTimeout(timer);
    timer = setTimeout(() => {
      b.textContent = "Copy";
      b.classList.remove("done");
    }, 1500);
  });
  return b;
}

export const renderers: Record<string, (el: El) => HTMLElement> = {
  title: heading("h1"),
  header: heading("h2"),
  subheader: heading("h3"),
  markdown: (el) => mdNode("div", "stark-md", el.body, false, el.allow_html === true),
  caption: (el) => mdNode("div", "stark-caption stark-md", el.body, false, el.allow_html === true),
  text: (el) => h("pre", { class: "stark-text" }, str(el.body)),
  code: (el) => {
    const lang = typeof el.language === "string" ? el.language.replace(/[^\w+#.-]/g, "") : "";
    const code = h("code", lang ? { class: "language-" + lang } : null);
    const body = str(el.body);
    const numbered = el.line_numbers === true;
    if (numbered) {
      // One block per line, numbered by a CSS counter (not part of the text:
      // a copy takes the code alone). Each line keeps its newline.
      const lines = body.split("\n");
      lines.forEach((l, i) => code.append(h("span", { class: "stark-code-line" }, i < lines.length - 1 ? l + "\n" : l)));
    } else code.textContent = body;
    const pre = h("pre", { class: "stark-code" }, code);
    pre.classList.toggle("line-numbers", numbered);
    pre.classList.toggle("wrap", el.wrap_lines === true);
    // Highlighted once highlight.js (a chunk of its own) has loaded.
    if (lang && !/^(text|plain|plaintext|none)$/i.test(lang)) {
      highlighter ??= import("./highlight");
      highlighter.then((m) => m.highlightInto(code, body, lang, numbered)).catch(() => {});
    }
    return h("div", { class: "stark-code-block" }, pre, copyButton(body));
  },
  json: (el) => {
    if (typeof el.expanded === "number") {
      // Open to a depth: a tree of nested <details>, open above the depth.
      const d = jsonTree(el.value, null, 0, el.expanded);
      d.classList.add("stark-json", "stark-json-tree");
      return d;
    }
    let text: string;
    try {
      text = JSON.stringify(el.value, null, 2) ?? "null";
    } catch {
      text = str(el.value);
    }
    const d = h("details", { class: "stark-json" },
      h("summary", null, jsonPreview(el.value)),
      h("pre", null, text));
    d.open = el.expanded !== false;
    return d;
  },
  divider: () => h("hr", { class: "stark-divider" }),
  error: alert("error", "!"),
  warning: alert("warning", "!"),
  info: alert("info", "i"),
  success: alert("success", "✓"),
  exception: (el) => exceptionBox(el.message, el.frames, undefined, el.hint),
  metric: (el) => {
    const delta = el.delta === null || el.delta === undefined ? "" : str(el.delta);
    const color = str(el.delta_color) || "normal";
    const label = h("div", { class: "stark-metric-label" }, str(el.label));
    if (el.help) label.append(h("span", { class: "stark-help", title: str(el.help), "aria-label": str(el.help) }, "?"));
    const out = h("div", { class: "stark-metric" }, label, h("div", { class: "stark-metric-value" }, str(el.value)));
    const vis = labelVisibility(el);
    if (vis !== "visible") {
      // The label the user cannot see names the metric for assistive technology.
      label.classList.add(vis === "hidden" ? "stark-label-hidden" : "stark-label-collapsed");
      out.setAttribute("role", "group");
      out.setAttribute("aria-label", str(el.label));
    }
    if (delta) {
      const down = delta.trimStart().startsWith("-");
      let tone = down ? "bad" : "good";
      if (color === "inverse") tone = down ? "good" : "bad";
      if (color === "off") tone = "off";
      out.append(h("div", { class: "stark-metric-delta " + tone },
        h("span", { "aria-hidden": "true" }, down ? "↓ " : "↑ "), delta));
    }
    if (Array.isArray(el.chart_data) && el.chart_data.length > 1) {
      out.append(sparkline(el.chart_data as unknown[], str(el.chart_type) || "line"));
    }
    return out;
  },
  table: (el) => {
    const cols = strList(el.columns);
    const rows = Array.isArray(el.rows) ? el.rows : [];
    // A column of numbers (nulls aside) has its header aligned with them, on the right.
    const numeric = cols.map((_, j) => {
      const vals = rows.map((r) => (Array.isArray(r) ? r[j] : j === 0 ? r : undefined)).filter((v) => v !== null && v !== undefined);
      return vals.length > 0 && vals.every((v) => typeof v === "number");
    });
    const thead = h("thead", null, h("tr", null, ...cols.map((c, j) => h("th", numeric[j] ? { scope: "col", class: "num" } : { scope: "col" }, c))));
    const tbody = h("tbody");
    for (const r of rows) {
      const tr = h("tr");
      const cells = Array.isArray(r) ? r : [r];
      const n = Math.max(cells.length, cols.length);
      for (let i = 0; i < n; i++) tr.append(cell(cells[i]));
      tbody.append(tr);
    }
    return h("div", { class: "stark-table-wrap" }, h("table", { class: "stark-table" }, thead, tbody));
  },
};


// Links, not widgets.
renderers.link_button = (el) => {
  const url = linkUrl(el.url);
  const label = str(el.label);
  const cls = "stark-btn stark-link-btn" + (el.type === "primary" ? " primary" : "");
  const icon = iconNode(el.icon, "stark-label-icon");
  let link: HTMLElement;
  if (!url || el.disabled === true) link = disabledLink(cls, icon, label);
  else {
    link = h("a", { class: cls, href: url }, icon, label);
    // Web links open in a new tab; mailto: goes to the mail client.
    if (!url.startsWith("mailto:")) {
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener noreferrer");
    }
  }
  if (el.help) link.title = str(el.help);
  return h("div", { class: "stark-widget stark-button-w" }, link);
};

renderers.page_link = (el) => {
  const url = appPath(el.url);
  const kids = [iconNode(el.icon, "stark-page-link-icon"), h("span", { class: "stark-page-link-label" }, str(el.label) || str(el.page))];
  let link: HTMLElement;
  if (!url || el.disabled === true) link = disabledLink("stark-page-link", ...kids);
  else {
    // The shell's link handler navigates over the socket.
    link = h("a", { class: "stark-page-link", href: url }, ...kids);
    if (el.page) link.dataset.page = str(el.page);
  }
  if (el.help) link.title = str(el.help);
  return h("div", { class: "stark-page-link-w" }, link);
};

export function unknownElement(el: El): HTMLElement {
  return h("div", { class: "stark-unknown" }, "Unsupported element: " + str(el.kind));
}

// sparkline draws a metric's chart_data as a small inline SVG (line, area or
// bars); null points are gaps. Built with DOM calls, no markup strings.
export function sparkline(points: unknown[], type: string, yMin: number | null = null, yMax: number | null = null, W = 120, H = 32): SVGSVGElement {
  const NS = "http://www.w3.org/2000/svg";
  const P = 2;
  const vals = points.map((p) => (typeof p === "number" && isFinite(p) ? p : null));
  const nums = vals.filter((v): v is number => v !== null);
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("width", String(W));
  svg.setAttribute("height", String(H));
  svg.setAttribute("class", "stark-sparkline");
  svg.setAttribute("data-testid", "stark-sparkline");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `trend of ${nums.length} points`);
  if (nums.length === 0) return svg;
  let lo = Math.min(...nums), hi = Math.max(...nums);
  if (type === "bar" || type === "area") lo = Math.min(lo, 0);
  if (yMin !== null) lo = yMin;
  if (yMax !== null) hi = yMax;
  if (hi <= lo) hi = lo + 1;
  const x = (i: number) => P + (i * (W - 2 * P)) / Math.max(1, vals.length - 1);
  const y = (v: number) => H - P - ((Math.min(hi, Math.max(lo, v)) - lo) * (H - 2 * P)) / (hi - lo);
  if (type === "bar") {
    const bw = Math.max(1, (W - 2 * P) / vals.length - 1);
    vals.forEach((v, i) => {
      if (v === null) return;
      const r = document.createElementNS(NS, "rect");
      const top = Math.min(y(v), y(0)), bottom = Math.max(y(v), y(0));
      r.setAttribute("x", String(P + (i * (W - 2 * P)) / vals.length));
      r.setAttribute("y", String(top));
      r.setAttribute("width", String(bw));
      r.setAttribute("height", String(Math.max(1, bottom - top)));
      svg.append(r);
    });
    return svg;
  }
  // Lines (and areas) break at null points.
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) {
      const path = document.createElementNS(NS, "path");
      let d = "M" + run.join("L");
      if (type === "area") {
        const first = run[0].split(",")[0], last = run[run.length - 1].split(",")[0];
        d += `L${last},${y(lo)}L${first},${y(lo)}Z`;
        path.setAttribute("class", "area");
      }
      path.setAttribute("d", d);
      svg.append(path);
    }
    run = [];
  };
  vals.forEach((v, i) => {
    if (v === null) flush();
    else run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  flush();
  return svg;
}
