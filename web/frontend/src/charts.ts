// Charts (docs/elements.md): line_chart, bar_chart, area_chart, scatter_chart
// and vega_lite_chart, each a complete Vega-Lite spec drawn by Vega. Vega is
// loaded on a page's first chart (./vega, its own chunk); a page without
// charts never fetches it. A chart re-sent with the same spec is left as it
// is; a changed spec is drawn again in place. Colours follow the page's
// theme (its CSS variables), and the width follows the chart's column.
import { h, optNum } from "./dom";
import type { El } from "./elements";
import type { Widget } from "./widgets";

type VegaModule = typeof import("./vega");
type Result = import("./vega").Result;

let vegaModule: Promise<VegaModule> | null = null;

function loadVega(): Promise<VegaModule> {
  if (!vegaModule) {
    vegaModule = import("./vega");
    vegaModule.catch(() => (vegaModule = null)); // retry on the next chart
  }
  return vegaModule;
}

/** Above this many data rows a chart draws on a canvas: SVG slows down. */
const SVG_MAX_ROWS = 10_000;

/** Charts on the page, drawn again when the colour scheme changes. */
const shown = new Set<() => void>();

const DARK = window.matchMedia("(prefers-color-scheme: dark)");
DARK.addEventListener("change", () => {
  for (const redraw of shown) redraw();
});

/**
 * The Vega config of a chart element: the page's theme (themeConfig), or
 * none, Vega-Lite's own look, for st.vega_lite_chart(theme=None).
 */
export function chartConfig(theme: unknown): Record<string, unknown> {
  return theme === "none" ? {} : themeConfig();
}

