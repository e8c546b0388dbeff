// The element tree as the browser holds it: path → record, each container
// with its children by index. Applies deltas, staleness and run_end removals
// (docs/protocol.md).
import { charts } from "./charts";
import { chatContainers, chatWidgets } from "./chat";
import { containers, type Container } from "./containers";
import { grids } from "./dataframe";
import { renderers, unknownElement, exceptionBox, type El } from "./elements";
import { extraRenderers, extraWidgets } from "./extras";
import { fileWidgets } from "./files";
import { mediaRenderers } from "./media";
import { pickers } from "./pickers";
import { live } from "./status";
import { deviceWidgets } from "./device";
import { widgets, type PageConfig, type Widget, type WidgetCtx } from "./widgets";
import type { Outgoing } from "./protocol";
import type { RowsMsg } from "./wire";

export class Box {
  kids = new Map<number, Rec>();
  max = -1;
  constructor(readonly path: string, readonly area: HTMLElement, readonly root: boolean, readonly owner?: Container) {}
}

export interface Rec {
  path: string;
  index: number;
  parent: Box;
  kind: string;
  id: string | undefined;
  node: HTMLElement;
  /** The element as last put. */
  el: El;
  /** The key of the form the widget belongs to. */
  form: string | undefined;
  box?: Box;
  container?: Container;
  /** A widget, or another element updated in place (progress, toast, …). */
  widget?: Widget;
  fresh: boolean;
}

const STALE = "stark-stale";

/** What the tree needs from the shell. */
export interface TreeHooks {
  /** A widget's new value (a `widget` message). */
  send(id: string, value: unknown): void;
  /** A form submitted (a `form` message). */
  sendForm(form: string, values: Record<string, unknown>, submit: string): void;
  session(): string;
  pageConfig(cfg: PageConfig | null): void;
  /** Sends a message now; false when the socket is down. */
  request(msg: Outgoing): boolean;
}

function formOf(el: El): string | undefined {
  return typeof el.form === "string" && el.form !== "" ? el.form : undefined;
}

export class Tree {
  private recs = new Map<string, Rec>();
  private boxes = new Map<string, Box>();
  private running = false;
  private configOwner: object | null = null;

  constructor(roots: Record<string, HTMLElement>, private hooks: TreeHooks) {
    for (const name in roots) this.boxes.set(name, new Box(name, roots[name], true));
  }

  /** Puts an element at its path: new, replacing, or updated in place. */
  put(el: El): void {
    if (!el || typeof el.path !== "string" || typeof el.kind !== "string") return;
    const dot = el.path.lastIndexOf(".");
    if (dot <= 0) return;
    const index = Number(el.path.slice(dot + 1));
    if (!Number.isInteger(index) || index < 0) return;
    const box = this.ensureBox(el.path.slice(0, dot));
    if (!box) return;
    const old = box.kids.get(index);
    const id = typeof el.id === "string" ? el.id : undefined;

    if (old && old.kind === el.kind && old.id === id && (old.widget || old.container)) {
      // Same widget: update in place. Same container: update its own
      // props (labels, state) and keep its children.
      old.el = el;
      old.form = formOf(el);
      try {
        old.widget?.update(el);
        old.container?.update(el);
        applyWidth(old.node, el.width);
      } catch (e) {
        console.error("stark: updating", el.path, e);
      }
      this.setFresh(old);
    } else {
      const rec = this.render(el, box, index, id);
      if (old) {
        // A container replaced by another (of another kind, or a real one
        // for the implicit one made when its children came first): the new
        // one takes over the children.
        if (old.box && rec.box) this.adopt(old.box, rec.box);
        old.node.replaceWith(rec.node);
        this.forget(old);
      } else {
        this.insert(box, index, rec.node);
      }
      box.kids.set(index, rec);
      if (index > box.max) box.max = index;
      this.recs.set(el.path, rec);
      this.changed(box);
    }
    if (Array.isArray(el.children)) for (const c of el.children) this.put(c);
  }

  /** A run started (true) or ended (false): spinners show, statuses settle. */
  setRunning(on: boolean): void {
    this.running = on;
    for (const r of this.recs.values()) {
      try {
        r.widget?.runState?.(on);
        r.container?.runState?.(on);
      } catch (e) {
        console.error("stark: run state", r.path, e);
      }
    }
  }

