// The dataframe grid (docs/elements.md, kind "dataframe"): a scrollable
// table of fixed-height rows of which only the visible ones (and a margin)
// are in the DOM, over a spacer as tall as all the rows, so 100,000 rows
// scroll like 100. The element carries the first rows; the grid asks the
// server for the others a page at a time with `rows` messages
// (docs/protocol.md), and for sorted rows when a header is clicked. A table
// whose rows all arrived inline never asks: it sorts itself.
import { fmtNum, h, optNum, str } from "./dom";
import type { El } from "./elements";
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
}

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
  return format.replace(/%([YmdHMS%])/g, (_m, c: string) => (c === "%" ? "%" : p[c]));
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
    if (Number.isInteger(v) || col.type === "int") return String(v);
    // Floats: at most 4 decimals.
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e15 || a < 1e-4)) return v.toExponential(3);
    return String(Number(v.toFixed(4)));
  }
  if (typeof v === "string") return col.type === "time" ? formatTime(v, col.format) : v;
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
      numeric: type === "int" || type === "float",
      help: str(cfg.help),
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

function dataframe(el: El, ctx: WidgetCtx): Widget {
  const path = el.path;
  const head = h("div", { class: "stark-df-head", role: "row" });
  const body = h("div", { class: "stark-df-body", role: "rowgroup" });
  const inner = h("div", { class: "stark-df-inner" }, head, body);
  const scroller = h("div", { class: "stark-df-scroll", tabindex: "0", role: "grid" }, inner);
  const foot = h("div", { class: "stark-df-foot" });
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
  const pending = new Map<number, { req: number; at: number }>();
  let reqSeq = 0;
  let epoch = 0;
  let key = "";

  // Rows in the DOM by index, and detached rows for reuse.
  const shownRows = new Map<number, { node: HTMLDivElement; epoch: number; filled: boolean }>();
  const pool: HTMLDivElement[] = [];

  const small = () => n <= inline.length;

  const rowAt = (i: number): Row | undefined => {
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
    const cells = r.children;
    for (let j = 0; j < cols.length; j++) {
      const td = cells[j] as HTMLElement;
      td.textContent = data ? formatCell(data[j], cols[j]) : "";
    }
    r.classList.toggle("loading", !data);
    return !!data;
  };

  const newRow = (): HTMLDivElement => {
    const r = pool.pop();
    if (r) return r;
    const row = h("div", { class: "stark-df-row", role: "row" });
    for (const c of cols) row.append(h("div", { class: c.numeric ? "stark-df-td num" : "stark-df-td", role: "gridcell" }));
    return row;
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
    head.replaceChildren(...cols.map((c, j) => {
      const sorted = sortCol === c.name;
      const arrow = h("span", { class: "stark-df-arrow", "aria-hidden": "true" }, sorted ? (desc ? "↓" : "↑") : "");
      const b = h("button", { type: "button", class: "stark-df-sort", title: c.help || `Sort by ${c.label}` }, h("span", { class: "stark-df-label" }, c.label), arrow);
      b.addEventListener("click", () => clickSort(j));
      const th = h("div", { class: c.numeric ? "stark-df-th num" : "stark-df-th", role: "columnheader", "aria-sort": sorted ? (desc ? "descending" : "ascending") : "none" }, b);
      return th;
    }), h("div", { class: "stark-df-th stark-df-fill", "aria-hidden": "true" }));
  };

  /** Drops rows drawn and rows fetched: the order or the data changed. */
  const reset = () => {
    epoch++;
    pages.clear();
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
    const b = head.children[j]?.querySelector("button");
    if (b instanceof HTMLElement) b.focus();
    render();
  };

  const layout = () => {
    const widths = cols.map((c) => c.width + "px");
    const total = cols.reduce((s, c) => s + c.width, 0);
    node.style.setProperty("--df-cols", widths.join(" ") + " minmax(0, 1fr)");
    inner.style.width = total + "px";
    const rowsShown = Math.max(1, Math.min(n, DEFAULT_ROWS));
    scroller.style.height = (height ?? HEAD_H + rowsShown * ROW_H + 2) + "px";
    scroller.setAttribute("aria-rowcount", String(n + 1));
    scroller.setAttribute("aria-colcount", String(cols.length));
    foot.textContent = `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"}`;
  };

  const update = (el: El) => {
    const k = JSON.stringify([el.columns, el.column_config, el.num_rows, el.height, el.rows]);
    if (k === key) {
      // The same first rows of another table (the session sends the
      // element again when its rows come from a new table): fetch again.
      reset();
      render();
      return;
    }
    key = k;
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
    while (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value as number);
    const total = optNum(m.num_rows);
    if (total !== null && total !== n && total >= 0) {
      n = total;
      layout();
    }
    schedule();
  };

  scroller.addEventListener("scroll", schedule, { passive: true });
  const resized = new ResizeObserver(schedule);
  resized.observe(scroller);
  update(el);
  return {
    node,
    update,
    receive,
    destroy: () => {
      resized.disconnect();
      clearTimeout(retry);
      if (frame) cancelAnimationFrame(frame);
    },
  };
}

export const grids: Record<string, (el: El, ctx: WidgetCtx) => Widget> = {
  dataframe,
};
