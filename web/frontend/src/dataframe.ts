// The dataframe grid (docs/elements.md, kind "dataframe"): a scrollable
// table of fixed-height rows of which only the visible ones (and a margin)
// are in the DOM, over a spacer as tall as all the rows, so 100,000 rows
// scroll like 100. The element carries the first rows; the grid asks the
// server for the others a page at a time with `rows` messages
// (docs/protocol.md), and for sorted rows when a header is clicked. A table
// whose rows all arrived inline never asks: it sorts itself.
//
// Columns are shown by their column_config "type" (st.column_config):
// checkbox, link, image, progress, list, line/bar/area chart, number, date,
// time, datetime. With a selection_mode the grid is a widget: row
// checkboxes and column toggles send {rows, columns}, rows by their
// position in the table's own order (sorted pages carry positions), so a
// selection survives sorting and paging.
//
// The data editor (kind "data_editor") is the same grid over the same
// paged, unedited rows, with its value (Streamlit's delta: edited_rows,
// added_rows, deleted_rows) drawn over them: row i shown is the i-th row not
// deleted, then the rows added. A cell is edited on double-click, Enter or
// F2 with an input of its column's type; arrows and Tab move the cursor;
// with num_rows="dynamic" rows are added by the foot's button and deleted
// by selecting them and pressing Delete or the trash button. Each change
// sends the whole delta; the server checks it (an error names the cell).
import { fmtCellNumber, fmtNum, h, optNum, str } from "./dom";
import { sparkline, type El } from "./elements";
import type { Widget, WidgetCtx } from "./widgets";
import type { RowsMsg } from "./wire";

/** Row height in pixels; .stark-df-row in app.css has the same. */
const ROW_H = 30;
/** Header height in pixels; .stark-df-head in app.css has the same. */
const HEAD_H = 34;
/** Rows drawn above and below the visible ones. */
const MARGIN = 12;
/** Rows per request (the server takes up to 2000). */
const PAGE = 500;
/** Pages kept; the least recently received go first. */
const MAX_PAGES = 64;
/** A request unanswered this long is sent again (e.g. after a reconnect). */
const RETRY_MS = 5000;
/**
 * The tallest spacer: browsers cap an element's height (Firefox near 17.9M
 * pixels), so past it the scroll position maps to rows proportionally.
 */
const MAX_SPACER = 8_000_000;
/** Rows shown when the element gives no height. */
const DEFAULT_ROWS = 10;

type Row = unknown[];

interface Column {
  name: string;
  type: string; // int, float, string, bool, time, null
  label: string;
  format: string;
  width: number;
  numeric: boolean;
  help: string;
  /** The column_config "type" ("" for plain). */
  kind: string;
  cfg: Record<string, unknown>;
}

/** Width of the row selection column and of the index column, in pixels. */
const SELECT_W = 40;

// ---- formatting --------------------------------------------------------------

const NAMED_NUMBER: Record<string, (v: number) => string> = {
  plain: (v) => String(v),
  localized: (v) => v.toLocaleString(),
  percent: (v) => (v * 100).toLocaleString(undefined, { maximumFractionDigits: 2 }) + "%",
  dollar: (v) => v.toLocaleString("en-US", { style: "currency", currency: "USD" }),
  euro: (v) => v.toLocaleString("en-US", { style: "currency", currency: "EUR" }),
  compact: (v) => v.toLocaleString(undefined, { notation: "compact", maximumFractionDigits: 1 }),
  scientific: (v) => v.toExponential(3),
};

/** The parts of an RFC 3339 time ("2024-05-01T12:30:05.5+02:00"), as written. */
function timeParts(s: string): Record<string, string> | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s);
  if (!m) return null;
  return { Y: m[1], m: m[2], d: m[3], H: m[4] ?? "00", M: m[5] ?? "00", S: m[6] ?? "00" };
}

/**
 * Formats a time as written by the server (in the time's own zone, so every
 * browser shows the same): "date" (YYYY-MM-DD), "datetime", "time", or a
 * strftime-like pattern of %Y %m %d %H %M %S.
 */
function formatTime(s: string, format: string): string {
  const p = timeParts(s);
  if (!p) return s;
  switch (format) {
    case "date":
      return `${p.Y}-${p.m}-${p.d}`;
    case "time":
      return `${p.H}:${p.M}:${p.S}`;
    case "datetime":
      return `${p.Y}-${p.m}-${p.d} ${p.H}:${p.M}:${p.S}`;
    case "":
      return p.H === "00" && p.M === "00" && p.S === "00" ? `${p.Y}-${p.m}-${p.d}` : `${p.Y}-${p.m}-${p.d} ${p.H}:${p.M}:${p.S}`;
  }
  if (!format.includes("%")) {
    // Streamlit's (moment.js) tokens: YYYY MM DD HH mm ss.
    const tok: Record<string, string> = { YYYY: p.Y, MM: p.m, DD: p.d, HH: p.H, mm: p.M, ss: p.S };
    return format.replace(/YYYY|MM|DD|HH|mm|ss/g, (t) => tok[t]);
  }
  return format.replace(/%([YmdHMS%])/g, (_m, c: string) => (c === "%" ? "%" : p[c]));
}

/** The http(s) URL v, or "" (other schemes are never links or images). */
function webUrl(v: unknown): string {
  if (typeof v !== "string") return "";
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : "";
  } catch {
    return "";
  }
}

/**
 * A list cell's items: stark's tables hold scalars, so a list is a string,
 * a JSON array ("[1, 2]") or comma-separated ("a, b").
 */
