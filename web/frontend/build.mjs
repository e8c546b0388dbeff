// Builds the browser bundle into ../static: app.js (an ES module), the
// chunks it imports on demand (the charts' Vega, chunk-HASH.js), app.css and
// index.html (the app shell). Run with `npm run build`.
//
// The build is deterministic: chunk names are hashes of their content, so a
// rebuild of unchanged sources leaves ../static as it is. Chunks of earlier
// builds are deleted, since the Go server embeds every file in ../static.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static");
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) {
  if (/^chunk-.*\.js$/.test(f)) rmSync(join(out, f));
}

const common = { bundle: true, minify: true, logLevel: "warning", legalComments: "eof", charset: "utf8" };

await build({
  ...common,
  entryPoints: { app: join(here, "src", "main.ts") },
  outdir: out,
  format: "esm",
  splitting: true,
  entryNames: "[name]",
  chunkNames: "chunk-[hash]",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
});
// The Worker of st.graphviz_chart, a file of its own: the server sends it
// with the one Content-Security-Policy that allows WebAssembly.
await build({
  ...common,
  entryPoints: [join(here, "src", "graphviz-worker.ts")],
  outfile: join(out, "graphviz-worker.js"),
  format: "iife",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
});
await build({
  ...common,
  entryPoints: [join(here, "src", "app.css")],
  outfile: join(out, "app.css"),
  external: ["*.woff2"], // the fonts copied below
  target: ["chrome90", "firefox90", "safari15"],
});
copyFileSync(join(here, "src", "index.html"), join(out, "index.html"));

// Fonts and stylesheets served as they are: the Material Symbols font of
// :material/name: icons, and KaTeX's stylesheet with its fonts (woff2 only:
// every browser stark supports takes it, so the woff and ttf are left out).
const modules = join(here, "node_modules");
rmSync(join(out, "fonts"), { recursive: true, force: true });
rmSync(join(out, "katex"), { recursive: true, force: true });
mkdirSync(join(out, "fonts"), { recursive: true });
copyFileSync(join(modules, "material-symbols", "material-symbols-rounded.woff2"), join(out, "fonts", "material-symbols-rounded.woff2"));
mkdirSync(join(out, "katex", "fonts"), { recursive: true });
const katexDist = join(modules, "katex", "dist");
const katexCSS = readFileSync(join(katexDist, "katex.min.css"), "utf8").replace(/,url\(fonts\/[\w-]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, "");
writeFileSync(join(out, "katex", "katex.min.css"), katexCSS);
for (const f of readdirSync(join(katexDist, "fonts"))) {
  if (f.endsWith(".woff2")) copyFileSync(join(katexDist, "fonts", f), join(out, "katex", "fonts", f));
}

for (const f of readdirSync(out).sort()) {
  const p = join(out, f);
  if (statSync(p).isDirectory()) continue;
  const gz = gzipSync(readFileSync(p), { level: 9 }).length;
  console.log(`${f.padEnd(22)} ${String(statSync(p).size).padStart(8)} bytes  ${String(gz).padStart(7)} gzip`);
}
