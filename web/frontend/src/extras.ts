// st.feedback (a widget) and st.map (points on a plain equirectangular
// projection drawn as SVG, so that it works offline); docs/elements.md.
import { h, num, optNum, str } from "./dom";
import type { El } from "./elements";
import type { Widget, WidgetCtx } from "./widgets";

const FACES = ["sentiment_very_dissatisfied", "sentiment_dissatisfied", "sentiment_neutral", "sentiment_satisfied", "sentiment_very_satisfied"];
const FACE_NAMES = ["very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"];

/** The icon and accessible name of option i of a feedback kind. */
function feedbackOption(kind: string, i: number): { icon: string; name: string } {
  if (kind === "faces") return { icon: FACES[i], name: FACE_NAMES[i] };
  if (kind === "stars") return { icon: "star", name: `${i + 1} star${i === 0 ? "" : "s"}` };
  return i === 0 ? { icon: "thumb_down", name: "thumbs down" } : { icon: "thumb_up", name: "thumbs up" };
}

function feedback(el: El, ctx: WidgetCtx): Widget {
  const node = h("div", { class: "stark-feedback", role: "group", "aria-label": "Feedback" });
  let kind = "";
  let value: number | null = null;
  let buttons: HTMLButtonElement[] = [];
  const paint = () => {
    buttons.forEach((b, i) => {
      const on = value !== null && (kind === "stars" ? i <= value : i === value);
      b.classList.toggle("stark-feedback-on", on);
      b.setAttribute("aria-pressed", String(value === i));
    });
  };
  const build = (k: string) => {
    kind = k === "faces" || k === "stars" ? k : "thumbs";
    const n = kind === "thumbs" ? 2 : 5;
    buttons = [];
    node.replaceChildren();
    node.dataset.options = kind;
    for (let i = 0; i < n; i++) {
      const o = feedbackOption(kind, i);
      const b = h("button", { type: "button", class: "stark-feedback-btn", "aria-label": o.name, title: o.name },
        h("span", { class: "stark-icon", "aria-hidden": "true" }, o.icon));
      b.addEventListener("click", () => {
        value = value === i ? null : i; // a click on the chosen one takes it back
        paint();
        ctx.send(value);
      });
      buttons.push(b);
      node.append(b);
    }
  };
  const update = (el: El) => {
    if (str(el.options) !== kind) build(str(el.options));
    value = typeof el.value === "number" ? el.value : null;
    for (const b of buttons) b.disabled = el.disabled === true;
    paint();
  };
  update(el);
  return { node, update };
}

export const extraWidgets: Record<string, (el: El, ctx: WidgetCtx) => Widget> = { feedback };

const SVG = "http://www.w3.org/2000/svg";

function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  return n;
}

const METERS_PER_DEGREE = 111_320;

/** The world's width in Web Mercator units: one tile at zoom 0. */
const WORLD = 256;
const EARTH_CIRCUMFERENCE = 40_075_016.686;
/** The width in pixels the tile zoom is chosen for (the map scales with its container). */
const NOMINAL_WIDTH = 720;
/** At most this many tiles in one map. */
const MAX_TILES = 64;

/** Web Mercator: x and y of a point, 0 to WORLD (y down), latitudes clamped to the projection's ±85.05°. */
function mercator(lat: number, lon: number): [number, number] {
  const phi = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  return [((lon + 180) / 360) * WORLD, ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * WORLD];
}

/** A tile's URL from the template: {z}, {x} and {y} replaced by integers only. */
export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template.replace("{z}", String(z)).replace("{x}", String(x)).replace("{y}", String(y));
}