export function listItems(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v !== "string") return v === null || v === undefined ? [] : [v];
  const t = v.trim();
  if (t.startsWith("[")) {
    try {
      const a: unknown = JSON.parse(t);
      if (Array.isArray(a)) return a;
    } catch {
      // not JSON: split it
    }
  }
  return t === "" ? [] : t.split(",").map((x) => x.trim());
}

/** A link column's text: display_text, or its regex's first group in the URL. */
export function linkText(url: string, display: unknown): string {
  if (typeof display !== "string" || display === "") return url;
  if (display.includes("(")) {
    try {
      const m = new RegExp(display).exec(url);
      if (m && m[1] !== undefined) return m[1];
    } catch {
      // not a regex: the text itself
    }
  }
  return display;
}

/** Draws a cell of a column with a column_config type into td. */
function renderCell(td: HTMLElement, v: unknown, col: Column): void {
  const cfg = col.cfg;
  if (v === null || v === undefined) {
    td.textContent = "";
    return;
  }
  switch (col.kind) {
    case "checkbox": {
      const on = v === true || v === 1 || v === "true";
      td.replaceChildren(h("span", { class: "stark-df-check" + (on ? " on" : ""), role: "img", "aria-label": on ? "checked" : "not checked" }, on ? "✓" : ""));
      return;
    }
    case "link": {
      const url = webUrl(v);
      if (!url) {
        td.textContent = str(v);
        return;
      }
      td.replaceChildren(h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, linkText(url, cfg.display_text)));
      return;
    }
    case "image": {
      const url = webUrl(v);
      if (!url.startsWith("https:")) {
        // The page's Content-Security-Policy allows https images only.
        td.textContent = str(v);
        return;
      }
      td.replaceChildren(h("img", { class: "stark-df-img", src: url, alt: "", loading: "lazy", referrerpolicy: "no-referrer" }));
      return;
    }
    case "progress": {
      if (typeof v !== "number") break;
      const lo = optNum(cfg.min_value) ?? 0;
      const hi = optNum(cfg.max_value) ?? 1;
      const frac = hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0;
      const f = typeof cfg.format === "string" && cfg.format ? cfg.format : "";
      const text = f ? formatCell(v, col) : Math.round(frac * 100) + "%";
      const fill = h("span", { class: "stark-df-progress-fill" });
      fill.style.width = (frac * 100).toFixed(1) + "%";
      td.replaceChildren(h("span", { class: "stark-df-progress", role: "progressbar", "aria-valuemin": String(lo), "aria-valuemax": String(hi), "aria-valuenow": String(v) }, fill), h("span", { class: "stark-df-progress-text" }, text));
      return;
    }
    case "list":
      td.replaceChildren(...listItems(v).map((x) => h("span", { class: "stark-df-chip" }, str(x))));
      return;
    case "line_chart":
    case "bar_chart":
    case "area_chart": {
      const pts = listItems(v).map((x) => (typeof x === "number" ? x : typeof x === "string" && x !== "" ? Number(x) : null));
      const svg = sparkline(pts, col.kind.replace("_chart", ""), optNum(cfg.y_min), optNum(cfg.y_max), Math.max(40, col.width - 20), 24);
      svg.setAttribute("preserveAspectRatio", "none");
      td.replaceChildren(svg);
      return;
    }
  }
  td.textContent = formatCell(v, col);
}

/** A cell's text: nulls are empty, numbers per the column's format. */
function formatCell(v: unknown, col: Column): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    const f = col.format;
    if (f) {
      const named = NAMED_NUMBER[f];
      if (named) return named(v);
      if (f.includes("%")) return fmtNum(v, f, true, 0);
    }
    return fmtCellNumber(v);
  }
  if (typeof v === "string") {
    if (col.type === "time" || col.kind === "date" || col.kind === "datetime" || col.kind === "time") {
      return formatTime(v, col.format || (col.kind === "date" || col.kind === "time" || col.kind === "datetime" ? col.kind : ""));
    }
    return v;
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  return str(v);
}

// ---- sorting of a table held whole --------------------------------------------

/** Compares non-null values as the server does. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const x = str(a);
  const y = str(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Row order sorted by column j, stable, nulls last in both directions. */
function sortedOrder(rows: Row[], j: number, desc: boolean, isTime: boolean): number[] {
  const key = (r: Row): unknown => {
    const v = r[j];
    if (isTime && typeof v === "string") {
      const t = Date.parse(v);
      return Number.isNaN(t) ? v : t;
    }
    return v;
  };
  const idx = rows.map((_, i) => i);
  idx.sort((p, q) => {
    const a = key(rows[p]);
    const b = key(rows[q]);
    const an = a === null || a === undefined;
    const bn = b === null || b === undefined;
    if (an || bn) return an === bn ? p - q : an ? 1 : -1;
    const c = compare(a, b);
    return (desc ? -c : c) || p - q;
  });
  return idx;
}

// ---- the grid ----------------------------------------------------------------

