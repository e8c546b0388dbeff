// Runs the front end's unit tests: esbuild compiles each test/*.test.ts
// (with the sources it imports) into one ES module in a temporary
// directory, and Node's test runner runs them. The tests run in jsdom, the
// DOM the browser's code needs; setup.ts installs it before anything else.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const tests = readdirSync(here).filter((f) => f.endsWith(".test.ts")).sort();
// Inside node_modules, so that the compiled tests find jsdom there.
mkdirSync(join(here, "..", "node_modules", ".cache"), { recursive: true });
const out = mkdtempSync(join(here, "..", "node_modules", ".cache", "test-"));
try {
  await build({
    entryPoints: tests.map((f) => join(here, f)),
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node18",
    external: ["jsdom"],
    logLevel: "warning",
  });
  const files = tests.map((f) => join(out, f.replace(/\.ts$/, ".mjs")));
  const r = spawnSync(process.execPath, ["--test", ...files], {
    stdio: "inherit",
    env: { ...process.env, STARK_WIRE: resolve(here, "..", "..", "..", "session", "testdata", "wire") },
  });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
