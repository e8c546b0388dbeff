// The element tree as the browser holds it: path → record, each container
// with its children by index. Applies deltas, staleness and run_end removals
// (docs/protocol.md).
import { h } from "./dom";
import { renderers, unknownElement, exceptionBox, type El } from "./elements";
import { widgets, type Widget } from "./widgets";

/** Kinds whose element is a container that children are appended to. */
const containerKinds = new Set(["empty"]);

export class Box {
  kids = new Map<number, Rec>();
  max = -1;
  constructor(readonly path: string, readonly area: HTMLElement, readonly root: boolean) {}
}

export interface Rec {
  path: string;
  index: number;
  parent: Box;
  kind: string;
  id: string | undefined;
  node: HTMLElement;
  box?: Box;
  widget?: Widget;
  fresh: boolean;
}

const STALE = "stark-stale";

export type WidgetSend = (id: string, value: unknown) => void;

export class Tree {
  private recs = new Map<string, Rec>();
  private boxes = new Map<string, Box>();

  constructor(roots: Record<string, HTMLElement>, private send: WidgetSend) {
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

    if (old && old.kind === el.kind && old.id === id && (old.widget || (old.box && containerKinds.has(el.kind)))) {
      // Same widget: update in place. Same container: keep its children.
      if (old.widget) {
        try {
          old.widget.update(el);
        } catch (e) {
          console.error("stark: updating", el.path, e);
        }
      }
      this.setFresh(old);
    } else {
      const rec = this.render(el, box, index, id);
      if (old) {
        old.node.replaceWith(rec.node);
        this.forget(old);
      } else {
        this.insert(box, index, rec.node);
      }
      box.kids.set(index, rec);
      if (index > box.max) box.max = index;
      this.recs.set(el.path, rec);
    }
    if (Array.isArray(el.children)) for (const c of el.children) this.put(c);
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

  /** A run started: nothing is fresh until the run produces it. */
  beginRun(): void {
    for (const r of this.recs.values()) r.fresh = false;
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
   * container absent from counts (a root absent from counts is emptied).
   */
  prune(counts: Record<string, number> | null | undefined): void {
    const c = counts || {};
    for (const box of Array.from(this.boxes.values())) {
      if (this.boxes.get(box.path) !== box) continue; // removed with an ancestor
      const has = Object.prototype.hasOwnProperty.call(c, box.path);
      if (!has && !box.root) {
        const rec = this.recs.get(box.path);
        if (rec && rec.box === box) this.remove(rec);
        continue;
      }
      const n = has && typeof c[box.path] === "number" ? c[box.path] : 0;
      for (const [i, r] of Array.from(box.kids)) if (i >= n) this.remove(r);
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

  private render(el: El, parent: Box, index: number, id: string | undefined): Rec {
    const kind = el.kind;
    const rec: Rec = { path: el.path, index, parent, kind, id, node: null as unknown as HTMLElement, fresh: true };
    try {
      const wf = widgets[kind];
      if (wf) {
        rec.widget = wf(el, (v) => this.send(rec.id ?? "", v));
        rec.node = rec.widget.node;
      } else if (containerKinds.has(kind)) {
        rec.node = h("div", { class: "stark-container stark-" + kind });
        rec.box = new Box(el.path, rec.node, false);
        this.boxes.set(el.path, rec.box);
      } else {
        rec.node = (renderers[kind] ?? unknownElement)(el);
      }
    } catch (e) {
      console.error("stark: rendering", el.path, e);
      rec.widget = undefined;
      rec.node = exceptionBox("Could not render element " + kind + ": " + String(e), []);
    }
    rec.node.classList.add("stark-el");
    rec.node.setAttribute("data-testid", "stark-" + kind);
    rec.node.setAttribute("data-path", el.path);
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
  }

  /** Drops a record and its subtree from the maps (its node is gone already). */
  private forget(rec: Rec): void {
    if (this.recs.get(rec.path) === rec) this.recs.delete(rec.path);
    rec.widget?.destroy?.();
    if (rec.box) {
      for (const k of rec.box.kids.values()) this.forget(k);
      rec.box.kids.clear();
      if (this.boxes.get(rec.box.path) === rec.box) this.boxes.delete(rec.box.path);
    }
  }
}
