// The golden examples of the protocol (session/testdata/wire), which the Go
// tests hold to the Go types and to what starlib sends: the front end
// parses every server message, encodes every browser message the same way,
// and renders every element kind.
import "./setup";
import { test } from "node:test";
import assert from "node:assert/strict";
import { Tree } from "../src/tree";
import type { El } from "../src/elements";
import { encode, parseFrame, type Outgoing } from "../src/protocol";
import { browserMsgTypes, serverMsgTypes, type DeltaMsg, type Element, type RunEndMsg, type ServerMsg } from "../src/wire";
import { golden } from "./wire";

function newTree() {
  const main = document.createElement("div");
  const sidebar = document.createElement("div");
  const tree = new Tree({ main, sidebar }, {
    send: () => {},
    sendForm: () => {},
    session: () => "token",
    pageConfig: () => {},
    request: () => true,
  });
  return { tree, main };
}

/** Runs fn and returns what it logged with console.error. */
function errorsOf(fn: () => void): unknown[][] {
  const logged: unknown[][] = [];
  const orig = console.error;
  console.error = (...args: unknown[]) => void logged.push(args);
  try {
    fn();
  } finally {
    console.error = orig;
  }
  return logged;
}

test("every server message of the golden examples is parsed, alone and in a batch", () => {
  const msgs = golden("server");
  assert.deepEqual([...msgs.keys()].sort(), [...serverMsgTypes].sort());
  for (const [name, m] of msgs) {
    assert.deepEqual(parseFrame(JSON.stringify(m)), [m], name);
  }
  const batch = [...msgs.values()];
  assert.deepEqual(parseFrame(JSON.stringify(batch)), batch);
});

test("every browser message of the golden examples is what the front end encodes", () => {
  const msgs = golden("browser");
  assert.deepEqual([...msgs.keys()].sort(), [...browserMsgTypes].sort());
  for (const [name, m] of msgs) {
    const { v, ...rest } = m as { v: number };
    assert.equal(v, 1);
    assert.deepEqual(JSON.parse(encode(rest as Outgoing)), m, name);
  }
});

test("a golden delta and run_end apply to the tree", () => {
  const { tree, main } = newTree();
  const delta = golden("server").get("delta") as DeltaMsg;
  const end = golden("server").get("run_end") as RunEndMsg;
  const errs = errorsOf(() => {
    for (const el of delta.elements) tree.put(el as unknown as El);
    tree.fresh(delta.counts);
    tree.prune(end.counts);
  });
  assert.deepEqual(errs, []);
  assert.equal(main.querySelectorAll(".stark-el").length, delta.elements.length);
});

test("every element kind of the golden examples renders", () => {
  for (const [kind, el] of golden("elements")) {
    const { tree, main } = newTree();
    const errs = errorsOf(() => tree.put(el as El));
    assert.deepEqual(errs, [], kind);
    const node = main.querySelector(`[data-path="${(el as Element).path}"]`);
    assert.ok(node, `${kind}: no node at its path`);
    assert.equal(node.getAttribute("data-testid"), "stark-" + kind);
    assert.equal(node.querySelector(".stark-unknown"), null, `${kind}: rendered as unknown`);
    assert.ok(!node.classList.contains("stark-unknown"), `${kind}: rendered as unknown`);
    // Sent again, as a rerun does: updated in place or replaced, no error.
    assert.deepEqual(errorsOf(() => tree.put(structuredClone(el) as El)), [], kind + " again");
  }
});

test("a server message is typed by its type", () => {
  // Compile-time: the switch narrows each message to its interface.
  const describe = (m: ServerMsg): string => {
    switch (m.type) {
      case "run_end": return m.status;
      case "delta": return String(m.elements.length);
      default: return m.type;
    }
  };
  assert.equal(describe(golden("server").get("run_end") as ServerMsg), "failed");
});

test("markdown with allow_html renders its HTML; without it the HTML is text", () => {
  const el = golden("elements").get("markdown") as El;
  assert.equal(el.allow_html, true);
  for (const allow of [true, false]) {
    const { tree, main } = newTree();
    tree.put({ ...el, allow_html: allow } as El);
    const node = main.querySelector(`[data-path="${el.path}"]`);
    assert.equal(node?.querySelector("b")?.textContent ?? null, allow ? "HTML" : null);
    assert.equal(/<b>/.test(node?.textContent ?? ""), !allow);
  }
});

test("labels of widgets, buttons and expanders are inline markdown", () => {
  for (const kind of ["checkbox", "text_input", "button", "expander", "selectbox", "slider", "radio"]) {
    const el = golden("elements").get(kind) as El;
    const { tree, main } = newTree();
    tree.put({ ...el, label: "**Pick** :red[one] :material/home:" } as El);
    const node = main.querySelector(`[data-path="${el.path}"]`);
    assert.equal(node?.querySelector("strong")?.textContent, "Pick", kind);
    assert.ok(node?.querySelector(".stark-md-color-red"), kind);
    assert.equal(node?.querySelector(".stark-icon:not(.stark-label-icon)")?.textContent, "home", kind);
    assert.equal(node?.querySelector("p"), null, kind);
  }
});
