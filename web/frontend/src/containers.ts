// Containers (docs/elements.md, "Containers" and "Layout containers"). Each
// has a root node and an area its children go into; a re-sent container is
// updated in place (its props) and keeps its children. State the user chose
// (the tab shown, an expander opened) survives re-renders, and is remembered
// by path so a container re-created at the same path gets it back.
import { h, newId, optNum, str, strList } from "./dom";
import type { El } from "./elements";
import { setIconLabel, setLabel } from "./markdown";

export interface Container {
  node: HTMLElement;
  /** Where the children go. */
  area: HTMLElement;
  update(el: El): void;
  /** The children changed: their root nodes by index, in index order. */
  sync?(kids: { index: number; node: HTMLElement }[]): void;
  /** A run started (true) or ended (false). */
  runState?(running: boolean): void;
  destroy?(): void;
}

export interface ContainerCtx {
  running(): boolean;
  /** Sends a `widget` message with the container's id (a dialog's close). */
  send(value: unknown): void;
}

type Factory = (el: El, ctx: ContainerCtx) => Container;

/**
 * The user's choices by page and path, for containers re-created at the same
 * path (e.g. after a failed run removed them).
 */
const chosenTab = new Map<string, number>();
const openState = new Map<string, boolean>();
const MEMORY_MAX = 500;
const memKey = (path: string) => location.pathname + "#" + path;
function remember<T>(m: Map<string, T>, path: string, v: T): void {
  const k = memKey(path);
  m.delete(k);
  m.set(k, v);
  if (m.size > MEMORY_MAX) m.delete(m.keys().next().value as string);
}

function stack(cls: string): Container {
  const node = h("div", { class: "stark-box stark-stack " + cls });
  return { node, area: node, update: () => {} };
}

function empty(): Container {
  return stack("stark-container stark-empty");
}

function columns(el: El): Container {
  const node = h("div", { class: "stark-box stark-columns" });
  let widths: number[] = [];
  let kids: { index: number; node: HTMLElement }[] = [];
  const sync = (k: typeof kids) => {
    kids = k;
    // A column without a width of its own takes it from the columns' widths.
    for (const { index, node: c } of kids) {
      if (!c.style.getPropertyValue("--stark-w") && widths[index] > 0) c.style.setProperty("--stark-w", String(widths[index]));
    }
  };
  const update = (el: El) => {
    const gap = str(el.gap);
    node.dataset.gap = gap === "medium" || gap === "large" ? gap : "small";
    const align = str(el.vertical_alignment);
    node.dataset.align = align === "center" || align === "bottom" ? align : "top";
    widths = Array.isArray(el.widths) ? el.widths.map((w) => optNum(w) ?? 0) : [];
    sync(kids);
  };
  update(el);
  return { node, area: node, update, sync };
}

function column(el: El): Container {
  const c = stack("stark-col");
  c.update = (el: El) => {
    const w = optNum(el.width);
    if (w !== null && w > 0) c.node.style.setProperty("--stark-w", String(w));
    else c.node.style.removeProperty("--stark-w");
  };
  c.update(el);
  return c;
}

/** A tab's label, for a tabs element whose `labels` fall short. */
const tabLabel = new WeakMap<HTMLElement, string>();

function tabs(el: El): Container {
  const path = el.path;
  const bar = h("div", { class: "stark-tabbar", role: "tablist" });
  const panels = h("div", { class: "stark-tabpanels" });
  const node = h("div", { class: "stark-box stark-tabs" }, bar, panels);
  let labels: string[] = [];
  let kids: { index: number; node: HTMLElement }[] = [];
  let buttons: HTMLButtonElement[] = [];
  let selected = chosenTab.get(memKey(path)) ?? 0;

  const select = (i: number, focus = false) => {
    selected = i;
    remember(chosenTab, path, i);
    render();
    if (focus) buttons[i]?.focus();
  };
  const render = () => {
    const last = kids.length ? kids[kids.length - 1].index + 1 : 0;
    const n = Math.max(labels.length, last);
    if (selected >= n) selected = 0;
    while (buttons.length < n) {
      const i = buttons.length;
      const b = h("button", { type: "button", role: "tab", class: "stark-tab-btn", id: newId("stark-tab") });
      b.addEventListener("click", () => select(i));
      buttons.push(b);
      bar.append(b);
    }
    while (buttons.length > n) buttons.pop()?.remove();
    const byIndex = new Map(kids.map((k) => [k.index, k.node]));
    buttons.forEach((b, i) => {
      const panel = byIndex.get(i);
      const text = labels[i] ?? (panel && tabLabel.get(panel)) ?? `Tab ${i + 1}`;
      setLabel(b, text);
      const on = i === selected;
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
      b.classList.toggle("on", on);
      if (panel) {
        if (!panel.id) panel.id = newId("stark-tabpanel");
        b.setAttribute("aria-controls", panel.id);
      } else b.removeAttribute("aria-controls");
    });
    for (const { index, node: p } of kids) {
      p.setAttribute("role", "tabpanel");
      const b = buttons[index];
      if (b) p.setAttribute("aria-labelledby", b.id);
      p.hidden = index !== selected;
    }
  };
  bar.addEventListener("keydown", (e) => {
    const n = buttons.length;
    if (!n) return;
    let i = -1;
    if (e.key === "ArrowRight") i = (selected + 1) % n;
    else if (e.key === "ArrowLeft") i = (selected - 1 + n) % n;
    else if (e.key === "Home") i = 0;
    else if (e.key === "End") i = n - 1;
    if (i < 0) return;
    e.preventDefault();
    select(i, true);
  });
  const update = (el: El) => {
    labels = strList(el.labels);
    render();
  };
  update(el);
  return {
    node,
    area: panels,
    update,
    sync: (k) => {
      kids = k;
      render();
    },
  };
}

