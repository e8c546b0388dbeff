// The dataframe grid's column types (st.column_config) and its selection:
// what a cell shows, and what a row checkbox sends.
import "./setup";
import { test } from "node:test";
import assert from "node:assert/strict";
import { grids, linkText, listItems } from "../src/dataframe";
import type { El } from "../src/elements";
import type { WidgetCtx } from "../src/widgets";

function grid(el: Partial<El>, sent: unknown[] = []) {
  const ctx = { send: (v: unknown) => sent.push(v), request: () => true, id: () => "df" } as unknown as WidgetCtx;
  return grids.dataframe({ kind: "dataframe", path: "main.0", ...el } as El, ctx);
}

const cellsOf = (node: HTMLElement, row: number) =>
  [...node.querySelectorAll(`.stark-df-row[data-row="${row}"] .stark-df-td`)] as HTMLElement[];

test("column types: checkbox, link (http/https only), image (https only), progress, list, chart, date, number", () => {
  const cols = ["ok", "site", "bad", "pic", "p", "tags", "trend", "day", "price"];
  const w = grid({
    columns: cols.map((name) => ({ name, type: name === "ok" ? "bool" : name === "p" || name === "price" ? "float" : "string" })),
    num_rows: 1,
    rows: [[true, "https://x.test/a", "javascript:alert(1)", "http://x.test/i.png", 0.25, "a, b", "[1, 3, 2]", "2024-05-01", 3.5]],
    column_config: {
      ok: { type: "checkbox" },
      site: { type: "link", display_text: "x.test/(.*)" },
      bad: { type: "link" },
      pic: { type: "image" },
      p: { type: "progress" },
      tags: { type: "list" },
      trend: { type: "bar_chart" },
      day: { type: "date", format: "DD.MM.YYYY" },
      price: { type: "number", format: "$%.2f" },
    },
  });
  const c = cellsOf(w.node, 0);
  assert.equal(c[0].textContent, "✓");
  const a = c[1].querySelector("a");
  assert.equal(a?.getAttribute("href"), "https://x.test/a");
  assert.equal(a?.textContent, "a");
  assert.equal(c[2].querySelector("a"), null);
  assert.equal(c[2].textContent, "javascript:alert(1)");
  assert.equal(c[3].querySelector("img"), null, "an http image is not loaded (the CSP allows https)");
  assert.equal(c[4].querySelector("[role=progressbar]")?.getAttribute("aria-valuenow"), "0.25");
  assert.equal(c[4].textContent, "25%");
  assert.deepEqual([...c[5].querySelectorAll(".stark-df-chip")].map((x) => x.textContent), ["a", "b"]);
  assert.equal(c[6].querySelectorAll("svg rect").length, 3);
  assert.equal(c[7].textContent, "01.05.2024");
  assert.equal(c[8].textContent, "$3.50");
});

test("list cells and link texts", () => {
  assert.deepEqual(listItems("[1, 2]"), [1, 2]);
  assert.deepEqual(listItems("a, b"), ["a", "b"]);
  assert.deepEqual(listItems(""), []);
  assert.equal(linkText("https://a.test/x", "open"), "open");
  assert.equal(linkText("https://a.test/x", "a\\.test/(.*)"), "x");
  assert.equal(linkText("https://a.test/x", undefined), "https://a.test/x");
});

test("a row checkbox sends the selection by data position; single-row replaces", () => {
  const sent: unknown[] = [];
  const el = { columns: [{ name: "a", type: "int" }], num_rows: 3, rows: [[10], [20], [30]], selection_mode: ["single-row", "multi-column"], selection: { rows: [1], columns: [] }, hide_index: false };
  const w = grid(el, sent);
  document.body.append(w.node); // a checkbox's click changes it only when connected
  const box = (i: number) => w.node.querySelector(`.stark-df-row[data-row="${i}"] .stark-df-select`) as HTMLInputElement;
  assert.ok(box(1).checked);
  assert.equal(cellsOf(w.node, 2)[1].textContent, "2", "the index column shows positions");
  box(2).click();
  assert.deepEqual(sent.at(-1), { rows: [2], columns: [] });
  const col = w.node.querySelector(".stark-df-colselect") as HTMLInputElement;
  assert.equal(col.getAttribute("aria-label"), "Select column a");
  col.click();
  assert.deepEqual(sent.at(-1), { rows: [2], columns: ["a"] });
  w.node.remove();
});

test("in a form the selection waits for the submit: value() gives it; clear_on_submit's update restores the page's", () => {
  const el = { columns: [{ name: "a", type: "int" }, { name: "b", type: "int" }], num_rows: 3, rows: [[1, 4], [2, 5], [3, 6]],
    selection_mode: ["multi-row", "multi-column"], selection: { rows: [], columns: [] }, form: "f" };
  const w = grid(el);
  document.body.append(w.node);
  assert.deepEqual(w.value?.(), { rows: [], columns: [] });
  const box = (i: number) => w.node.querySelector(`.stark-df-row[data-row="${i}"] .stark-df-select`) as HTMLInputElement;
  box(2).click();
  box(0).click();
  (w.node.querySelectorAll(".stark-df-colselect")[1] as HTMLInputElement).click();
  assert.deepEqual(w.value?.(), { rows: [0, 2], columns: ["b"] });
  w.update(el as unknown as El, true); // the form cleared on submit
  assert.deepEqual(w.value?.(), { rows: [], columns: [] });
  assert.equal(box(0).checked, false);
  w.node.remove();
  // Without a selection mode a dataframe has no value.
  assert.equal(grid({ columns: [{ name: "a", type: "int" }], num_rows: 1, rows: [[1]] }).value?.(), undefined);
});

