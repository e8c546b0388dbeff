// The charts' axes: short category labels horizontal, one date format, bars
// on a time axis a time unit wide.
import "./setup";
import { test } from "node:test";
import assert from "node:assert/strict";
import { barTimeUnit, chartConfig, dateAxisFormat, tuneSpec } from "../src/charts";

const day = (s: string) => Date.parse(s);

test("short category labels are horizontal; long ones are left to Vega", () => {
  const spec = (labels: string[]) => ({
    mark: "bar", data: { values: labels.map((l) => ({ c: l, v: 1 })) },
    encoding: { x: { field: "c", type: "nominal" }, y: { field: "v", type: "quantitative" } },
  });
  const x = (s: Record<string, unknown>) => (s.encoding as { x: { axis?: { labelAngle?: number } } }).x;
  assert.equal(x(tuneSpec(spec(["north", "south"]))).axis?.labelAngle, 0);
  assert.equal(x(tuneSpec(spec(["a rather long category name", "b"]))).axis?.labelAngle, undefined);
  const own = spec(["a"]);
  (own.encoding.x as Record<string, unknown>).axis = { labelAngle: -45 };
  assert.equal(x(tuneSpec(own)).axis?.labelAngle, -45); // the page's own angle stays
});

test("a date axis has one format for its span, labels that do not overlap, bars a unit wide", () => {
  assert.equal(dateAxisFormat([day("2024-01-01"), day("2024-01-20")]), "%b %d");
  assert.equal(dateAxisFormat([day("2024-01-01"), day("2024-12-01")]), "%b %Y");
  assert.equal(dateAxisFormat([day("2010-01-01"), day("2024-12-01")]), "%Y");
  assert.equal(barTimeUnit([day("2024-01-01"), day("2024-02-01")]), "utcyearmonth");
  assert.equal(barTimeUnit([day("2024-01-01"), day("2024-01-02")]), "utcyearmonthdate");
  assert.equal(barTimeUnit([day("2023-01-01"), day("2024-01-01")]), "utcyear");
  assert.equal(barTimeUnit([Date.parse("2024-01-01T10:30:00Z")]), "");
  const s = tuneSpec({
    mark: { type: "bar" }, data: { values: [{ d: "2024-01-01", v: 1 }, { d: "2024-01-02", v: 2 }] },
    encoding: { x: { field: "d", type: "temporal" }, y: { field: "v", type: "quantitative" } },
  });
  const x = (s.encoding as { x: Record<string, unknown> }).x;
  assert.equal(x.timeUnit, "utcyearmonthdate");
  assert.deepEqual(x.axis, { format: "%b %d", labelOverlap: true, labelSeparation: 12, labelFlush: true });
  assert.deepEqual((s.mark as { width: unknown }).width, { band: 0.85 });
});

test("a chart takes the page's theme; theme=None (\"none\") leaves Vega-Lite's own look", () => {
  const themed = chartConfig(undefined);
  assert.equal(themed.background, "transparent");
  assert.ok(themed.axis && themed.range);
  assert.deepEqual(chartConfig("none"), {});
});
