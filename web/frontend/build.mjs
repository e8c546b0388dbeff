// Builds the browser bundle into ../static: app.js, app.css (minified) and
// index.html (the app shell). Run with `npm run build`.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static");
mkdirSync(out, { recursive: true });

const common = { bundle: true, minify: true, logLevel: "warning", legalComments: "eof", charset: "utf8" };

await build({
  ...common,
  entryPoints: [join(here, "src", "main.ts")],
  outfile: join(out, "app.js"),
  format: "iife",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
});
await build({
  ...common,
  entryPoints: [join(here, "src", "app.css")],
  outfile: join(out, "app.css"),
  target: ["chrome90", "firefox90", "safari15"],
});
copyFileSync(join(here, "src", "index.html"), join(out, "index.html"));

for (const f of ["index.html", "app.js", "app.css"]) {
  console.log(`${f.padEnd(11)} ${statSync(join(out, f)).size} bytes`);
}