  /**
   * Submits a form: one `form` message with the current value of every widget
   * of the form. Without a submit button id (Enter in a field), the form's
   * first enabled submit button submits it; without one, nothing is sent.
   */
  submitForm(form: string, submit?: string): void {
    const members = Array.from(this.recs.values()).filter((r) => r.form === form && r.widget && r.id !== undefined);
    const fr = Array.from(this.recs.values()).find((r) => r.kind === "form" && r.el.key === form);
    if (submit === undefined) {
      if (fr && fr.el.enter_to_submit === false) return; // Enter does not submit this form
      const buttons = members.filter((r) => r.kind === "form_submit_button" && r.el.disabled !== true);
      buttons.sort((a, b) => (a.node.compareDocumentPosition(b.node) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
      if (!buttons.length) return;
      submit = buttons[0].id as string;
    }
    const values: Record<string, unknown> = {};
    for (const r of members) {
      if (r.kind === "form_submit_button") continue;
      const v = r.widget?.value?.();
      if (v !== undefined) values[r.id as string] = v;
    }
    this.hooks.sendForm(form, values, submit);
    // clear_on_submit: back to the values the page last sent. (A run that
    // resets them sends nothing when they equal what it sent before.)
    if (fr && fr.el.clear_on_submit === true) {
      for (const r of members) {
        try {
          r.widget?.update(r.el, true);
        } catch (e) {
          console.error("stark: clearing", r.path, e);
        }
      }
    }
  }

  /** Marks children below each container's count fresh (undimmed). */
  fresh(counts: Record<string, number> | null | undefined): void {
    if (!counts) return;
    for (const path in counts) {
      const box = this.boxes.get(path);
      const n = counts[path];
      if (!box || typeof n !== "number") continue;
      for (const [i, r] of box.kids) if (i < n) this.setFresh(r);
    }
  }

  /**
   * A run started: nothing is fresh until the run produces it. A fragment
   * run (scope: its container's path) concerns only what is inside it.
   */
  beginRun(scope?: string): void {
    for (const r of this.recs.values()) if (!scope || r.path.startsWith(scope + ".")) r.fresh = false;
  }

  /** Dims every element the current run has not produced yet. */
  dim(): void {
    for (const r of this.recs.values()) if (!r.fresh) r.node.classList.add(STALE);
  }

  undim(): void {
    for (const r of this.recs.values()) {
      r.fresh = true;
      r.node.classList.remove(STALE);
    }
  }

  /**
   * run_end: removes every child at or past its container's count and every
   * container absent from counts (a root absent from counts is emptied). For
   * a fragment run (scope: its container's path) only inside the fragment:
   * its counts name no container outside it.
   */
  prune(counts: Record<string, number> | null | undefined, scope?: string): void {
    const c = counts || {};
    for (const box of Array.from(this.boxes.values())) {
      if (this.boxes.get(box.path) !== box) continue; // removed with an ancestor
      if (scope && box.path !== scope && !box.path.startsWith(scope + ".")) continue;
      const has = Object.prototype.hasOwnProperty.call(c, box.path);
      if (!has && !box.root && box.path !== scope) {
        const rec = this.recs.get(box.path);
        if (rec && rec.box === box) this.remove(rec);
        continue;
      }
      const n = has && typeof c[box.path] === "number" ? c[box.path] : 0;
      for (const [i, r] of Array.from(box.kids)) if (i >= n) this.remove(r);
    }
  }

  /** Gives a message to the element at path (a `rows` reply to its dataframe). */
  deliver(path: string, msg: RowsMsg): void {
    const rec = this.recs.get(path);
    try {
      rec?.widget?.receive?.(msg);
    } catch (e) {
      console.error("stark: message for", path, e);
    }
  }

  /** Whether any exception element currently shows this message. */
  hasException(message: string): boolean {
    for (const r of this.recs.values()) {
      if (r.kind === "exception" && r.node.querySelector(".stark-exception-message")?.textContent === message) return true;
    }
    return false;
  }

  private ensureBox(path: string): Box | undefined {
    const box = this.boxes.get(path);
    if (box) return box;
    if (path.lastIndexOf(".") <= 0) return undefined; // unknown root
    // A child arrived before its container: make an implicit one.
    this.put({ kind: "empty", path });
    return this.boxes.get(path);
  }

  private widgetCtx(rec: Rec): WidgetCtx {
    return {
      send: (v) => {
        if (!rec.form) this.hooks.send(rec.id ?? "", v);
      },
      form: () => rec.form,
      submit: (submitId) => {
        if (rec.form) this.submitForm(rec.form, submitId);
      },
      id: () => rec.id ?? "",
      session: () => this.hooks.session(),
      running: () => this.running,
      pageConfig: (owner, cfg) => {
        if (cfg) this.configOwner = owner;
        else if (this.configOwner !== owner) return;
        else this.configOwner = null;
        this.hooks.pageConfig(cfg);
      },
      request: (msg) => this.hooks.request(msg),
    };
  }

  private render(el: El, parent: Box, index: number, id: string | undefined): Rec {
    const kind = el.kind;
    const rec: Rec = { path: el.path, index, parent, kind, id, el, form: formOf(el), node: null as unknown as HTMLElement, fresh: true };
    try {
      const wf = widgets[kind] ?? pickers[kind] ?? fileWidgets[kind] ?? deviceWidgets[kind] ?? live[kind] ?? charts[kind] ?? grids[kind] ?? chatWidgets[kind] ?? extraWidgets[kind];
      const cf = containers[kind] ?? chatContainers[kind];
      if (wf) {
        rec.widget = wf(el, this.widgetCtx(rec));
        rec.node = rec.widget.node;
      } else if (cf) {
        const c = cf(el, { running: () => this.running, send: (v) => this.hooks.send(id ?? "", v) });
        rec.container = c;
        rec.node = c.node;
        rec.box = new Box(el.path, c.area, false, c);
        this.boxes.set(el.path, rec.box);
      } else {
        rec.node = (renderers[kind] ?? mediaRenderers[kind] ?? extraRenderers[kind] ?? unknownElement)(el);
      }
    } catch (e) {
      console.error("stark: rendering", el.path, e);
      rec.widget = undefined;
      rec.container = undefined;
      if (rec.box && this.boxes.get(el.path) === rec.box) this.boxes.delete(el.path);
      rec.box = undefined;
      rec.node = exceptionBox("Could not render element " + kind + ": " + String(e), []);
    }
    rec.node.classList.add("stark-el");
    rec.node.setAttribute("data-testid", "stark-" + kind);
    rec.node.setAttribute("data-path", el.path);
    applyWidth(rec.node, el.width);
    return rec;
  }

  private insert(box: Box, index: number, node: HTMLElement): void {
    if (index > box.max) {
      box.area.append(node);
      return;
    }
    let next: Rec | undefined;
    for (const [i, r] of box.kids) if (i > index && (!next || i < next.index)) next = r;
    box.area.insertBefore(node, next ? next.node : null);
  }

  private setFresh(r: Rec): void {
    r.fresh = true;
    r.node.classList.remove(STALE);
  }

  private remove(rec: Rec): void {
    rec.node.remove();
    if (rec.parent.kids.get(rec.index) === rec) rec.parent.kids.delete(rec.index);
    this.forget(rec);
    this.changed(rec.parent);
  }

  /** Tells a container its children changed (tabs show one panel). */
  private changed(box: Box): void {
    if (!box.owner?.sync) return;
    const kids = Array.from(box.kids.values()).sort((a, b) => a.index - b.index).map((r) => ({ index: r.index, node: r.node }));
    try {
      box.owner.sync(kids);
    } catch (e) {
      console.error("stark: container", box.path, e);
    }
  }

  /** Moves the children of a replaced container into its replacement. */
  private adopt(from: Box, to: Box): void {
    const kids = Array.from(from.kids.values()).sort((a, b) => a.index - b.index);
    for (const k of kids) {
      to.area.append(k.node);
      k.parent = to;
      to.kids.set(k.index, k);
    }
    to.max = Math.max(to.max, from.max);
    from.kids = new Map();
    this.changed(to);
  }

  /** Drops a record and its subtree from the maps (its node is gone already). */
  private forget(rec: Rec): void {
    if (this.recs.get(rec.path) === rec) this.recs.delete(rec.path);
    try {
      rec.widget?.destroy?.();
      rec.container?.destroy?.();
    } catch (e) {
      console.error("stark: removing", rec.path, e);
    }
    if (rec.box) {
      for (const k of rec.box.kids.values()) this.forget(k);
      rec.box.kids.clear();
      if (this.boxes.get(rec.box.path) === rec.box) this.boxes.delete(rec.box.path);
    }
  }
}

/**
 * Applies an element's width property (Streamlit's width and
 * use_container_width): "stretch" fills the container, "content" keeps the
 * element's own width, a number is pixels (never wider than the container);
 * absent, the element's default. The classes are styled in app.css.
 */
export function applyWidth(node: HTMLElement, width: unknown): void {
  node.classList.remove("stark-w-stretch", "stark-w-content", "stark-w-px");
  node.style.removeProperty("--stark-w");
  if (width === "stretch" || width === "content") node.classList.add("stark-w-" + width);
  else if (typeof width === "number" && Number.isFinite(width) && width > 0) {
    node.classList.add("stark-w-px");
    node.style.setProperty("--stark-w", width + "px");
  }
}
