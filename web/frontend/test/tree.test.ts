// The element tree: deltas put elements at their paths, run_end removes
// what the run did not produce, fragments touch only their container,
// widgets are updated in place (docs/protocol.md).
import "./setup";
import { test } from "node:test";
import assert from "node:assert/strict";
import { Tree } from "../src/tree";
import type { El } from "../src/elements";

function newTree() {
  const main = document.createElement("div");
  const sidebar = document.createElement("div");
  document.body.replaceChildren(main, sidebar);
  const sent: unknown[] = [];
  const tree = new Tree({ main, sidebar }, {
    send: (id, value) => sent.push({ type: "widget", id, value }),
    sendForm: (form, values, submit) => sent.push({ type: "form", form, values, submit }),
    session: () => "token",
    pageConfig: () => {},
    request: (msg) => (sent.push(msg), true),
  });
  return { tree, main, sidebar, sent };
}

const text = (path: string, body: string): El => ({ kind: "text", path, body });
const texts = (root: HTMLElement) => Array.from(root.querySelectorAll("[data-testid=stark-text]")).map((n) => n.textContent);

test("a delta puts elements in path order, whatever order they come in", () => {
  const { tree, main } = newTree();
  tree.put(text("main.2", "c"));
  tree.put(text("main.0", "a"));
  tree.put(text("main.1", "b"));
  assert.deepEqual(texts(main), ["a", "b", "c"]);
});

test("an element sent again at its path replaces the one there", () => {
  const { tree, main } = newTree();
  tree.put(text("main.0", "a"));
  tree.put(text("main.0", "b"));
  assert.deepEqual(texts(main), ["b"]);
});

test("run_end removes children at or past each container's count", () => {
  const { tree, main, sidebar } = newTree();
  for (const [i, b] of ["a", "b", "c"].entries()) tree.put(text(`main.${i}`, b));
  tree.put(text("sidebar.0", "s"));
  tree.prune({ main: 1, sidebar: 0 });
  assert.deepEqual(texts(main), ["a"]);
  assert.deepEqual(texts(sidebar), []);
});

test("run_end removes a container absent from counts, with its children", () => {
  const { tree, main } = newTree();
  tree.put({ kind: "container", path: "main.0", border: false, height: null });
  tree.put(text("main.0.0", "inside"));
  tree.put(text("main.1", "after"));
  tree.prune({ main: 2 });
  assert.deepEqual(texts(main), ["after"]);
});

test("a child that arrives before its container gets a placeholder the container takes over", () => {
  const { tree, main } = newTree();
  tree.put(text("main.0.0", "inside"));
  tree.put({ kind: "expander", path: "main.0", label: "More", expanded: true });
  assert.equal(main.querySelectorAll("[data-testid=stark-expander]").length, 1);
  assert.deepEqual(texts(main.querySelector("[data-testid=stark-expander]") as HTMLElement), ["inside"]);
  tree.prune({ main: 1, "main.0": 1 });
  assert.deepEqual(texts(main), ["inside"]);
});

test("a fragment run prunes only inside its scope", () => {
  const { tree, main } = newTree();
  tree.put(text("main.0", "outside"));
  tree.put({ kind: "fragment", path: "main.1", run_every: null });
  tree.put(text("main.1.0", "x"));
  tree.put(text("main.1.1", "y"));
  tree.beginRun("main.1");
  tree.prune({ "main.1": 1 }, "main.1");
  assert.deepEqual(texts(main), ["outside", "x"]);
});

test("stale elements are dimmed until the run produces them again", () => {
  const { tree, main } = newTree();
  tree.put(text("main.0", "a"));
  tree.put(text("main.1", "b"));
  tree.beginRun();
  tree.fresh({ main: 1 });
  tree.dim();
  const nodes = Array.from(main.querySelectorAll(".stark-el"));
  assert.deepEqual(nodes.map((n) => n.classList.contains("stark-stale")), [false, true]);
  tree.undim();
  assert.equal(main.querySelectorAll(".stark-stale").length, 0);
});

test("a widget sent again is updated in place and keeps its node", () => {
  const { tree, main, sent } = newTree();
  const cb = (value: boolean): El => ({ kind: "checkbox", path: "main.0", id: "agree", label: "Agree", help: null, disabled: false, value });
  tree.put(cb(false));
  const input = main.querySelector("input[type=checkbox]") as HTMLInputElement;
  assert.equal(input.checked, false);
  tree.put(cb(true));
  assert.equal(main.querySelector("input[type=checkbox]"), input, "the same input");
  assert.equal(input.checked, true);
  input.click();
  assert.deepEqual(sent, [{ type: "widget", id: "agree", value: false }]);
});

test("a form sends every widget's value in one message on submit", () => {
  const { tree, sent } = newTree();
  tree.put({ kind: "form", path: "main.0", key: "f", clear_on_submit: false });
  tree.put({ kind: "text_input", path: "main.0.0", id: "name", form: "f", label: "Name", help: null, disabled: false, value: "Ada", placeholder: null, max_chars: null, type: "default" });
  tree.put({ kind: "form_submit_button", path: "main.0.1", id: "go", form: "f", label: "Go", help: null, disabled: false, type: "primary" });
  tree.submitForm("f");
  assert.deepEqual(sent, [{ type: "form", form: "f", values: { name: "Ada" }, submit: "go" }]);
});

test("an element's width (Streamlit's width and use_container_width) sizes its node, also when it changes", () => {
  const { tree, main } = newTree();
  tree.put({ kind: "button", path: "main.0", id: "b", label: "Go", type: "secondary", disabled: false, help: null, width: "stretch" });
  tree.put({ kind: "link_button", path: "main.1", label: "Docs", url: "https://example.com", type: "secondary", disabled: false, help: null, width: 240 });
  tree.put({ kind: "link_button", path: "main.2", label: "Plain", url: "https://example.com", type: "secondary", disabled: false, help: null });
  const node = (i: number) => main.querySelector<HTMLElement>(`[data-path="main.${i}"]`)!;
  assert.ok(node(0).classList.contains("stark-w-stretch"));
  assert.ok(node(1).classList.contains("stark-w-px"));
  assert.equal(node(1).style.getPropertyValue("--stark-w"), "240px");
  assert.ok(!/stark-w-/.test(node(2).className));
  tree.put({ kind: "button", path: "main.0", id: "b", label: "Go", type: "secondary", disabled: false, help: null, width: "content" });
  assert.ok(node(0).classList.contains("stark-w-content"));
  assert.ok(!node(0).classList.contains("stark-w-stretch"));
});