function tab(el: El): Container {
  const c = stack("stark-tab");
  c.update = (el: El) => {
    tabLabel.set(c.node, str(el.label));
  };
  c.update(el);
  return c;
}

/**
 * A <details> box: open per `expanded` at first, then as the user leaves it;
 * a change of `expanded` sent by the page applies again.
 */
function collapsible(path: string, node: HTMLDetailsElement) {
  let prop: boolean | undefined;
  // Remembered: only where the user's choice differs from `expanded`.
  node.addEventListener("toggle", () => {
    if (node.open === prop) openState.delete(memKey(path));
    else remember(openState, path, node.open);
  });
  return (expanded: boolean) => {
    if (prop === undefined) node.open = openState.get(memKey(path)) ?? expanded;
    else if (expanded !== prop) {
      node.open = expanded;
      openState.delete(memKey(path));
    }
    prop = expanded;
  };
}

function expander(el: El): Container {
  const label = h("span", { class: "stark-expander-label" });
  const area = h("div", { class: "stark-stack stark-expander-body" });
  const node = h("details", { class: "stark-box stark-expander" }, h("summary", { class: "stark-expander-summary" }, label), area);
  const expand = collapsible(el.path, node);
  const update = (el: El) => {
    setIconLabel(label, el.label, el.icon);
    expand(el.expanded === true);
  };
  update(el);
  return { node, area, update };
}

function container(el: El): Container {
  const c = stack("stark-ctr");
  c.update = (el: El) => {
    const ht = optNum(el.height);
    c.node.classList.toggle("bordered", el.border === true);
    c.node.classList.toggle("scroll", ht !== null && ht > 0);
    c.node.style.height = ht !== null && ht > 0 ? ht + "px" : "";
    // A keyed container is named in the page: class stark-key-KEY.
    for (const cls of [...c.node.classList]) if (cls.startsWith("stark-key-")) c.node.classList.remove(cls);
    // What a class name cannot hold becomes "-" ("first container": stark-key-first-container).
    const key = typeof el.key === "string" ? el.key.trim().replace(/[^\p{L}\p{N}_-]+/gu, "-") : "";
    if (key) c.node.classList.add("stark-key-" + key);
  };
  c.update(el);
  return c;
}

function popover(el: El): Container {
  const text = h("span");
  const btn = h("button", { type: "button", class: "stark-btn stark-popover-btn", "aria-expanded": "false", "aria-haspopup": "dialog" },
    text, h("span", { class: "stark-caret", "aria-hidden": "true" }));
  const area = h("div", { class: "stark-stack stark-popover-panel", role: "dialog", id: newId("stark-pop") });
  area.hidden = true;
  btn.setAttribute("aria-controls", area.id);
  const node = h("div", { class: "stark-box stark-popover" }, btn, area);
  const outside = (e: Event) => {
    if (!node.contains(e.target as Node)) setOpen(false);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      setOpen(false);
      btn.focus();
    }
  };
  const setOpen = (open: boolean) => {
    area.hidden = !open;
    btn.setAttribute("aria-expanded", String(open));
    node.classList.toggle("open", open);
    if (open) {
      document.addEventListener("pointerdown", outside, true);
      document.addEventListener("keydown", onKey);
      // Keep the panel on screen: open it leftwards near the right edge.
      area.classList.remove("leftward");
      const r = area.getBoundingClientRect();
      if (r.right > document.documentElement.clientWidth - 8) area.classList.add("leftward");
    } else {
      document.removeEventListener("pointerdown", outside, true);
      document.removeEventListener("keydown", onKey);
    }
  };
  btn.addEventListener("click", () => setOpen(area.hidden));
  const update = (el: El) => {
    setIconLabel(text, el.label, el.icon);
    area.setAttribute("aria-label", str(el.label));
    btn.disabled = el.disabled === true;
    btn.title = str(el.help);
  };
  update(el);
  return { node, area, update, destroy: () => setOpen(false) };
}

