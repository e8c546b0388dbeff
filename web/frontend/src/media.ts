// The media elements (image, audio, video, logo, pdf) and the small ones
// (latex, badge, html, balloons, snow). A file of the app's media store is
// fetched from /_stark/media/HASH under the app's base (served inline,
// with Range requests, so a video seeks); a URL is loaded by the browser
// only when it is http or https.
import { h, iconNode, str } from "./dom";
import type { El } from "./elements";
import { httpUrl } from "./files";
import { setLatex, setSanitisedHtml } from "./markdown";

/** The URL of a media source ({media} or {url}), or "" when it has neither. */
export function mediaUrl(src: unknown): string {
  if (typeof src !== "object" || src === null) return "";
  const s = src as { media?: unknown; url?: unknown };
  if (typeof s.media === "string" && /^[0-9a-f]+$/.test(s.media)) return httpUrl("/_stark/media/" + s.media);
  if (typeof s.url === "string") {
    // Only http and https, absolute: never javascript: or data:.
    return /^https?:\/\//i.test(s.url) ? httpUrl(s.url) : "";
  }
  return "";
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** Sets up a player's start, end and loop: the media fragment for the browser, and the end kept by script. */
function player(node: HTMLMediaElement, el: El): HTMLMediaElement {
  const start = num(el.start_time) ?? 0;
  const end = num(el.end_time);
  const url = mediaUrl(el.src);
  node.controls = true;
  node.preload = "metadata";
  if (el.autoplay === true) node.autoplay = true;
  if (el.muted === true) node.muted = true;
  if (el.loop === true && start === 0 && end === null) node.loop = true;
  node.src = url && (start > 0 || end !== null) ? url + "#t=" + start + (end !== null ? "," + end : "") : url;
  node.addEventListener("timeupdate", () => {
    if (end !== null && node.currentTime >= end) {
      if (el.loop === true) node.currentTime = start;
      else node.pause();
    }
  });
  node.addEventListener("ended", () => {
    if (el.loop === true && !node.loop) {
      node.currentTime = start;
      void node.play().catch(() => {});
    }
  });
  return node;
}

function image(el: El): HTMLElement {
  const out = h("div", { class: "stark-images" });
  for (const it of Array.isArray(el.images) ? el.images : []) {
    const img = h("img", { class: "stark-image", alt: str((it as { caption?: unknown }).caption), loading: "lazy" });
    const url = mediaUrl(it);
    if (url) img.src = url;
    const fig = h("figure", { class: "stark-figure" }, img);
    const cap = (it as { caption?: unknown }).caption;
    if (typeof cap === "string" && cap !== "") fig.append(h("figcaption", { class: "stark-caption" }, cap));
    out.append(fig);
  }
  return out;
}

function video(el: El): HTMLElement {
  const v = player(h("video", { class: "stark-video", playsinline: "" }), el) as HTMLVideoElement;
  let first = true;
  for (const s of Array.isArray(el.subtitles) ? el.subtitles : []) {
    const t = s as { label?: unknown; media?: unknown };
    const url = mediaUrl({ media: t.media });
    if (!url) continue;
    const track = h("track", { kind: "subtitles", label: str(t.label), src: url });
    if (first) track.default = true;
    first = false;
    v.append(track);
  }
  return h("div", { class: "stark-video-w" }, v);
}

function logo(el: El): HTMLElement {
  const size = el.size === "small" || el.size === "large" ? el.size : "medium";
  const img = h("img", { class: "stark-logo-image", alt: "logo" });
  const url = mediaUrl(el.image);
  if (url) img.src = url;
  const kids: HTMLElement[] = [img];
  const icon = mediaUrl(el.icon_image);
  if (icon) {
    const i = h("img", { class: "stark-logo-icon", alt: "logo" });
    i.src = icon;
    kids.push(i);
  }
  const link = typeof el.link === "string" ? httpUrl(el.link) : "";
  const inner = link ? h("a", { href: link, target: "_blank", rel: "noopener noreferrer" }, ...kids) : h("span", null, ...kids);
  return h("div", { class: "stark-logo stark-logo-" + size }, inner);
}

function pdf(el: El): HTMLElement {
  const url = mediaUrl({ media: el.media });
  const f = h("iframe", { class: "stark-pdf", title: "PDF document" });
  if (url) f.src = url;
  const height = num(el.height);
  if (height !== null) f.style.height = height + "px";
  else f.classList.add("stretch");
  return h("div", { class: "stark-pdf-w" }, f);
}

/**
 * st.components.v1.html and .iframe: a frame sandboxed with
 * sandbox="allow-scripts" and never allow-same-origin, so what it runs
 * has an opaque origin and reaches neither this page, nor its socket, nor
 * its cookies. The HTML comes from /_stark/component/HASH (served under its
 * own sandboxing policy); a URL only when http or https.
 */
export function componentFrame(el: El): HTMLElement {
  const f = h("iframe", { class: "stark-iframe", title: "component" }) as HTMLIFrameElement;
  // The sandbox is set before the source, so the first load is sandboxed.
  f.setAttribute("sandbox", "allow-scripts");
  f.setAttribute("referrerpolicy", "no-referrer");
  const hash = str(el.html);
  const url = /^[0-9a-f]+$/.test(hash) ? httpUrl("/_stark/component/" + hash) : typeof el.url === "string" && /^https?:\/\//i.test(el.url) ? httpUrl(el.url) : "";
  if (url) f.src = url;
  if (el.scrolling !== true) f.setAttribute("scrolling", "no");
  f.style.height = (num(el.height) ?? 150) + "px";
  const width = num(el.width);
  if (width !== null) f.style.width = width + "px";
  return h("div", { class: "stark-iframe-w" }, f);
}

function badge(el: El): HTMLElement {
  const color = str(el.color) === "grey" ? "gray" : str(el.color) || "blue";
  const b = h("span", { class: "stark-badge stark-md-badge stark-md-badge-" + color });
  const icon = iconNode(el.icon, "stark-badge-icon");
  if (icon) b.append(icon, " ");
  b.append(str(el.label));
  const help = str(el.help);
  if (help) {
    b.title = help;
    b.setAttribute("aria-label", str(el.label) + " (" + help + ")");
  }
  if (el.width === "stretch") b.classList.add("stark-badge-stretch");
  else if (typeof el.width === "number") {
    b.style.width = el.width + "px";
    b.style.maxWidth = "100%";
  }
  return h("div", { class: "stark-badge-w" }, b);
}

const reducedMotion = (): boolean => typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

/** A short animation over the page (balloons rising, snow falling); none for a reader who asked for reduced motion. */
function celebrate(kind: "balloons" | "snow"): (el: El) => HTMLElement {
  return () => {
    const node = h("div", { class: "stark-celebrate-anchor", "aria-hidden": "true" });
    if (reducedMotion()) return node;
    const fx = h("div", { class: "stark-celebrate stark-" + kind + "-fx", "aria-hidden": "true" });
    const glyphs = kind === "balloons" ? ["🎈", "🎈", "🎈", "🎉"] : ["❄", "❅", "❆"];
    for (let i = 0; i < 30; i++) {
      const p = h("span", null, glyphs[i % glyphs.length]);
      p.style.left = ((i * 37) % 100) + "%";
      p.style.animationDelay = ((i * 7) % 10) / 10 + "s";
      fx.append(p);
    }
    document.body.append(fx);
    setTimeout(() => fx.remove(), 4500);
    return node;
  };
}

export const mediaRenderers: Record<string, (el: El) => HTMLElement> = {
  image,
  audio: (el) => h("div", { class: "stark-audio-w" }, player(h("audio", { class: "stark-audio" }), el)),
  video,
  logo,
  pdf,
  iframe: componentFrame,
  latex: (el) => {
    const d = h("div", { class: "stark-latex" });
    setLatex(d, el.body);
    if (typeof el.help === "string" && el.help !== "") d.title = el.help;
    return d;
  },
  badge,
  html: (el) => {
    const d = h("div", { class: "stark-html" });
    setSanitisedHtml(d, el.body);
    return d;
  },
  graphviz_chart: (el) => {
    const d = h("div", { class: "stark-graphviz", "data-state": "loading" });
    void import("./graphviz").then((m) => m.draw(d, str(el.dot), el.width));
    return d;
  },
  balloons: celebrate("balloons"),
  snow: celebrate("snow"),
};
