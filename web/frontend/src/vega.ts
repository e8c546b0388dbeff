// The Vega half of the charts, loaded (as its own chunk) only by a page that
// has a chart: vega-embed with Vega and Vega-Lite, run by vega-interpreter so
// that no expression is compiled with Function() (the server's CSP has no
// 'unsafe-eval'), and a tooltip built from text nodes.
import embed, { type Result, type VisualizationSpec } from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

export type { Result };

export interface DrawOptions {
  renderer: "svg" | "canvas";
  config: Record<string, unknown>;
}

/** Renders a Vega-Lite spec into node (replacing what it held). */
export function draw(node: HTMLElement, spec: Record<string, unknown>, opts: DrawOptions): Promise<Result> {
  return embed(node, spec as VisualizationSpec, {
    mode: "vega-lite",
    renderer: opts.renderer,
    config: opts.config,
    ast: true,
    expr: expressionInterpreter,
    actions: false,
    tooltip: showTooltip,
  });
}

// ---- tooltip ----------------------------------------------------------------

let tip: HTMLDivElement | null = null;

function tooltipBox(): HTMLDivElement {
  if (!tip) {
    tip = document.createElement("div");
    tip.className = "stark-chart-tooltip";
    tip.setAttribute("role", "tooltip");
    tip.setAttribute("data-testid", "stark-chart-tooltip");
    tip.hidden = true;
    document.body.append(tip);
  }
  return tip;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") {
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
}

/**
 * A Vega tooltip handler: the value is what the spec's tooltip encoding
 * gives (an object of title to formatted value, or a string), shown as text.
 */
function showTooltip(_handler: unknown, event: MouseEvent, _item: unknown, value: unknown): void {
  const box = tooltipBox();
  if (value === null || value === undefined || value === "") {
    box.hidden = true;
    return;
  }
  const rows: Node[] = [];
  if (typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.textContent = k;
      const td = document.createElement("td");
      td.textContent = text(v);
      tr.append(th, td);
      rows.push(tr);
    }
    const table = document.createElement("table");
    table.append(...rows);
    box.replaceChildren(table);
  } else {
    box.textContent = text(value);
  }
  box.hidden = false;
  // Beside the pointer, kept inside the window.
  const pad = 12;
  const w = box.offsetWidth;
  const h = box.offsetHeight;
  let x = event.clientX + pad;
  let y = event.clientY + pad;
  if (x + w > window.innerWidth - 4) x = Math.max(4, event.clientX - pad - w);
  if (y + h > window.innerHeight - 4) y = Math.max(4, event.clientY - pad - h);
  box.style.left = x + "px";
  box.style.top = y + "px";
}

/** Hides the tooltip (a chart re-rendered or removed under the pointer). */
export function hideTooltip(): void {
  if (tip) tip.hidden = true;
}
