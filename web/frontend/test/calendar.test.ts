// The date picker's format and calendar, and the time list.
import "./setup";
import { test } from "node:test";
import assert from "node:assert/strict";
import { addDays, dateFormat, fmtDate, monthGrid, parseDate } from "../src/calendar";
import { parseTime, timeList } from "../src/pickers";

test("fmtDate shows an ISO date in the page's format, YYYY/MM/DD by default", () => {
  assert.equal(fmtDate("2025-06-01", "YYYY/MM/DD"), "2025/06/01");
  assert.equal(fmtDate("2025-06-01", "DD.MM.YYYY"), "01.06.2025");
  assert.equal(fmtDate("2025-06-01", "MM-DD-YYYY"), "06-01-2025");
  assert.equal(fmtDate("2025-06-01", "nonsense"), "2025/06/01");
  assert.equal(fmtDate("June", "YYYY/MM/DD"), "");
  assert.equal(dateFormat("YYYY/YYYY/DD"), "YYYY/MM/DD");
});

test("parseDate reads a date written in the format, and refuses what is not one", () => {
  assert.equal(parseDate("01.06.2025", "DD.MM.YYYY"), "2025-06-01");
  assert.equal(parseDate(" 2025/6/1 ", "YYYY/MM/DD"), "2025-06-01");
  assert.equal(parseDate("2025-06-01", "YYYY/MM/DD"), null); // another separator
  assert.equal(parseDate("2025/06/31", "YYYY/MM/DD"), null); // 31 June
  assert.equal(parseDate("2025/13/01", "YYYY/MM/DD"), null);
  assert.equal(parseDate("", "YYYY/MM/DD"), null);
});

test("monthGrid gives the month's weeks from Sunday, with the days around it", () => {
  const g = monthGrid("2025-06-15"); // 1 June 2025 is a Sunday
  assert.equal(g[0][0], "2025-06-01");
  assert.equal(g.length, 5);
  assert.equal(g[4][6], "2025-07-05");
  const f = monthGrid("2026-02-01"); // a Sunday too: four weeks exactly
  assert.equal(f.length, 4);
  assert.equal(monthGrid("2024-03-01")[0][0], "2024-02-25");
  assert.equal(addDays("2024-02-28", 1), "2024-02-29");
});

test("the time list runs every step through the day; typed times are read", () => {
  const t = timeList(900);
  assert.equal(t.length, 96);
  assert.equal(t[1], "00:15");
  assert.equal(t[95], "23:45");
  assert.equal(timeList(10).length, 24 * 60); // less than a minute: every minute
  assert.equal(parseTime("9:07"), "09:07");
  assert.equal(parseTime("1830"), "18:30");
  assert.equal(parseTime("24:00"), null);
  assert.equal(parseTime("noon"), null);
});