// ---- the data editor ------------------------------------------------------------

import { parseInput, sourceOf } from "../src/dataframe";

test("data editor: rows shown skip the deleted ones, then the added", () => {
  assert.deepEqual(sourceOf(0, 5, [0, 2]), { orig: 1 });
  assert.deepEqual(sourceOf(1, 5, [0, 2]), { orig: 3 });
  assert.deepEqual(sourceOf(2, 5, [0, 2]), { orig: 4 });
  assert.deepEqual(sourceOf(3, 5, [0, 2]), { added: 0 });
  assert.equal(parseInput("12", "", "int"), 12);
  assert.equal(parseInput("", "number", "float"), null);
  assert.equal(parseInput("x", "", "int"), undefined);
  assert.equal(parseInput("2024-05-01", "date", "time"), "2024-05-01");
});

test("data editor: the delta drawn over the rows, an edit and a row added sent as the whole delta", () => {
  const sent: unknown[] = [];
  const ctx = { send: (v: unknown) => sent.push(v), request: () => true, id: () => "ed" } as unknown as WidgetCtx;
  const w = grids.data_editor({
    kind: "data_editor", path: "main.0", columns: [{ name: "a", type: "int" }, { name: "b", type: "string" }], num_rows: 3,
    rows: [[1, "x"], [2, "y"], [3, "z"]], column_config: { b: { type: "text", default: "new" } }, height: null,
    dynamic: true, disabled: false, disabled_columns: ["b"],
    value: { edited_rows: { "2": { a: 30 } }, added_rows: [{ a: 4 }], deleted_rows: [0] },
  } as unknown as El, ctx);
  const text = (r: number) => cellsOf(w.node, r).map((c) => c.textContent);
  assert.deepEqual(text(0), ["", "2", "y"]); // the row checkbox, then the cells
  assert.deepEqual(text(1), ["", "30", "z"]);
  assert.deepEqual(text(2), ["", "4", ""]);
  assert.ok(cellsOf(w.node, 1)[1].classList.contains("edited"));
  assert.ok(cellsOf(w.node, 0)[2].classList.contains("readonly"));
  // Double-click a cell, type, Enter.
  cellsOf(w.node, 0)[1].dispatchEvent(new window.MouseEvent("dblclick", { bubbles: true }));
  const input = w.node.querySelector("input.stark-df-input") as HTMLInputElement;
  assert.equal(input.type, "number");
  input.value = "20";
  input.dispatchEvent(new window.KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  assert.deepEqual(sent.at(-1), { edited_rows: { "1": { a: 20 }, "2": { a: 30 } }, added_rows: [{ a: 4 }], deleted_rows: [0] });
  // A disabled column's cell opens no input.
  cellsOf(w.node, 0)[2].dispatchEvent(new window.MouseEvent("dblclick", { bubbles: true }));
  assert.equal(w.node.querySelector("input.stark-df-input"), null);
  // Add a row: its default filled; select rows 0 and 3 and delete them.
  (w.node.querySelector(".stark-df-add") as HTMLButtonElement).click();
  assert.deepEqual(sent.at(-1), { edited_rows: { "1": { a: 20 }, "2": { a: 30 } }, added_rows: [{ a: 4 }, { b: "new" }], deleted_rows: [0] });
  for (const r of [0, 3]) {
    const box = w.node.querySelector(`.stark-df-row[data-row="${r}"] .stark-df-select`) as HTMLInputElement;
    box.checked = true;
    box.dispatchEvent(new window.Event("change"));
  }
  (w.node.querySelector(".stark-df-delete") as HTMLButtonElement).click();
  assert.deepEqual(sent.at(-1), { edited_rows: { "1": { a: 20 }, "2": { a: 30 } }, added_rows: [{ a: 4 }], deleted_rows: [0, 1] });
  assert.deepEqual(text(0), ["", "30", "z"]);
});

test("column_config _index: the index column's label, width and help, as Streamlit's", () => {
  const w = grid({
    columns: [{ name: "a", type: "int" }],
    num_rows: 2,
    rows: [[1], [2]],
    hide_index: false,
    column_config: { _index: { label: "Row no.", width: "large", help: "the position" } },
  });
  const th = w.node.querySelector(".stark-df-th.stark-df-index") as HTMLElement;
  assert.equal(th.textContent, "Row no.");
  assert.equal(th.title, "the position");
  assert.match((w.node as HTMLElement).style.getPropertyValue("--df-cols"), /^320px /);
});