/** Vega config from the page's theme: text, axes and grid in its colours. */
function themeConfig(): Record<string, unknown> {
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, dflt: string) => cs.getPropertyValue(name).trim() || dflt;
  const dark = cs.getPropertyValue("color-scheme").trim() === "dark";
  const fg = v("--fg", dark ? "#e6e8ee" : "#1f2330");
  const muted = v("--muted", dark ? "#9aa0ae" : "#6b7080");
  const border = v("--border", dark ? "#2b2f3a" : "#e3e5ea");
  const font = v("--font", "sans-serif");
  const text = { labelColor: muted, titleColor: fg, labelFont: font, titleFont: font };
  return {
    background: "transparent",
    font,
    view: { stroke: null },
    axis: { ...text, domainColor: border, tickColor: border, gridColor: border, titleFontWeight: 600 },
    legend: { ...text, titleFontWeight: 600, symbolFillColor: muted, symbolBaseFillColor: muted, symbolBaseStrokeColor: muted },
    header: text,
    title: { color: fg, subtitleColor: muted, font, subtitleFont: font, anchor: "start", fontSize: 15, fontWeight: 600 },
    mark: { color: dark ? "#6ea8fe" : "#1f6fd1" },
    point: { color: dark ? "#6ea8fe" : "#1f6fd1" },
    range: {
      category: dark
        ? ["#6ea8fe", "#ffb454", "#ff6b64", "#5fd3c4", "#7ddc6e", "#f0d264", "#c49bf2", "#ff9dc0", "#c8a27c", "#b8bcc8"]
        : ["#1f6fd1", "#f28e2b", "#e15759", "#33a198", "#59a14f", "#d6b32a", "#9d6fc4", "#ff8fab", "#9c755f", "#8a8f9c"],
    },
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Category labels up to this long, and this many, are written horizontally. */
const SHORT_LABEL = 12;
const FEW_LABELS = 30;
const DAY = 86_400_000;

/**
 * The time format of a date axis: one for every label, from the span of the
 * dates (years; months; days), where Vega would mix "2024", "March" and
 * "Mar 04" on one axis.
 */
export function dateAxisFormat(ms: number[]): string {
  if (ms.length === 0) return "%b %d, %Y";
  const span = Math.max(...ms) - Math.min(...ms);
  if (span > 3 * 365 * DAY) return "%Y";
  if (span > 90 * DAY) return "%b %Y";
  if (span > 2 * DAY || barTimeUnit(ms) !== "") return "%b %d"; // days
  return "%H:%M";
}

/** The time unit of bars on a time axis: the dates' granularity (years, months or days); "" for times of day. */
export function barTimeUnit(ms: number[]): string {
  const ds = ms.map((t) => new Date(t));
  if (ds.some((d) => d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() || d.getUTCMilliseconds())) return "";
  if (ds.every((d) => d.getUTCDate() === 1 && d.getUTCMonth() === 0)) return "utcyear";
  if (ds.every((d) => d.getUTCDate() === 1)) return "utcyearmonth";
  return "utcyearmonthdate";
}

/**
 * The spec with the x axis tuned where the spec leaves it to Vega's
 * defaults: short category labels horizontal (Vega turns them by 90°), a
 * date axis in one format with no overlapping labels, and bars on a time
 * axis one time unit (a day, a month) wide rather than a few pixels.
 */
export function tuneSpec(spec: Obj): Obj {
  const enc = isObj(spec.encoding) ? spec.encoding : null;
  const x = enc && isObj(enc.x) ? enc.x : null;
  const values = isObj(spec.data) && Array.isArray(spec.data.values) ? (spec.data.values as unknown[]) : null;
  if (!enc || !x || typeof x.field !== "string" || !values) return spec;
  const field = x.field.replace(/\\(.)/g, "$1");
  const col = values.map((r) => (isObj(r) ? r[field] : undefined)).filter((v) => v !== null && v !== undefined);
  const axis: Obj = isObj(x.axis) ? { ...x.axis } : {};
  const nx: Obj = { ...x };
  const markType = typeof spec.mark === "string" ? spec.mark : isObj(spec.mark) ? spec.mark.type : "";
  let mark = spec.mark;
  if (x.axis === null) return spec; // no axis
  if (x.type === "nominal" || x.type === "ordinal") {
    const labels = new Set(col.map(String));
    if (labels.size <= FEW_LABELS && [...labels].every((l) => l.length <= SHORT_LABEL) && !("labelAngle" in axis)) axis.labelAngle = 0;
  } else if (x.type === "temporal") {
    const ms = col.map((v) => (typeof v === "number" ? v : Date.parse(String(v)))).filter((t) => Number.isFinite(t));
    if (!("format" in axis) && !x.timeUnit) axis.format = dateAxisFormat(ms);
    if (!("labelOverlap" in axis)) axis.labelOverlap = true;
    if (!("labelSeparation" in axis)) axis.labelSeparation = 12;
    if (!("labelFlush" in axis)) axis.labelFlush = true;
    if (markType === "bar" && !x.timeUnit && !(isObj(x.bin) || x.bin === true)) {
      const unit = barTimeUnit(ms);
      if (unit) {
        nx.timeUnit = unit;
        mark = { ...(isObj(spec.mark) ? spec.mark : { type: "bar" }), width: { band: 0.85 } };
      }
    }
  } else return spec;
  nx.axis = axis;
  return { ...spec, mark, encoding: { ...enc, x: nx } };
}

function rowCount(spec: Record<string, unknown>): number {
  const data = spec.data as { values?: unknown } | undefined;
  return data && Array.isArray(data.values) ? data.values.length : 0;
}

function chart(el: El): Widget {
  const area = h("div", { class: "stark-chart-area" });
  const node = h("div", { class: "stark-chart" }, area);
  let key = "";
  let spec: Record<string, unknown> = {};
  let theme: unknown = undefined; // "none": Vega-Lite's own look, not the page's
  let result: Result | null = null;
  let seq = 0;
  let queue: Promise<void> = Promise.resolve();
  let destroyed = false;
  let width = 0;

  // Draws are chained, each skipped when a later one is queued.
  const redraw = () => {
    const my = ++seq;
    queue = queue.then(async () => {
      if (destroyed || my !== seq) return;
      let vega: VegaModule;
      try {
        vega = await loadVega();
      } catch (e) {
        fail("Could not load the charting library: " + String(e));
        return;
      }
      if (destroyed || my !== seq) return;
      vega.hideTooltip();
      result?.finalize();
      result = null;
      // The spec as Vega-Lite takes it: no $schema (vega-embed warns about
      // a version that differs from its own), no usermeta (which could set
      // embed options over ours).
      const s: Record<string, unknown> = tuneSpec({ ...spec });
      delete s.$schema;
      delete s.usermeta;
      try {
        const r = await vega.draw(area, s, { renderer: rowCount(s) > SVG_MAX_ROWS ? "canvas" : "svg", config: chartConfig(theme) });
        if (destroyed || my !== seq) {
          r.finalize();
          return;
        }
        result = r;
        width = area.clientWidth;
        node.classList.remove("stark-chart-failed");
      } catch (e) {
        fail("Could not draw the chart: " + (e instanceof Error ? e.message : String(e)));
      }
    });
  };

  const fail = (message: string) => {
    node.classList.add("stark-chart-failed");
    area.replaceChildren(h("div", { class: "stark-chart-error", role: "alert", "data-testid": "stark-chart-error" }, message));
  };

  const update = (el: El) => {
    const s = el.spec && typeof el.spec === "object" && !Array.isArray(el.spec) ? (el.spec as Record<string, unknown>) : {};
    const height = optNum(el.height);
    const k = JSON.stringify([s, height, el.theme ?? null]);
    if (k === key) return;
    key = k;
    spec = s;
    theme = el.theme;
    // Keep the chart's place while it is drawn, so the page does not jump.
    const reserve = height ?? optNum(s.height);
    area.style.minHeight = reserve !== null ? reserve + "px" : "";
    redraw();
  };

  // A chart of width "container" follows its column: the window's resize
  // events reach Vega, but a column also changes with the sidebar, tabs and
  // the layout.
  const resized = new ResizeObserver(() => {
    const w = area.clientWidth;
    if (!result || w === width || w === 0 || spec.width !== "container") return;
    width = w;
    const view = result.view;
    view.signal("width", w);
    view.runAsync().catch(() => {});
  });
  resized.observe(area);

  shown.add(redraw);
  update(el);
  return {
    node,
    update,
    destroy: () => {
      destroyed = true;
      shown.delete(redraw);
      resized.disconnect();
      result?.finalize();
      result = null;
    },
  };
}

export const charts: Record<string, (el: El) => Widget> = {
  line_chart: chart,
  bar_chart: chart,
  area_chart: chart,
  scatter_chart: chart,
  vega_lite_chart: chart,
};
