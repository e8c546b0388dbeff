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

function rowCount(spec: Record<string, unknown>): number {
  const data = spec.data as { values?: unknown } | undefined;
  return data && Array.isArray(data.values) ? data.values.length : 0;
}

function chart(el: El): Widget {
  const area = h("div", { class: "stark-chart-area" });
  const node = h("div", { class: "stark-chart" }, area);
  let key = "";
  let spec: Record<string, unknown> = {};
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
      const s: Record<string, unknown> = { ...spec };
      delete s.$schema;
      delete s.usermeta;
      try {
        const r = await vega.draw(area, s, { renderer: rowCount(s) > SVG_MAX_ROWS ? "canvas" : "svg", config: themeConfig() });
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
    const k = JSON.stringify([s, height]);
    if (k === key) return;
    key = k;
    spec = s;
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