function form(el: El): Container {
  const c = stack("stark-form");
  c.update = (el: El) => {
    c.node.dataset.form = str(el.key);
    c.node.classList.toggle("stark-form-plain", el.border === false);
  };
  c.update(el);
  return c;
}

const STATES = new Set(["running", "complete", "error"]);

/** A collapsible box with a state icon; `running` settles to complete when the run ends. */
function status(el: El, ctx: ContainerCtx): Container {
  const icon = h("span", { class: "stark-status-icon", "aria-hidden": "true" });
  const label = h("span", { class: "stark-status-label" });
  const area = h("div", { class: "stark-stack stark-status-body" });
  const node = h("details", { class: "stark-box stark-status-box" }, h("summary", { class: "stark-status-summary" }, icon, label), area);
  const expand = collapsible(el.path, node);
  let state = "running";
  /** The run that produced the running state has ended. */
  let settled = false;
  const paint = () => {
    const shown = state === "running" && (settled || !ctx.running()) ? "complete" : state;
    node.dataset.state = shown;
    node.setAttribute("aria-busy", String(shown === "running"));
    icon.className = "stark-status-icon " + shown;
    icon.textContent = shown === "complete" ? "✓" : shown === "error" ? "!" : "";
  };
  const update = (el: El) => {
    setLabel(label, el.label);
    state = STATES.has(str(el.state)) ? str(el.state) : "running";
    settled = false;
    expand(el.expanded === true);
    paint();
  };
  update(el);
  return {
    node,
    area,
    update,
    runState: (on) => {
      if (!on) settled = true;
      paint();
    },
  };
}

const DIALOG_WIDTHS = new Set(["small", "medium", "large"]);

/**
 * st.dialog: a modal <dialog> over the page, opened once it is in the
 * document. Its close button, Escape or a click on the backdrop close it and
 * tell the server (a widget message with true), whose next run then leaves
 * it closed (the server decides whether that dismissal starts a run: its
 * on_dismiss). A dialog with dismissible false has no close button and
 * stays open on Escape and clicks outside: only the page closes it.
 */
function dialog(el: El, ctx: ContainerCtx): Container {
  const title = h("h2", { class: "stark-dialog-title", id: newId("stark-dlg") });
  const close = h("button", { type: "button", class: "stark-dialog-close", "aria-label": "Close", "data-testid": "stark-dialog-close" }, "×");
  const area = h("div", { class: "stark-stack stark-dialog-body" });
  const node = h("dialog", { class: "stark-box stark-dialog", "aria-labelledby": title.id },
    h("div", { class: "stark-dialog-head" }, title, close), area);
  let dismissed = false;
  let dismissible = true;
  const dismiss = () => {
    if (dismissed || !dismissible) return;
    dismissed = true;
    if (node.open) node.close();
    ctx.send(true);
  };
  close.addEventListener("click", dismiss);
  node.addEventListener("cancel", (e) => {
    e.preventDefault();
    dismiss();
  });
  node.addEventListener("click", (e) => {
    if (e.target === node) dismiss(); // the backdrop
  });
  // A browser may close a modal on a repeated Escape whatever its cancel
  // handler does: the key's default is prevented, and a dialog that is not
  // dismissible but closed all the same opens again.
  node.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !dismissible) e.preventDefault();
  });
  let destroyed = false;
  node.addEventListener("close", () => {
    if (!dismissible && !dismissed && !destroyed && node.isConnected) {
      try {
        node.showModal();
      } catch {
        node.setAttribute("open", "");
      }
    }
  });
  // The tree inserts the node right after making it; a node not in the
  // document a few frames later (a detached render) is not opened.
  let tries = 0;
  const open = () => {
    if (dismissed || node.open) return;
    if (!node.isConnected) {
      if (++tries < 10) requestAnimationFrame(open);
      return;
    }
    try {
      node.showModal();
    } catch {
      node.setAttribute("open", "");
    }
  };
  const update = (el: El) => {
    setLabel(title, el.title);
    const w = str(el.width);
    node.dataset.width = DIALOG_WIDTHS.has(w) ? w : "small";
    dismissible = el.dismissible !== false;
    close.hidden = !dismissible;
    node.dataset.dismissible = String(dismissible);
  };
  update(el);
  queueMicrotask(open);
  return {
    node,
    area,
    update,
    destroy: () => {
      destroyed = true;
      if (node.open) node.close();
    },
  };
}

export const containers: Record<string, Factory> = {
  dialog,
  empty,
  columns,
  column,
  tabs,
  tab,
  expander,
  container,
  popover,
  form,
  status,
  fragment: () => stack("stark-fragment"),
};
