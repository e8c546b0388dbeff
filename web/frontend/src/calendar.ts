// The date picker's calendar and the dates' display format. Dates are ISO
// strings ("YYYY-MM-DD") on the wire; the page's format (YYYY, MM and DD in
// some order, separated by "/", "-" or ".": "YYYY/MM/DD" by default, as in
// Streamlit) is how the browser shows and reads them.
import { h } from "./dom";

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const FORMAT = /^(YYYY|MM|DD)([/.-])(YYYY|MM|DD)\2(YYYY|MM|DD)$/;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** The date format or, when it is not one, "YYYY/MM/DD". */
export function dateFormat(f: unknown): string {
  return typeof f === "string" && FORMAT.test(f) && new Set(f.split(/[/.-]/)).size === 3 ? f : "YYYY/MM/DD";
}

/** An ISO date in the format ("2025-06-01", "DD.MM.YYYY" → "01.06.2025"); "" when not a date. */
export function fmtDate(iso: string, format: string): string {
  const m = ISO.exec(iso);
  if (!m) return "";
  return dateFormat(format).replace(/YYYY|MM|DD/g, (t) => (t === "YYYY" ? m[1] : t === "MM" ? m[2] : m[3]));
}

/** The ISO date of text written in the format, or null when it is not a valid date in it. */
export function parseDate(text: string, format: string): string | null {
  const f = FORMAT.exec(dateFormat(format))!;
  const parts = text.trim().split(f[2]);
  if (parts.length !== 3) return null;
  const got: Record<string, number> = {};
  for (let k = 0; k < 3; k++) {
    if (!/^\d+$/.test(parts[k])) return null;
    got[f[k === 0 ? 1 : k === 1 ? 3 : 4]] = Number(parts[k]);
  }
  const { YYYY: y, MM: mo, DD: d } = got;
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1) return null;
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null; // 31 June
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
}

/** The ISO date days after iso (before, when negative). */
export function addDays(iso: string, days: number): string {
  const m = ISO.exec(iso)!;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Today in the browser's time zone, as an ISO date. */
export function today(): string {
  const t = new Date();
  return `${pad(t.getFullYear(), 4)}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

/**
 * The weeks of the month of iso, Sunday first (as Streamlit's calendar):
 * rows of seven ISO dates, with the days of the months around it.
 */
export function monthGrid(iso: string): string[][] {
  const m = ISO.exec(iso)!;
  const first = `${m[1]}-${m[2]}-01`;
  const wd = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).getUTCDay();
  let d = addDays(first, -wd);
  const weeks: string[][] = [];
  do {
    const w: string[] = [];
    for (let k = 0; k < 7; k++, d = addDays(d, 1)) w.push(d);
    weeks.push(w);
  } while (d.slice(0, 7) === first.slice(0, 7));
  return weeks;
}

export interface CalendarCfg {
  /** The bounds ("" when open). */
  min(): string;
  max(): string;
  /** The picked dates: one, or a range's start and end. */
  selected(): string[];
  pick(iso: string): void;
  /** Escape: close and give the focus back. */
  escape(): void;
}

export interface Calendar {
  node: HTMLElement;
  /** Shows the month of iso. */
  show(iso: string): void;
  /** Focuses the day shown as current (the picked one, or today). */
  focusDay(): void;
}

export function calendar(cfg: CalendarCfg): Calendar {
  const title = h("span", { class: "stark-cal-title", "aria-live": "polite" });
  const prev = h("button", { type: "button", class: "stark-cal-nav", "aria-label": "Previous month" }, "‹");
  const next = h("button", { type: "button", class: "stark-cal-nav", "aria-label": "Next month" }, "›");
  const grid = h("table", { class: "stark-cal-grid", role: "grid" });
  const node = h("div", { class: "stark-cal", role: "dialog", "aria-label": "Choose a date" },
    h("div", { class: "stark-cal-head" }, prev, title, next), grid);
  let month = today();
  let cursor = month; // the day that takes the focus
  const inBounds = (d: string) => (!cfg.min() || d >= cfg.min()) && (!cfg.max() || d <= cfg.max());
  const render = () => {
    const m = ISO.exec(month)!;
    title.textContent = `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
    const sel = cfg.selected();
    const [lo, hi] = sel.length === 2 ? sel : [sel[0] ?? "", sel[0] ?? ""];
    const head = h("tr", null, ...["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"].map((d) => h("th", { scope: "col" }, d)));
    const rows = monthGrid(month).map((w) => h("tr", null, ...w.map((d) => {
      const b = h("button", {
        type: "button", class: "stark-cal-day", "data-date": d, tabindex: d === cursor ? "0" : "-1",
        "aria-label": `${MONTHS[Number(d.slice(5, 7)) - 1]} ${Number(d.slice(8))}, ${d.slice(0, 4)}`,
        "aria-selected": String(sel.includes(d)),
      }, String(Number(d.slice(8))));
      b.classList.toggle("other", d.slice(0, 7) !== month.slice(0, 7));
      b.classList.toggle("today", d === today());
      b.classList.toggle("in-range", !!lo && d > lo && d < hi);
      b.disabled = !inBounds(d);
      b.addEventListener("click", () => cfg.pick(d));
      return h("td", { role: "gridcell" }, b);
    })));
    grid.replaceChildren(h("thead", null, head), h("tbody", null, ...rows));
  };
  const move = (d: string) => {
    cursor = d;
    if (d.slice(0, 7) !== month.slice(0, 7)) month = d;
    render();
    (grid.querySelector(`[data-date="${d}"]`) as HTMLElement | null)?.focus();
  };
  const shiftMonth = (n: number) => {
    const m = ISO.exec(month)!;
    const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1 + n, 1));
    month = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-01`;
    render();
  };
  prev.addEventListener("click", () => shiftMonth(-1));
  next.addEventListener("click", () => shiftMonth(1));
  grid.addEventListener("keydown", (e) => {
    const t = e.target as HTMLElement;
    const d = t.dataset?.date;
    if (!d) return;
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    if (e.key in step) {
      e.preventDefault();
      move(addDays(d, step[e.key]));
    }
  });
  node.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      cfg.escape();
    }
  });
  // A click on the calendar's background keeps the focus where it is.
  node.addEventListener("mousedown", (e) => {
    if (!(e.target as HTMLElement).closest("button")) e.preventDefault();
  });
  return {
    node,
    show(iso: string) {
      cursor = ISO.test(iso) ? iso : today();
      month = cursor;
      render();
    },
    focusDay() {
      (grid.querySelector(`[data-date="${cursor}"]`) as HTMLElement | null)?.focus();
    },
  };
}
