// The golden examples of the protocol (session/testdata/wire), read from
// the directory run.mjs passes in STARK_WIRE.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.STARK_WIRE ?? "";

/** name → parsed JSON of every file in sub (browser, server, elements). */
export function golden(sub: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const f of readdirSync(join(dir, sub)).sort()) {
    if (f.endsWith(".json")) out.set(f.slice(0, -5), JSON.parse(readFileSync(join(dir, sub, f), "utf8")));
  }
  if (out.size === 0) throw new Error(`no golden files in ${join(dir, sub)}`);
  return out;
}
