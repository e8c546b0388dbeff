// Renderers of the media and small elements: sources from the media store
// or http(s) URLs only, players' start and end, st.html sanitised.
import "./setup";
import { test } from "node:test";
import assert from "node:assert/strict";
import type { El } from "../src/elements";
import { mediaRenderers, mediaUrl } from "../src/media";

const render = (el: Partial<El> & { kind: string }) => mediaRenderers[el.kind]({ path: "main.0", ...el } as El);

test("a media source is the store's URL or an http(s) URL; any other scheme is dropped", () => {
  assert.match(mediaUrl({ media: "0123abcd" }), /\/_stark\/media\/0123abcd$/);
  assert.equal(mediaUrl({ url: "https://example.com/a.png" }), "https://example.com/a.png");
  assert.equal(mediaUrl({ url: "javascript:alert(1)" }), "");
  assert.equal(mediaUrl({ url: "data:image/png;base64,AAAA" }), "");
  assert.equal(mediaUrl({ media: "../x" }), "");
  const img = render({ kind: "image", images: [{ url: "javascript:alert(1)", caption: "c" }] });
  assert.equal(img.querySelector("img")?.getAttribute("src"), null);
  assert.equal(img.querySelector("figcaption")?.textContent, "c");
});

test("a video starts and ends where the page said, with its subtitles", () => {
  const v = render({ kind: "video", src: { media: "ab12" }, start_time: 2, end_time: 5, loop: false, autoplay: false, muted: true, subtitles: [{ label: "English", media: "cd34" }] });
  const video = v.querySelector("video") as HTMLVideoElement;
  assert.match(video.getAttribute("src") ?? "", /\/_stark\/media\/ab12#t=2,5$/);
  assert.equal(video.muted, true);
  const track = video.querySelector("track");
  assert.equal(track?.getAttribute("label"), "English");
  assert.match(track?.getAttribute("src") ?? "", /\/_stark\/media\/cd34$/);
});

test("st.html keeps the markup and drops scripts and handlers", () => {
  const d = render({ kind: "html", body: '<b id="ok">hi</b><script>x()</script><img src="x" onerror="y()">' });
  assert.ok(d.querySelector("b#ok"));
  assert.equal(d.querySelector("script"), null);
  assert.equal(d.querySelector("img")?.getAttribute("onerror"), null);
});

test("a badge is a coloured label with its icon", () => {
  const b = render({ kind: "badge", label: "New", color: "grey", icon: "🔥" });
  assert.ok(b.querySelector(".stark-md-badge-gray"));
  assert.match(b.textContent ?? "", /🔥 New/);
});

test("a component frame is sandboxed with scripts only, from its own URL or an http(s) URL", () => {
  const f = mediaRenderers.iframe({ kind: "iframe", path: "main.0", html: "ab12", height: 200, width: null, scrolling: false } as unknown as El).querySelector("iframe") as HTMLIFrameElement;
  assert.equal(f.getAttribute("sandbox"), "allow-scripts");
  assert.match(f.src, /\/_stark\/component\/ab12$/);
  assert.equal(f.style.height, "200px");
  assert.equal(f.getAttribute("scrolling"), "no");
  const g = mediaRenderers.iframe({ kind: "iframe", path: "main.0", url: "javascript:alert(1)", scrolling: true } as unknown as El).querySelector("iframe") as HTMLIFrameElement;
  assert.equal(g.getAttribute("src"), null);
  assert.equal(g.getAttribute("sandbox"), "allow-scripts");
  const u = mediaRenderers.iframe({ kind: "iframe", path: "main.0", url: "https://example.com/x", width: 300 } as unknown as El).querySelector("iframe") as HTMLIFrameElement;
  assert.equal(u.src, "https://example.com/x");
  assert.equal(u.style.width, "300px");
  assert.equal(u.style.height, "150px");
});
