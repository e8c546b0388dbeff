// Small DOM helpers. Strings passed as children always become text nodes, so
// untrusted text never reaches innerHTML through here.

/** The path the app is served under ("/app"), from <meta name="stark-base">; "" at the root. */
export const BASE: string = (document.querySelector('meta[name="stark-base"]')?.getAttribute("content") || "").replace(/\/+$/, "");

/** u with the app's base prefixed when it is a path of stark's own (/_stark/...). */
export function withBase(u: string): string {
  return BASE && u.startsWith("/_stark/") ? BASE + u : u;
}

export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string> | null,
  ...kids: Child[]
): HTMLElementTagNameMap[K] {
  const n = document.createElement(tag);
  if (attrs) {
    for (const k in attrs) {
      if (k === "class") n.className = attrs[k];
      else n.setAttribute(k, attrs[k]);
    }
  }
  for (const c of kids) {
    if (c === null || c === undefined || c === false) continue;
    n.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return n;
}

/** Any JSON value as display text; null and undefined are empty. */
export function str(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export function num(v: unknown, dflt: number): number {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : dflt;
}

export function optNum(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str) : [];
}

let uid = 0;
/** A fresh DOM id for label/for pairs (widget ids are not safe DOM ids). */
export function newId(prefix = "stark-w"): string {
  return prefix + ++uid;
}

export function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Number of decimals of a step such as 0.05 (for display and rounding). */
export function decimals(step: number): number {
  if (!Number.isFinite(step) || Number.isInteger(step)) return 0;
  const s = String(step);
  const e = s.indexOf("e-");
  if (e >= 0) return Math.min(20, Number(s.slice(e + 2)) + (s.indexOf(".") >= 0 ? e - s.indexOf(".") - 1 : 0));
  const d = s.indexOf(".");
  return d < 0 ? 0 : Math.min(20, s.length - d - 1);
}

/**
 * Formats a number with a printf-style format ("%d", "%.2f", "%0.1f%%",
 * "$%,d" is not C but is accepted). Without a format: ints as ints, floats
 * with the step's decimals.
 */
/**
 * A number in a table's cell, as Streamlit's grid shows it: thousands
 * separators, floats to at most 4 decimals with trailing zeros trimmed, and
 * an exponent when very large or small (1.235e+15, 1.000e-5).
 */
export function fmtCellNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e15 || a < 1e-4)) return v.toExponential(3);
  return v.toLocaleString("en-US", { maximumFractionDigits: 4, useGrouping: true });
}

export function fmtNum(v: number, format: unknown, isFloat: boolean, step: number): string {
  if (typeof format === "string" && format.includes("%")) {
    return format.replace(/%([-+ 0,]*)(\d+)?(?:\.(\d+))?([dioufFeEgGs%])/g, (_m, flags: string, width?: string, prec?: string, conv?: string) => {
      if (conv === "%") return "%";
      const p = prec === undefined ? undefined : Number(prec);
      let s: string;
      switch (conv) {
        case "d": case "i": case "u":
          s = String(Math.trunc(v)); break;
        case "o":
          s = Math.trunc(v).toString(8); break;
        case "f": case "F":
          s = v.toFixed(p ?? 6); break;
        case "e": case "E":
          s = v.toExponential(p ?? 6); if (conv === "E") s = s.toUpperCase(); break;
        case "g": case "G":
          s = String(Number(v.toPrecision(p || 6))); break;
        default:
          s = String(v);
      }
      if (flags.includes(",")) {
        const [i, f] = s.split(".");
        s = i.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (f !== undefined ? "." + f : "");
      }
      if (flags.includes("+") && v >= 0) s = "+" + s;
      else if (flags.includes(" ") && v >= 0) s = " " + s;
      const w = width ? Number(width) : 0;
      if (s.length < w) {
        if (flags.includes("-")) s = s.padEnd(w);
        else if (flags.includes("0") && conv !== "s") {
          const sign = /^[-+ ]/.test(s) ? s[0] : "";
          s = sign + s.slice(sign.length).padStart(w - sign.length, "0");
        } else s = s.padStart(w);
      }
      return s;
    });
  }
  if (!isFloat) return String(Math.round(v));
  const d = decimals(step);
  return d ? v.toFixed(d) : String(v);
}

const MATERIAL_ICON = /^:material\/([a-z0-9_]{1,64}):$/;

/**
 * An element's icon (Streamlit's icon=): ":material/name:" as the name's
 * ligature in the Material Symbols font (class stark-icon), or an emoji as
 * text; null for none.
 */
export function iconNode(v: unknown, cls = ""): HTMLElement | null {
  if (typeof v !== "string" || v === "") return null;
  const m = MATERIAL_ICON.exec(v);
  const n = m
    ? h("span", { class: "stark-icon", "aria-hidden": "true" }, m[1])
    : h("span", { class: "stark-emoji", "aria-hidden": "true" }, v);
  if (cls) n.classList.add(cls);
  return n;
}