function columnsOf(el: El): Column[] {
  const cfgAll = el.column_config && typeof el.column_config === "object" ? (el.column_config as Record<string, unknown>) : {};
  const cols = Array.isArray(el.columns) ? el.columns : [];
  const rows = Array.isArray(el.rows) ? (el.rows as unknown[]).slice(0, 50) : [];
  return cols.map((c, j): Column => {
    const o: Record<string, unknown> = c && typeof c === "object" ? (c as Record<string, unknown>) : { name: c };
    const name = str(o.name);
    const type = str(o.type);
    const raw = cfgAll[name];
    const cfg = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : typeof raw === "string" ? { label: raw } : {};
    const col: Column = {
      name,
      type,
      label: typeof cfg.label === "string" && cfg.label ? cfg.label : name,
      format: typeof cfg.format === "string" ? cfg.format : "",
      width: 0,
      numeric: (type === "int" || type === "float") && !["progress", "checkbox", "link", "list", "image"].includes(str(cfg.type)),
      help: str(cfg.help),
      kind: str(cfg.type),
      cfg,
    };
    const w = cfg.width;
    if (typeof w === "number" && w > 0) col.width = Math.round(Math.min(2000, Math.max(40, w)));
    else if (w === "small") col.width = 80;
    else if (w === "medium") col.width = 160;
    else if (w === "large") col.width = 320;
    else {
      // From the header and the first rows' text.
      let chars = col.label.length + 2;
      for (const r of rows) if (Array.isArray(r)) chars = Math.max(chars, formatCell(r[j], col).length);
      col.width = Math.round(Math.min(360, Math.max(64, chars * 8 + 24)));
    }
    return col;
  });
}

/** The index column's configuration: column_config's "_index" (a label,
 * or a dict with label, width and help), as Streamlit's. The column shows
 * row positions; its width is null when not configured. */
export function indexColumnOf(el: El): { label: string; width: number | null; help: string } {
  const cfgAll = el.column_config && typeof el.column_config === "object" ? (el.column_config as Record<string, unknown>) : {};
  const cols = Array.isArray(el.columns) ? el.columns : [];
  const isCol = cols.some((c) => c && typeof c === "object" && (c as Record<string, unknown>).name === "_index");
  const raw = isCol ? undefined : cfgAll["_index"];
  const cfg = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : typeof raw === "string" ? { label: raw } : {};
  const w = cfg.width;
  let width: number | null = null;
  if (typeof w === "number" && w > 0) width = Math.round(Math.min(2000, Math.max(40, w)));
  else if (w === "small") width = 80;
  else if (w === "medium") width = 160;
  else if (w === "large") width = 320;
  return { label: typeof cfg.label === "string" ? cfg.label : "", width, help: str(cfg.help) };
}

/** A data editor's delta as the server sends and takes it. */
interface Delta {
  edited_rows: Record<string, Record<string, unknown>>;
  added_rows: Record<string, unknown>[];
  deleted_rows: number[];
}

/** Where a data editor's row i shown comes from: an original row, or an added one. */
export function sourceOf(i: number, base: number, deleted: number[]): { orig?: number; added?: number } {
  const live = base - deleted.length;
  if (i >= live) return { added: i - live };
  let o = i;
  for (const d of deleted) {
    if (d <= o) o++;
    else break;
  }
  return { orig: o };
}

/** Parses an editor input's text as a value of column col; undefined: not one. */
export function parseInput(text: string, kind: string, type: string): unknown {
  if (kind === "number" || type === "int" || type === "float") {
    if (text.trim() === "") return null;
    const v = Number(text);
    return Number.isFinite(v) ? v : undefined;
  }
  if (kind === "date" || kind === "datetime" || kind === "time" || type === "time") return text === "" ? null : text;
  return text;
}