/** st.map over the app's tiles ([map] tiles): the points in Web Mercator, over the tiles that cover the view. */
function tiledMap(el: El, lat: number[], lon: number[], n: number, height: number, template: string): HTMLElement {
  const xy = Array.from({ length: n }, (_, i) => mercator(lat[i], lon[i]));
  let x0 = 0, x1 = WORLD, y0 = 0, y1 = WORLD;
  if (n > 0) {
    x0 = Math.min(...xy.map((p) => p[0])); x1 = Math.max(...xy.map((p) => p[0]));
    y0 = Math.min(...xy.map((p) => p[1])); y1 = Math.max(...xy.map((p) => p[1]));
  }
  const zoom = optNum(el.zoom);
  // As the plain map: 360° (the world) at zoom 0, halved by each level.
  const w = zoom !== null ? WORLD / 2 ** zoom : Math.min(WORLD, Math.max(x1 - x0, (y1 - y0) * 2, WORLD / 2 ** 18) * 1.2);
  const hgt = w / 2;
  const cx = (x0 + x1) / 2, cy = Math.max(hgt / 2, Math.min(WORLD - hgt / 2, (y0 + y1) / 2));
  const view = [cx - w / 2, cy - hgt / 2, w, hgt];
  const root = svg("svg", { class: "stark-map-svg stark-map-tiled", viewBox: view.join(" "), preserveAspectRatio: "xMidYMid slice", role: "img", "aria-label": `Map of ${n} point${n === 1 ? "" : "s"}` });
  // The tile zoom: tiles of about 256 pixels at the nominal width.
  const z = Math.max(0, Math.min(19, Math.round(Math.log2((NOMINAL_WIDTH / w) ))));
  const ts = WORLD / 2 ** z;
  const tiles = svg("g", { class: "stark-map-tiles" });
  const count = 2 ** z;
  let drawn = 0;
  for (let ty = Math.floor(view[1] / ts); ty * ts < view[1] + hgt && drawn < MAX_TILES; ty++) {
    if (ty < 0 || ty >= count) continue;
    for (let tx = Math.floor(view[0] / ts); tx * ts < view[0] + w && drawn < MAX_TILES; tx++) {
      const wrapped = ((tx % count) + count) % count;
      const img = svg("image", { x: tx * ts, y: ty * ts, width: ts, height: ts, class: "stark-map-tile", preserveAspectRatio: "none" });
      img.setAttribute("href", tileUrl(template, z, wrapped, ty));
      tiles.append(img);
      drawn++;
    }
  }
  root.append(tiles);
  const pts = svg("g", { class: "stark-map-points" });
  const minR = w / 250;
  for (let i = 0; i < n; i++) {
    const size = Array.isArray(el.size) ? num(el.size[i], 100) : num(el.size, 100);
    const color = Array.isArray(el.color) ? str(el.color[i]) : str(el.color);
    const metersPerUnit = (EARTH_CIRCUMFERENCE * Math.cos((lat[i] * Math.PI) / 180)) / WORLD;
    const c = svg("circle", { cx: xy[i][0], cy: xy[i][1], r: Math.max(size / Math.max(metersPerUnit, 1), minR), class: "stark-map-point" });
    (c as SVGElement).style.fill = color || "#ff4b4bcc";
    pts.append(c);
  }
  root.append(pts);
  const box = h("div", { class: "stark-map" });
  box.style.height = height + "px";
  box.append(root);
  const attribution = str(el.attribution);
  if (attribution) box.append(h("div", { class: "stark-map-attribution" }, attribution));
  return box;
}

/** st.map: x is the longitude, y the negated latitude, in degrees (or Web Mercator over tiles, when the app has a tile server). */
function mapEl(el: El): HTMLElement {
  const lat = Array.isArray(el.lat) ? el.lat.map((v) => num(v, 0)) : [];
  const lon = Array.isArray(el.lon) ? el.lon.map((v) => num(v, 0)) : [];
  const n = Math.min(lat.length, lon.length);
  const height = optNum(el.height) ?? 400;
  const template = str(el.tiles);
  if (/^https?:\/\//i.test(template)) return tiledMap(el, lat, lon, n, height, template);
  // The view: the points' bounds with a margin, or a span set by the zoom
  // (360° at zoom 0, halved by each level) around their centre.
  let x0 = -180, x1 = 180, y0 = -90, y1 = 90;
  if (n > 0) {
    x0 = Math.min(...lon.slice(0, n)); x1 = Math.max(...lon.slice(0, n));
    y0 = Math.min(...lat.slice(0, n)); y1 = Math.max(...lat.slice(0, n));
  }
  const zoom = optNum(el.zoom);
  let span: number;
  if (zoom !== null) span = 360 / 2 ** zoom;
  else span = Math.max(x1 - x0, (y1 - y0) * 2, 0.02) * 1.2;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const w = span, hgt = span / 2;
  const view = [cx - w / 2, -cy - hgt / 2, w, hgt];
  const root = svg("svg", { class: "stark-map-svg", viewBox: view.join(" "), preserveAspectRatio: "xMidYMid slice", role: "img", "aria-label": `Map of ${n} point${n === 1 ? "" : "s"}` });
  root.append(svg("rect", { x: -180, y: -90, width: 360, height: 180, class: "stark-map-sea" }));
  // A graticule: lines every step degrees, the step fitted to the view.
  const step = [30, 10, 5, 1, 0.5, 0.1, 0.05, 0.01].find((s) => w / s >= 4) ?? 0.01;
  const grid = svg("g", { class: "stark-map-grid" });
  for (let x = Math.ceil((view[0]) / step) * step; x <= view[0] + w; x += step) grid.append(svg("line", { x1: x, x2: x, y1: view[1], y2: view[1] + hgt, "vector-effect": "non-scaling-stroke" }));
  for (let y = Math.ceil(view[1] / step) * step; y <= view[1] + hgt; y += step) grid.append(svg("line", { y1: y, y2: y, x1: view[0], x2: view[0] + w, "vector-effect": "non-scaling-stroke" }));
  root.append(grid);
  const pts = svg("g", { class: "stark-map-points" });
  const minR = w / 250; // at least about 2 pixels in a 500-pixel map
  for (let i = 0; i < n; i++) {
    const size = Array.isArray(el.size) ? num(el.size[i], 100) : num(el.size, 100);
    const color = Array.isArray(el.color) ? str(el.color[i]) : str(el.color);
    const c = svg("circle", { cx: lon[i], cy: -lat[i], r: Math.max(size / METERS_PER_DEGREE, minR), class: "stark-map-point" });
    (c as SVGElement).style.fill = color || "#ff4b4bcc";
    pts.append(c);
  }
  root.append(pts);
  const box = h("div", { class: "stark-map" });
  box.style.height = height + "px";
  box.append(root);
  return box;
}

export const extraRenderers: Record<string, (el: El) => HTMLElement> = { map: mapEl };
