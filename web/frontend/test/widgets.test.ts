// Widgets' value display: a temporal slider's moment.js-style format.
import "./setup";
import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtMoment, fraction } from "../src/widgets";
import { fmtCellNumber, fmtNum } from "../src/dom";
import { filterOptions } from "../src/combo";

test("fmtMoment formats seconds of a wall clock read as UTC with moment.js tokens", () => {
  const t = Date.UTC(2024, 2, 1, 14, 5, 9) / 1000; // Friday 1 March 2024, 14:05:09
  assert.equal(fmtMoment(t, "YYYY-MM-DD"), "2024-03-01");
  assert.equal(fmtMoment(t, "MM/DD/YY - hh:mm a"), "03/01/24 - 02:05 pm");
  assert.equal(fmtMoment(t, "dddd, MMMM Do YYYY, HH:mm:ss"), "Friday, March 1st 2024, 14:05:09");
  assert.equal(fmtMoment(t, "ddd D MMM [at] H:mm A"), "Fri 1 Mar at 14:05 PM");
  assert.equal(fmtMoment(9 * 3600 + 30 * 60, "HH:mm"), "09:30");
  assert.equal(fmtMoment(Date.UTC(2024, 0, 12) / 1000, "Do"), "12th");
});

test("fraction places a value on a slider's track, clamped to its ends", () => {
  assert.equal(fraction(25, 0, 100), 0.25);
  assert.equal(fraction(-5, 0, 100), 0);
  assert.equal(fraction(500, 0, 100), 1);
  assert.equal(fraction(3, 3, 3), 0); // an empty range
});

test("fmtNum takes Streamlit's printf-like formats", () => {
  assert.equal(fmtNum(42, "%d%%", false, 1), "42%");
  assert.equal(fmtNum(3.14159, "%.2f", true, 0.01), "3.14");
  assert.equal(fmtNum(1234567, "%,d", false, 1), "1,234,567");
  assert.equal(fmtNum(0.5, null, true, 0.05), "0.50");
});

test("filterOptions matches anywhere, case-insensitively, prefixes first, leaving out the picked", () => {
  const opts = ["Cherry", "apple", "Elderberry", "banana", "berry"];
  assert.deepEqual(filterOptions(opts, "ERR"), [0, 2, 4]);
  assert.deepEqual(filterOptions(opts, "b"), [3, 4, 2]);
  assert.deepEqual(filterOptions(opts, "", [1, 3]), [0, 2, 4]);
  assert.deepEqual(filterOptions(opts, "zz"), []);
});

test("fmtCellNumber: thousands separators, floats to 4 decimals trimmed, as Streamlit's grid", () => {
  assert.equal(fmtCellNumber(1234567), "1,234,567");
  assert.equal(fmtCellNumber(-1234.5), "-1,234.5");
  assert.equal(fmtCellNumber(3.14159265), "3.1416");
  assert.equal(fmtCellNumber(2.5), "2.5");
  assert.equal(fmtCellNumber(0), "0");
  assert.equal(fmtCellNumber(1e16), "1.000e+16");
  assert.equal(fmtCellNumber(0.00001), "1.000e-5");
});