function dataframe(el: El, ctx: WidgetCtx): Widget {
  const path = el.path;
  const editing = el.kind === "data_editor";
  const head = h("div", { class: "stark-df-head", role: "row" });
  const body = h("div", { class: "stark-df-body", role: "rowgroup" });
  const inner = h("div", { class: "stark-df-inner" }, head, body);
  const scroller = h("div", { class: "stark-df-scroll", tabindex: "0", role: "grid" }, inner);
  const footText = h("span", { class: "stark-df-count" });
  const actions = h("span", { class: "stark-df-actions" });
  const foot = h("div", { class: "stark-df-foot" }, footText, actions);
  const node = h("div", { class: "stark-dataframe" }, scroller, foot);

  let cols: Column[] = [];
  let n = 0;
  let inline: Row[] = [];
  let height: number | null = null;
  let sortCol = "";
  let desc = false;
  /** A whole table's sorted rows (when it is small), else null. */
  let localOrder: number[] | null = null;
  const pages = new Map<number, Row[]>();
  /** Positions (in the table's own order) of the rows of sorted pages. */
  const positions = new Map<number, number[]>();
  // The selection: modes, and what is selected (rows by position).
  let rowMode = "";
  let colMode = "";
  let showIndex = false;
  let indexCol: { label: string; width: number | null; help: string } = { label: "", width: null, help: "" };
  const selRows = new Set<number>();
  const selCols = new Set<string>();
  const pending = new Map<number, { req: number; at: number }>();
  let reqSeq = 0;
  let epoch = 0;
  let key = "";
  // The data editor: the rows of the data (base), the delta, the cursor.
  let base = 0;
  let dynamic = false;
  let allDisabled = false;
  let disabledCols = new Set<string>();
  let edited = new Map<number, Record<string, unknown>>();
  let added: Record<string, unknown>[] = [];
  let deleted: number[] = [];
  let cur = { i: -1, j: -1 };
  let editingCell: { i: number; j: number; input: HTMLInputElement | HTMLSelectElement } | null = null;

  // Rows in the DOM by index, and detached rows for reuse.
  const shownRows = new Map<number, { node: HTMLDivElement; epoch: number; filled: boolean }>();
  const pool: HTMLDivElement[] = [];

  const small = () => (editing ? base : n) <= inline.length;

  /** The position in the table's own order of the row shown at i. */
  const rowPos = (i: number): number | undefined => {
    if (editing) return i;
    if (small()) return localOrder ? localOrder[i] : i;
    if (!sortCol) return i;
    const p = positions.get(Math.floor(i / PAGE));
    return p ? p[i % PAGE] : undefined;
  };

  /** Leading cells: the row checkbox, the index. */
  const lead = () => (rowMode ? 1 : 0) + (showIndex ? 1 : 0);

  /** The selection in the wire format: rows ascending, columns in their order. */
  const selection = () => ({
    rows: [...selRows].sort((a, b) => a - b),
    columns: cols.filter((c) => selCols.has(c.name)).map((c) => c.name),
  });
  // In a form, send does nothing: the form's submit takes value().
  const sendSelection = () => ctx.send(selection());

  const toggleRow = (pos: number, on: boolean) => {
    if (rowMode === "single-row") selRows.clear();
    if (on) selRows.add(pos);
    else selRows.delete(pos);
    refresh();
    if (editing) drawActions();
    else sendSelection();
  };

  const toggleCol = (name: string, on: boolean) => {
    if (colMode === "single-column") selCols.clear();
    if (on) selCols.add(name);
    else selCols.delete(name);
    drawHead();
    refresh();
    sendSelection();
  };

  const rowAt = (i: number): Row | undefined => {
    if (!editing) return rawAt(i);
    const src = sourceOf(i, base, deleted);
    if (src.added !== undefined) {
      const a = added[src.added] ?? {};
      return cols.map((c) => (c.name in a ? a[c.name] : null));
    }
    const r = rawAt(src.orig as number);
    const e = edited.get(src.orig as number);
    return r && e ? cols.map((c, j) => (c.name in e ? e[c.name] : r[j])) : r;
  };

  const rawAt = (i: number): Row | undefined => {
    if (small()) return inline[localOrder ? localOrder[i] : i];
    if (!sortCol && i < inline.length) return inline[i];
    const p = pages.get(Math.floor(i / PAGE));
    return p ? (p[i % PAGE] as Row | undefined) : undefined;
  };

  let retry = 0;
  const request = (p: number) => {
    const req = ++reqSeq;
    pending.set(p, { req, at: Date.now() });
    ctx.request({ type: "rows", path, req, start: p * PAGE, count: PAGE, sort: sortCol, desc });
    // A request lost (the socket closed) is sent again by a later render.
    clearTimeout(retry);
    retry = window.setTimeout(schedule, RETRY_MS + 100);
  };

  /** Asks for the pages of rows [first, last) that are neither held nor asked for. */
  const fetchRows = (first: number, last: number) => {
    if (editing && last > first) {
      // Display rows to the data's rows they show.
      const a = sourceOf(first, base, deleted);
      const b = sourceOf(last - 1, base, deleted);
      first = a.orig ?? base;
      last = b.orig !== undefined ? b.orig + 1 : base;
    }
    if (small() || last <= first) return;
    const now = Date.now();
    for (let p = Math.floor(first / PAGE); p <= Math.floor((last - 1) / PAGE); p++) {
      if (pages.has(p)) continue;
      if (!sortCol && Math.min(last, (p + 1) * PAGE) <= inline.length) continue;
      const q = pending.get(p);
      if (q && now - q.at < RETRY_MS) continue;
      request(p);
    }
  };

  const fillRow = (r: HTMLDivElement, i: number): boolean => {
    const data = rowAt(i);
    const pos = data ? rowPos(i) : undefined;
    const cells = r.children;
    let k = 0;
    if (rowMode) {
      const box = (cells[k++] as HTMLElement).firstElementChild as HTMLInputElement;
      box.disabled = pos === undefined;
      box.checked = pos !== undefined && selRows.has(pos);
      box.dataset.pos = pos === undefined ? "" : String(pos);
      box.setAttribute("aria-label", pos === undefined ? "Select row" : `Select row ${pos}`);
    }
    if (showIndex) (cells[k++] as HTMLElement).textContent = pos === undefined ? "" : String(pos);
    let e: Record<string, unknown> | undefined;
    if (editing) {
      const src = sourceOf(i, base, deleted);
      e = src.added !== undefined ? added[src.added] : edited.get(src.orig as number);
    }
    for (let j = 0; j < cols.length; j++) {
      const td = cells[k + j] as HTMLElement;
      if (editing) {
        td.classList.toggle("cursor", cur.i === i && cur.j === j);
        td.classList.toggle("edited", !!e && cols[j].name in e);
      }
      if (editingCell && editingCell.i === i && editingCell.j === j && td.contains(editingCell.input)) continue;
      if (!data) td.textContent = "";
      else if (cols[j].kind) renderCell(td, data[j], cols[j]);
      else td.textContent = formatCell(data[j], cols[j]);
      td.classList.toggle("selected", selCols.has(cols[j].name));
    }
    r.classList.toggle("selected", pos !== undefined && selRows.has(pos));
    r.classList.toggle("loading", !data);
    return !!data && (!sortCol || small() || pos !== undefined);
  };

  const newRow = (): HTMLDivElement => {
    const r = pool.pop();
    if (r) return r;
    const row = h("div", { class: "stark-df-row", role: "row" });
    if (rowMode) {
      const box = h("input", { type: "checkbox", class: "stark-df-select", "aria-label": "Select row" });
      box.addEventListener("change", () => {
        const pos = Number(box.dataset.pos);
        if (box.dataset.pos !== "" && Number.isInteger(pos)) toggleRow(pos, box.checked);
      });
      row.append(h("div", { class: "stark-df-td stark-df-selcell", role: "gridcell" }, box));
    }
    if (showIndex) row.append(h("div", { class: "stark-df-td num stark-df-index", role: "rowheader" }));
    cols.forEach((c, j) => {
      const ro = editing && (allDisabled || disabledCols.has(c.name));
      row.append(h("div", { class: (c.numeric ? "stark-df-td num" : "stark-df-td") + (ro ? " readonly" : ""), role: "gridcell", "data-col": String(j) }));
    });
    return row;
  };

  /** Redraws the rows shown (the selection changed). */
  const refresh = () => {
    for (const [i, s] of shownRows) s.filled = fillRow(s.node, i);
  };

  let frame = 0;
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  };

  /** Draws the visible rows (and the margin), reusing row nodes. */
  const render = () => {
    const total = n * ROW_H;
    const spacer = Math.min(total, MAX_SPACER);
    body.style.height = spacer + "px";
    const viewH = Math.max(0, scroller.clientHeight - HEAD_H);
    const st = scroller.scrollTop;
    const maxScroll = Math.max(0, spacer - viewH);
    const maxVirtual = Math.max(0, total - viewH);
    const virtual = maxScroll > 0 ? Math.min(maxVirtual, st * (maxVirtual / maxScroll)) : 0;
    const first = Math.max(0, Math.floor(virtual / ROW_H) - MARGIN);
    const last = Math.min(n, Math.ceil((virtual + Math.max(viewH, ROW_H)) / ROW_H) + MARGIN);
    for (const [i, s] of shownRows) {
      if (i < first || i >= last || s.epoch !== epoch) {
        s.node.remove();
        if (s.epoch === epoch) pool.push(s.node);
        shownRows.delete(i);
      }
    }
    const offset = st - virtual; // 0 unless the spacer is scaled
    const add: HTMLDivElement[] = [];
    for (let i = first; i < last; i++) {
      let s = shownRows.get(i);
      if (!s) {
        const r = newRow();
        r.dataset.row = String(i);
        r.setAttribute("aria-rowindex", String(i + 2));
        s = { node: r, epoch, filled: false };
        shownRows.set(i, s);
        add.push(r);
      }
      s.node.style.transform = `translateY(${Math.round(i * ROW_H + offset)}px)`;
      if (!s.filled) s.filled = fillRow(s.node, i);
    }
    if (add.length) body.append(...add);
    fetchRows(Math.max(0, first), last);
  };

  const drawHead = () => {
    const leading: HTMLElement[] = [];
    if (rowMode) leading.push(h("div", { class: "stark-df-th stark-df-selcell", role: "columnheader", "aria-label": "Selected" }));
    if (showIndex) {
      const th = h("div", { class: "stark-df-th stark-df-index", role: "columnheader", "aria-label": indexCol.label || "Row" }, indexCol.label);
      if (indexCol.help) th.title = indexCol.help;
      leading.push(th);
    }
    head.replaceChildren(...leading, ...cols.map((c, j) => {
      const sorted = sortCol === c.name;
      const arrow = h("span", { class: "stark-df-arrow", "aria-hidden": "true" }, sorted ? (desc ? "↓" : "↑") : "");
      const b = h("button", { type: "button", class: "stark-df-sort", title: c.help || `Sort by ${c.label}` }, h("span", { class: "stark-df-label" }, c.label), arrow);
      b.addEventListener("click", () => clickSort(j));
      const on = selCols.has(c.name);
      const th = h("div", { class: (c.numeric ? "stark-df-th num" : "stark-df-th") + (on ? " selected" : ""), role: "columnheader", "aria-sort": sorted ? (desc ? "descending" : "ascending") : "none" });
      if (colMode) {
        const box = h("input", { type: "checkbox", class: "stark-df-colselect", "aria-label": `Select column ${c.label}` });
        box.checked = on;
        box.addEventListener("change", () => toggleCol(c.name, box.checked));
        th.append(box);
      }
      th.append(b);
      return th;
    }), h("div", { class: "stark-df-th stark-df-fill", "aria-hidden": "true" }));
  };

  /** Drops rows drawn and rows fetched: the order or the data changed. */
  const reset = () => {
    epoch++;
    pages.clear();
    positions.clear();
    pending.clear();
    localOrder = null;
    if (small() && sortCol) {
      const j = cols.findIndex((c) => c.name === sortCol);
      if (j >= 0) localOrder = sortedOrder(inline, j, desc, cols[j].type === "time");
    }
    for (const s of shownRows.values()) s.node.remove();
    shownRows.clear();
    pool.length = 0;
  };

  // Ascending, then descending, then the table's own order.
  const clickSort = (j: number) => {
    if (editing) return; // the editor shows the data's order
    const name = cols[j].name;
    if (sortCol !== name) {
      sortCol = name;
      desc = false;
    } else if (!desc) {
      desc = true;
    } else {
      sortCol = "";
      desc = false;
    }
    reset();
    drawHead();
    const b = head.children[j + lead()]?.querySelector("button");
    if (b instanceof HTMLElement) b.focus();
    render();
  };

  const layout = () => {
    const leadW: number[] = [];
    if (rowMode) leadW.push(SELECT_W);
    if (showIndex) leadW.push(indexCol.width ?? Math.max(48, String(n).length * 9 + 20, indexCol.label.length * 8 + 24));
    const widths = [...leadW, ...cols.map((c) => c.width)].map((w) => w + "px");
    const total = [...leadW, ...cols.map((c) => c.width)].reduce((s, w) => s + w, 0);
    node.style.setProperty("--df-cols", widths.join(" ") + " minmax(0, 1fr)");
    inner.style.width = total + "px";
    const rowsShown = Math.max(1, Math.min(n, DEFAULT_ROWS));
    scroller.style.height = (height ?? HEAD_H + rowsShown * ROW_H + 2) + "px";
    scroller.setAttribute("aria-rowcount", String(n + 1));
    scroller.setAttribute("aria-colcount", String(cols.length));
    footText.textContent = `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"}`;
  };

  /** Takes the selection the server holds (the page's, or ours echoed). */
  const takeSelection = (el: El) => {
    selRows.clear();
    selCols.clear();
    const sel = el.selection && typeof el.selection === "object" ? (el.selection as Record<string, unknown>) : {};
    if (Array.isArray(sel.rows)) for (const r of sel.rows) if (typeof r === "number") selRows.add(r);
    if (Array.isArray(sel.columns)) for (const c of sel.columns) selCols.add(str(c));
  };

  /** Takes the delta the server holds (ours echoed, or the page's). */
  const takeValue = (el: El) => {
    const v = el.value && typeof el.value === "object" ? (el.value as Partial<Delta>) : {};
    edited = new Map();
    for (const [r, cells] of Object.entries(v.edited_rows ?? {})) if (cells && typeof cells === "object") edited.set(Number(r), { ...cells });
    added = Array.isArray(v.added_rows) ? v.added_rows.map((a) => ({ ...a })) : [];
    deleted = Array.isArray(v.deleted_rows) ? v.deleted_rows.filter((x): x is number => typeof x === "number").sort((a, b) => a - b) : [];
    dynamic = el.dynamic === true;
    allDisabled = el.disabled === true;
    disabledCols = new Set(Array.isArray(el.disabled_columns) ? el.disabled_columns.map(str) : []);
  };

  const update = (el: El) => {
    if (editing) {
      takeValue(el);
      selRows.clear();
      const k = JSON.stringify([el.columns, el.column_config, el.num_rows, el.height, el.rows, dynamic, allDisabled, el.disabled_columns, el.hide_index]);
      const first = key === "";
      if (k === key) {
        // Only the delta changed: the rows paged stay.
        n = base - deleted.length + added.length;
        redraw();
        return;
      }
      key = k;
      pool.length = 0;
      rowMode = dynamic && !allDisabled ? "multi-row" : "";
      showIndex = el.hide_index === false;
      indexCol = indexColumnOf(el);
      cols = columnsOf(el);
      inline = (Array.isArray(el.rows) ? el.rows : []).map((r) => (Array.isArray(r) ? r : [r]));
      base = Math.max(inline.length, Math.floor(optNum(el.num_rows) ?? inline.length));
      n = base - deleted.length + added.length;
      const h0 = optNum(el.height);
      height = h0 !== null && h0 > 0 ? Math.round(h0) : null;
      if (!first) scroller.scrollTop = 0;
      reset();
      layout();
      drawHead();
      drawActions();
      render();
      return;
    }
    takeSelection(el);
    const modes = Array.isArray(el.selection_mode) ? el.selection_mode.map(str) : [];
    const rm = modes.find((m) => m.endsWith("-row")) ?? "";
    const cm = modes.find((m) => m.endsWith("-column")) ?? "";
    const si = el.hide_index === false;
    const k = JSON.stringify([el.columns, el.column_config, el.num_rows, el.height, el.rows, rm, cm, si]);
    if (k === key) {
      // The same first rows of another table (the session sends the
      // element again when its rows come from a new table): fetch again.
      drawHead();
      reset();
      render();
      return;
    }
    key = k;
    if (rm !== rowMode || si !== showIndex) pool.length = 0; // rows change shape
    rowMode = rm;
    colMode = cm;
    showIndex = si;
    indexCol = indexColumnOf(el);
    const oldNames = cols.map((c) => c.name + ":" + c.type).join("\u0000");
    cols = columnsOf(el);
    inline = (Array.isArray(el.rows) ? el.rows : []).map((r) => (Array.isArray(r) ? r : [r]));
    n = Math.max(inline.length, Math.floor(optNum(el.num_rows) ?? inline.length));
    const h0 = optNum(el.height);
    height = h0 !== null && h0 > 0 ? Math.round(h0) : null;
    if (sortCol && !cols.some((c) => c.name === sortCol)) {
      sortCol = "";
      desc = false;
    }
    if (cols.map((c) => c.name + ":" + c.type).join("\u0000") !== oldNames) scroller.scrollTop = 0;
    reset();
    layout();
    drawHead();
    render();
  };

  // A reply to a request: dropped unless it answers one still wanted.
  const receive = (m: RowsMsg) => {
    const start = optNum(m.start);
    if (start === null || start % PAGE !== 0) return;
    const p = start / PAGE;
    const q = pending.get(p);
    if (!q || q.req !== m.req) return;
    if (str(m.sort) !== sortCol || (m.desc === true) !== desc) return;
    pending.delete(p);
    const rows = Array.isArray(m.rows) ? (m.rows as unknown[]).map((r) => (Array.isArray(r) ? r : [r])) : [];
    pages.set(p, rows);
    if (Array.isArray(m.positions)) positions.set(p, m.positions.filter((x): x is number => typeof x === "number"));
    while (pages.size > MAX_PAGES) {
      const old = pages.keys().next().value as number;
      pages.delete(old);
      positions.delete(old);
    }
    const total = optNum(m.num_rows);
    if (editing) {
      if (total !== null && total !== base && total >= 0) {
        base = total;
        n = base - deleted.length + added.length;
        layout();
      }
    } else if (total !== null && total !== n && total >= 0) {
      n = total;
      layout();
    }
    schedule();
  };

  // ---- editing ----------------------------------------------------------------

  /** Draws the rows again over the rows held (the delta changed). */
  const redraw = () => {
    epoch++;
    for (const s of shownRows.values()) s.node.remove();
    shownRows.clear();
    pool.length = 0;
    layout();
    drawActions();
    render();
  };

  const sendDelta = () => {
    const d: Delta = { edited_rows: {}, added_rows: added.map((a) => ({ ...a })), deleted_rows: [...deleted] };
    for (const [o, cells] of [...edited].sort((a, b) => a[0] - b[0])) d.edited_rows[String(o)] = { ...cells };
    ctx.send(d);
  };

  const readOnly = (j: number) => allDisabled || !cols[j] || disabledCols.has(cols[j].name);

  const cellNode = (i: number, j: number): HTMLElement | null => {
    const s = shownRows.get(i);
    return s ? ((s.node.children[lead() + j] as HTMLElement | undefined) ?? null) : null;
  };

  /** Scrolls row i into view (the spacer is not scaled below 266,000 rows). */
  const showRow = (i: number) => {
    const viewH = Math.max(ROW_H, scroller.clientHeight - HEAD_H);
    const top = i * ROW_H;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_H > scroller.scrollTop + viewH) scroller.scrollTop = top + ROW_H - viewH;
  };

  const moveCursor = (i: number, j: number) => {
    if (n === 0 || cols.length === 0) return;
    cur = { i: Math.max(0, Math.min(n - 1, i)), j: Math.max(0, Math.min(cols.length - 1, j)) };
    showRow(cur.i);
    refresh();
    render();
  };

  const commit = (i: number, j: number, v: unknown) => {
    const name = cols[j].name;
    const src = sourceOf(i, base, deleted);
    if (src.added !== undefined) {
      added[src.added] = { ...added[src.added], [name]: v };
    } else {
      const o = src.orig as number;
      edited.set(o, { ...(edited.get(o) ?? {}), [name]: v });
    }
    const s = shownRows.get(i);
    if (s) s.filled = fillRow(s.node, i);
    sendDelta();
  };

  const endEdit = (save: boolean) => {
    const ed = editingCell;
    if (!ed) return;
    editingCell = null;
    const col = cols[ed.j];
    if (save && col) {
      let v: unknown;
      if (ed.input.tagName === "SELECT") {
        const opts = Array.isArray(col.cfg.options) ? col.cfg.options : [];
        v = ed.input.value === "" ? null : opts[Number(ed.input.value)];
      } else v = parseInput(ed.input.value, col.kind, col.type);
      const old = rowAt(ed.i)?.[ed.j];
      if (v !== undefined && v !== old) {
        commit(ed.i, ed.j, v);
        scroller.focus({ preventScroll: true });
        return;
      }
    }
    const s = shownRows.get(ed.i);
    if (s) s.filled = fillRow(s.node, ed.i);
    scroller.focus({ preventScroll: true });
  };

  const beginEdit = (i: number, j: number) => {
    if (readOnly(j) || i < 0 || i >= n) return;
    const data = rowAt(i);
    if (!data) return;
    const col = cols[j];
    const v = data[j];
    if (col.kind === "checkbox" || (col.type === "bool" && !col.kind)) {
      commit(i, j, !(v === true));
      return;
    }
    const td = cellNode(i, j);
    if (!td) return;
    let input: HTMLInputElement | HTMLSelectElement;
    if (col.kind === "selectbox") {
      const opts = Array.isArray(col.cfg.options) ? col.cfg.options : [];
      const sel = h("select", { class: "stark-df-input", "aria-label": `Edit ${col.label}` }) as HTMLSelectElement;
      sel.append(h("option", { value: "" }, ""), ...opts.map((o, k) => h("option", { value: String(k) }, str(o))));
      sel.value = String(opts.findIndex((o) => o === v));
      input = sel;
    } else {
      const inp = h("input", { class: "stark-df-input", "aria-label": `Edit ${col.label}` }) as HTMLInputElement;
      const cfg = col.cfg;
      if (col.kind === "number" || col.type === "int" || col.type === "float") {
        inp.type = "number";
        inp.step = optNum(cfg.step) !== null ? String(cfg.step) : col.type === "int" ? "1" : "any";
        if (optNum(cfg.min_value) !== null) inp.min = String(cfg.min_value);
        if (optNum(cfg.max_value) !== null) inp.max = String(cfg.max_value);
        inp.value = v === null || v === undefined ? "" : String(v);
      } else if (col.kind === "date") {
        inp.type = "date";
        inp.value = typeof v === "string" ? v.slice(0, 10) : "";
      } else if (col.kind === "datetime" || (col.type === "time" && !col.kind)) {
        inp.type = "datetime-local";
        inp.step = "1";
        inp.value = typeof v === "string" ? v.slice(0, 19) : "";
      } else if (col.kind === "time") {
        inp.type = "time";
        inp.value = typeof v === "string" ? (timeParts(v) ? formatTime(v, "time") : v) : "";
      } else {
        inp.type = "text";
        if (optNum(cfg.max_chars) !== null) inp.maxLength = Number(cfg.max_chars);
        inp.value = v === null || v === undefined ? "" : str(v);
      }
      input = inp;
    }
    editingCell = { i, j, input };
    input.addEventListener("keydown", (ev) => {
      const e = ev as KeyboardEvent;
      e.stopPropagation();
      if (e.key === "Enter") {
        e.preventDefault();
        endEdit(true);
        moveCursor(i + 1, j);
      } else if (e.key === "Escape") {
        e.preventDefault();
        endEdit(false);
      } else if (e.key === "Tab") {
        e.preventDefault();
        endEdit(true);
        moveCursor(i, j + (e.shiftKey ? -1 : 1));
      }
    });
    input.addEventListener("blur", () => {
      if (editingCell && editingCell.input === input) endEdit(true);
    });
    td.replaceChildren(input);
    input.focus();
    if (input.tagName === "INPUT" && input.type === "text") (input as HTMLInputElement).select();
  };

  const addRow = () => {
    const row: Record<string, unknown> = {};
    for (const c of cols) if (c.cfg.default !== undefined && c.cfg.default !== null) row[c.name] = c.cfg.default;
    added.push(row);
    n++;
    redraw();
    moveCursor(n - 1, cols.findIndex((_, j) => !readOnly(j)));
    sendDelta();
  };

  const deleteSelected = () => {
    if (!selRows.size) return;
    const drop = new Set<number>();
    for (const src of [...selRows].map((i) => sourceOf(i, base, deleted))) {
      if (src.added !== undefined) drop.add(src.added);
      else if (src.orig !== undefined) deleted.push(src.orig);
    }
    added = added.filter((_, a) => !drop.has(a));
    deleted = [...new Set(deleted)].sort((a, b) => a - b);
    n = base - deleted.length + added.length;
    selRows.clear();
    cur = { i: Math.min(cur.i, n - 1), j: cur.j };
    redraw();
    sendDelta();
  };

  const drawActions = () => {
    if (!editing || !dynamic || allDisabled) {
      actions.replaceChildren();
      return;
    }
    const add = h("button", { type: "button", class: "stark-df-add", title: "Add a row" }, "+ Add row");
    add.addEventListener("click", addRow);
    const del = h("button", { type: "button", class: "stark-df-delete", title: "Delete the rows selected (Delete)" }, `🗑 Delete${selRows.size ? ` ${selRows.size}` : ""}`) as HTMLButtonElement;
    del.disabled = selRows.size === 0;
    del.addEventListener("click", deleteSelected);
    actions.replaceChildren(add, del);
  };

  if (editing) {
    node.classList.add("stark-data-editor");
    body.addEventListener("click", (ev) => {
      const td = (ev.target as HTMLElement).closest(".stark-df-td[data-col]");
      const r = td?.parentElement;
      if (!(td instanceof HTMLElement) || !(r instanceof HTMLElement) || td.contains(editingCell?.input ?? null)) return;
      moveCursor(Number(r.dataset.row), Number(td.dataset.col));
      scroller.focus({ preventScroll: true });
    });
    body.addEventListener("dblclick", (ev) => {
      const td = (ev.target as HTMLElement).closest(".stark-df-td[data-col]");
      const r = td?.parentElement;
      if (!(td instanceof HTMLElement) || !(r instanceof HTMLElement) || editingCell) return;
      beginEdit(Number(r.dataset.row), Number(td.dataset.col));
    });
    scroller.addEventListener("keydown", (e) => {
      if (editingCell) return;
      const { i, j } = cur;
      switch (e.key) {
        case "ArrowDown": moveCursor(i < 0 ? 0 : i + 1, Math.max(0, j)); break;
        case "ArrowUp": moveCursor(i - 1, Math.max(0, j)); break;
        case "ArrowRight": moveCursor(Math.max(0, i), j + 1); break;
        case "ArrowLeft": moveCursor(Math.max(0, i), j - 1); break;
        case "Tab":
          if ((e.shiftKey && j <= 0) || (!e.shiftKey && j >= cols.length - 1)) return;
          moveCursor(Math.max(0, i), j + (e.shiftKey ? -1 : 1));
          break;
        case "Enter":
        case "F2":
          if (i >= 0) beginEdit(i, j);
          break;
        case " ":
          if (i >= 0 && cols[j] && (cols[j].kind === "checkbox" || cols[j].type === "bool")) beginEdit(i, j);
          else return;
          break;
        case "Delete":
        case "Backspace":
          if (selRows.size && dynamic && !allDisabled) deleteSelected();
          else return;
          break;
        default:
          return;
      }
      e.preventDefault();
    });
  }

  scroller.addEventListener("scroll", schedule, { passive: true });
  const resized = new ResizeObserver(schedule);
  resized.observe(scroller);
  update(el);
  return {
    node,
    update,
    receive,
    // A selectable dataframe in a form: its selection goes with the submit.
    value: () => (editing || (!rowMode && !colMode) ? undefined : selection()),
    destroy: () => {
      resized.disconnect();
      clearTimeout(retry);
      if (frame) cancelAnimationFrame(frame);
    },
  };
}

export const grids: Record<string, (el: El, ctx: WidgetCtx) => Widget> = {
  dataframe,
  data_editor: dataframe,
};
