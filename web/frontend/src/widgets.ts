// Widgets (docs/elements.md). Each factory builds the widget once and returns
// an update function, so a rerun that sends the same widget (same kind and
// id) updates it in place: focus, caret and in-progress typing survive.
import { setIconLabel, setLabel as markdownLabel } from "./markdown";
import { decimals, fmtNum, h, newId, num, optNum, sameList, str, strList } from "./dom";
import { combo, filterOptions } from "./combo";
import type { El } from "./elements";
import { setMarkdown } from "./markdown";
import type { Outgoing } from "./protocol";
import type { RowsMsg } from "./wire";

/** What a widget (or another element updated in place) gets from the tree. */
export interface WidgetCtx {
  /** Sends a `widget` message with this widget's id; nothing when it is in a form. */
  send(value: unknown): void;
  /** The key of the form the widget belongs to (its `form` property), if any. */
  form(): string | undefined;
  /** Submits the widget's form: by the given submit button, or by the form's first one. */
  submit(submitId?: string): void;
  /** The widget's id. */
  id(): string;
  /** The session token from the welcome (for uploads). */
  session(): string;
  /** Whether a run is in progress. */
  running(): boolean;
  /** Sets (or, with null, clears) the page config: title, icon, layout. */
  pageConfig(owner: object, cfg: PageConfig | null): void;
  /** Sends a message now (a dataframe's `rows` request); false when the socket is down. */
  request(msg: Outgoing): boolean;
}

export interface PageConfig { title: string; icon: string; layout: string; initial_sidebar_state: string }

export interface Widget {
  node: HTMLElement;
  /** Applies a re-sent element; force also overrides what the user is typing. */
  update(el: El, force?: boolean): void;
  /** The current value in the widget's wire format (for a form); undefined: none. */
  value?(): unknown;
  /** A run started (true) or ended (false). */
  runState?(running: boolean): void;
  /** A message for this element (the reply to a `rows` request). */
  receive?(msg: RowsMsg): void;
  destroy?(): void;
}

export function helpBadge(): HTMLSpanElement {
  const s = h("span", { class: "stark-help" }, "?");
  s.hidden = true;
  return s;
}

export function setHelp(badge: HTMLElement, help: unknown, ...targets: HTMLElement[]): void {
  const t = str(help);
  badge.hidden = !t;
  badge.title = t;
  if (t) badge.setAttribute("aria-label", t);
  else badge.removeAttribute("aria-label");
  for (const n of targets) n.title = t;
}

/** A label's visibility: hidden keeps its space, collapsed removes it. */
export type LabelVisibility = "visible" | "hidden" | "collapsed";

export function labelVisibility(el: El): LabelVisibility {
  const v = el.label_visibility;
  return v === "hidden" || v === "collapsed" ? v : "visible";
}

/** Sets or (with null) removes a node's aria-label. */
export function setName(n: HTMLElement, name: string | null): void {
  if (name === null) n.removeAttribute("aria-label");
  else n.setAttribute("aria-label", name);
}

/**
 * Sets a widget's label text and visibility (on row, the node that holds
 * the label). A label the user cannot see stays the accessible name: it is
 * the aria-label of each of named. Returns the label text.
 */
export function setLabel(row: HTMLElement, label: HTMLElement, el: El, ...named: HTMLElement[]): string {
  const text = str(el.label);
  markdownLabel(label, text);
  const vis = labelVisibility(el);
  row.classList.toggle("stark-label-hidden", vis === "hidden");
  row.classList.toggle("stark-label-collapsed", vis === "collapsed");
  for (const n of named) setName(n, vis === "visible" ? null : text);
  return text;
}

export function wrap(cls: string, ...kids: (Node | null)[]): HTMLDivElement {
  return h("div", { class: "stark-widget " + cls }, ...kids);
}

export function focused(n: HTMLElement): boolean {
  return document.activeElement === n;
}

function button(el: El, ctx: WidgetCtx): Widget {
  const b = h("button", { type: "button", class: "stark-btn" });
  b.addEventListener("click", () => ctx.send(true));
  const update = (el: El) => {
    setIconLabel(b, el.label, el.icon);
    b.classList.toggle("primary", el.type === "primary");
    b.disabled = el.disabled === true;
    b.title = str(el.help);
  };
  update(el);
  return { node: wrap("stark-button-w", b), update };
}

function checkbox(isToggle: boolean) {
  return (el: El, ctx: WidgetCtx): Widget => {
    const input = h("input", { type: "checkbox" });
    if (isToggle) input.setAttribute("role", "switch");
    const text = h("span", { class: "stark-check-text" });
    const help = helpBadge();
    input.addEventListener("change", () => ctx.send(input.checked));
    const update = (el: El) => {
      setLabel(text, text, el, input);
      input.checked = el.value === true;
      input.disabled = el.disabled === true;
      setHelp(help, el.help);
    };
    update(el);
    const lab = h("label", { class: isToggle ? "stark-check stark-switch" : "stark-check" }, input, text);
    return { node: wrap("", lab, help), update, value: () => input.checked };
  };
}

export function labelRow(forId: string | null): { row: HTMLElement; label: HTMLElement; help: HTMLElement } {
  const label = forId ? h("label", { class: "stark-label", for: forId }) : h("div", { class: "stark-label", id: newId("stark-l") });
  const help = helpBadge();
  return { row: h("div", { class: "stark-label-row" }, label, help), label, help };
}

function radio(el: El, ctx: WidgetCtx): Widget {
  const { row, label, help } = labelRow(null);
  const group = h("div", { class: "stark-options", role: "radiogroup", "aria-labelledby": label.id });
  const name = newId("stark-r");
  let opts: string[] | null = null;
  let radios: HTMLInputElement[] = [];
  const update = (el: El) => {
    setLabel(row, label, el, group);
    setHelp(help, el.help);
    const options = strList(el.options);
    const captions = strList(el.captions);
    const shape = [...options, "\u0000", ...captions];
    if (!opts || !sameList(opts, shape)) {
      opts = shape;
      radios = options.map((_, i) => {
        const r = h("input", { type: "radio", name, value: String(i) });
        r.addEventListener("change", () => r.checked && ctx.send(i));
        return r;
      });
      group.replaceChildren(...options.map((o, i) => {
        const opt = h("label", { class: "stark-opt" }, radios[i], o);
        if (!captions[i]) return opt;
        // A caption: markdown under the option, its description.
        const cap = h("div", { class: "stark-opt-caption", id: newId("stark-c") });
        setMarkdown(cap, captions[i], true);
        radios[i].setAttribute("aria-describedby", cap.id);
        return h("div", { class: "stark-opt-with-caption" }, opt, cap);
      }));
    }
    group.classList.toggle("horizontal", el.horizontal === true);
    const idx = optNum(el.index);
    radios.forEach((r, i) => {
      r.checked = i === idx;
      r.disabled = el.disabled === true;
    });
  };
  update(el);
  const value = () => {
    const i = radios.findIndex((r) => r.checked);
    return i < 0 ? null : i;
  };
  return { node: wrap("", row, group), update, value };
}

/** A selectbox with more options than this is searchable (a combobox). */
export const SEARCHABLE = 10;

/** A selectbox's control: a native select, or a combobox to search many options. */
interface SelectControl { node: HTMLElement; input: HTMLElement; update(el: El): void; value(): number | null }

function selectOptions(el: El): { options: string[]; idx: number | null; ph: string | null } {
  const options = strList(el.options);
  const i = optNum(el.index);
  const idx = i === null || i < 0 || i >= options.length ? null : i;
  return { options, idx, ph: idx === null ? str(el.placeholder) || "Choose an option" : null };
}

function nativeSelect(id: string, ctx: WidgetCtx): SelectControl {
  const sel = h("select", { id, class: "stark-input" });
  let shape = "";
  const value = () => (sel.value === "" ? null : Number(sel.value));
  sel.addEventListener("change", () => ctx.send(value()));
  const update = (el: El) => {
    const { options, idx, ph } = selectOptions(el);
    const s = JSON.stringify([options, ph]);
    if (s !== shape) {
      shape = s;
      const nodes = options.map((o, i) => h("option", { value: String(i) }, o));
      if (ph !== null) {
        const p = h("option", { value: "", class: "stark-placeholder" }, ph);
        p.disabled = true;
        nodes.unshift(p);
      }
      sel.replaceChildren(...nodes);
    }
    sel.value = ph === null ? String(idx) : "";
    sel.disabled = el.disabled === true;
  };
  return { node: sel, input: sel, update, value };
}

function searchSelect(id: string, ctx: WidgetCtx): SelectControl {
  let options: string[] = [];
  let idx: number | null = null;
  const text = () => (idx === null ? "" : options[idx]);
  const c = combo({
    options: () => options,
    // The selected option's text as it is: every option, to browse.
    candidates: (q) => (q === text() ? options.map((_, i) => i) : filterOptions(options, q)),
    selected: (i) => i === idx,
    pick: (i) => {
      const changed = i !== idx;
      idx = i;
      c.input.value = text();
      c.close();
      if (changed) ctx.send(i);
    },
    empty: () => "No results",
    cancel: () => (c.input.value = text()),
  });
  c.input.id = id;
  c.input.classList.add("stark-input");
  c.input.addEventListener("focus", () => c.input.select());
  const update = (el: El) => {
    const s = selectOptions(el);
    options = s.options;
    idx = s.idx;
    c.input.placeholder = s.ph ?? "";
    c.input.disabled = el.disabled === true;
    if (!focused(c.input)) c.input.value = text();
    c.refresh();
  };
  return { node: h("div", { class: "stark-combo stark-select-search" }, c.input, c.list), input: c.input, update, value: () => idx };
}

function selectbox(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const node = wrap("", row);
  let searchable: boolean | null = null;
  let ctl: SelectControl | null = null;
  const update = (el: El) => {
    const want = strList(el.options).length > SEARCHABLE;
    if (want !== searchable || !ctl) {
      searchable = want;
      ctl = want ? searchSelect(id, ctx) : nativeSelect(id, ctx);
      node.replaceChildren(row, ctl.node);
    }
    setLabel(row, label, el, ctl.input);
    setHelp(help, el.help, ctl.input);
    ctl.update(el);
  };
  update(el);
  return { node, update, value: () => ctl!.value() };
}

function multiselect(el: El, ctx: WidgetCtx): Widget {
  const { row, label, help } = labelRow(null);
  let options: string[] = [];
  let cur: number[] = [];
  let max: number | null = null;
  let placeholder = "";
  const full = () => max !== null && max > 0 && cur.length >= max;
  const chips = h("div", { class: "stark-chips" });
  const changed = () => {
    paint();
    c.refresh();
    ctx.send(cur.slice());
  };
  const c = combo({
    options: () => options,
    candidates: (q) => (full() ? [] : filterOptions(options, q, cur)),
    selected: (i) => cur.includes(i),
    pick: (i) => {
      if (cur.includes(i) || full()) return;
      cur = [...cur, i];
      c.input.value = "";
      changed();
    },
    empty: (q) => (full() ? `You can only select up to ${max} option${max === 1 ? "" : "s"}. Remove an option first.` : q.trim() ? "No results" : "No options to select"),
    cancel: () => (c.input.value = ""),
    backspace: () => {
      if (!cur.length) return;
      cur = cur.slice(0, -1);
      changed();
    },
  });
  c.input.setAttribute("aria-labelledby", label.id);
  const paint = () => {
    chips.replaceChildren(...cur.map((i) => {
      const x = h("button", { type: "button", class: "stark-chip-x", "aria-label": "Remove " + options[i], tabindex: "-1" }, "×");
      x.disabled = c.input.disabled;
      x.addEventListener("mousedown", (e) => e.preventDefault());
      x.addEventListener("click", () => {
        cur = cur.filter((k) => k !== i);
        changed();
      });
      return h("span", { class: "stark-chip" }, h("span", { class: "stark-chip-text" }, options[i]), x);
    }));
    c.input.placeholder = cur.length ? "" : placeholder || "Choose an option";
  };
  const box = h("div", { class: "stark-input stark-combo-box" }, chips, c.input);
  box.addEventListener("mousedown", (e) => {
    if (e.target === box || e.target === chips) {
      e.preventDefault();
      c.input.focus();
    }
  });
  const update = (el: El) => {
    setLabel(row, label, el, c.input);
    setHelp(help, el.help, c.input);
    options = strList(el.options);
    cur = Array.isArray(el.value)
      ? el.value.filter((x): x is number => Number.isInteger(x) && x >= 0 && x < options.length)
      : [];
    c.input.disabled = el.disabled === true;
    box.classList.toggle("disabled", c.input.disabled);
    max = optNum(el.max_selections);
    placeholder = str(el.placeholder);
    paint();
    c.refresh();
  };
  update(el);
  return { node: wrap("", row, h("div", { class: "stark-combo" }, box, c.list)), update, value: () => cur.slice() };
}

/** A slider's track: its inputs (one, or two handles of a range on one track) and paint, which redraws the filled part. */
export interface RangeTrack { inputs: HTMLInputElement[]; paint(): void }

/** Where v lies between min and max, from 0 to 1. */
export function fraction(v: number, min: number, max: number): number {
  if (!(max > min)) return 0;
  return Math.min(1, Math.max(0, (v - min) / (max - min)));
}

// rangeInputs fills box with one track and n range inputs laid over it (two
// for a range: two handles on one track, which may not cross) and returns
// them: onInput runs while a handle is dragged, onRelease when it is let go.
export function rangeInputs(box: HTMLElement, n: number, id: string, attrs: Record<string, string>,
  onInput: () => void, onRelease: () => void): RangeTrack {
  const inputs: HTMLInputElement[] = [];
  const fill = h("div", { class: "stark-track-fill" });
  const track = h("div", { class: "stark-track", "aria-hidden": "true" }, fill);
  const paint = () => {
    const vals = inputs.map((i) => fraction(i.valueAsNumber, Number(i.min), Number(i.max)));
    const lo = vals.length === 2 ? vals[0] : 0;
    const hi = vals.length === 2 ? vals[1] : vals[0];
    fill.style.left = lo * 100 + "%";
    fill.style.width = Math.max(0, hi - lo) * 100 + "%";
    if (inputs.length === 2) {
      // Handles on one spot: the one that can still move is on top.
      const [a, b] = inputs;
      const top = a.valueAsNumber >= b.valueAsNumber && vals[1] >= 1 ? a : b;
      a.classList.toggle("top", top === a);
      b.classList.toggle("top", top === b);
    }
  };
  for (let k = 0; k < n; k++) {
    const inp = h("input", { type: "range", class: "stark-slider", ...attrs });
    if (k === 0) inp.id = id;
    inp.addEventListener("input", () => {
      if (inputs.length === 2) {
        const [a, b] = inputs;
        if (a.valueAsNumber > b.valueAsNumber) {
          if (inp === a) a.value = b.value;
          else b.value = a.value;
        }
      }
      paint();
      onInput();
    });
    inp.addEventListener("change", onRelease);
    inputs.push(inp);
  }
  box.replaceChildren(track, ...inputs);
  box.classList.toggle("two", n === 2);
  return { inputs, paint };
}

/** Fills ends (two spans) with the formatted min and max, as Streamlit shows them under the track. */
export function setEnds(ends: HTMLElement, lo: string, hi: string): void {
  (ends.children[0] as HTMLElement).textContent = lo;
  (ends.children[1] as HTMLElement).textContent = hi;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * fmtMoment formats seconds since 1970-01-01 (a wall clock read as UTC) with
 * a moment.js-style layout, as Streamlit's date and time sliders do:
 * YYYY YY MMMM MMM MM M DD D Do dddd ddd HH H hh h mm m ss s A a, and
 * [text] kept as it is.
 */
export function fmtMoment(secs: number, layout: string): string {
  const d = new Date(secs * 1000);
  const Y = d.getUTCFullYear(), M = d.getUTCMonth(), D = d.getUTCDate(), wd = d.getUTCDay();
  const H = d.getUTCHours(), m = d.getUTCMinutes(), s = d.getUTCSeconds();
  const h12 = H % 12 === 0 ? 12 : H % 12;
  const ord = (n: number) => n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th");
  const tokens: Record<string, () => string> = {
    YYYY: () => pad(Y, 4), YY: () => pad(Y % 100), MMMM: () => MONTHS[M], MMM: () => MONTHS[M].slice(0, 3),
    MM: () => pad(M + 1), M: () => String(M + 1), Do: () => ord(D), DD: () => pad(D), D: () => String(D),
    dddd: () => DAYS[wd], ddd: () => DAYS[wd].slice(0, 3), HH: () => pad(H), H: () => String(H),
    hh: () => pad(h12), h: () => String(h12), mm: () => pad(m), m: () => String(m), ss: () => pad(s), s: () => String(s),
    A: () => (H < 12 ? "AM" : "PM"), a: () => (H < 12 ? "am" : "pm"),
  };
  return layout.replace(/\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|A|a/g,
    (t, lit: string | undefined) => (lit !== undefined ? lit : tokens[t]()));
}

function slider(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const out = h("output", { class: "stark-slider-value", for: id });
  row.append(out);
  const box = h("div", { class: "stark-range" });
  const ends = h("div", { class: "stark-slider-ends", "aria-hidden": "true" }, h("span"), h("span"));
  let inputs: HTMLInputElement[] = [];
  let paint = () => {};
  let isFloat = false;
  let step = 1;
  let format: unknown = null;
  let temporal = "";
  let dragging = false;
  const norm = (v: number) => (isFloat ? Number(v.toFixed(decimals(step))) : Math.round(v));
  const current = () => inputs.map((i) => norm(i.valueAsNumber));
  const text = (v: number) => (temporal ? fmtMoment(v, typeof format === "string" ? format : "YYYY-MM-DD") : fmtNum(v, format, isFloat, step));
  const show = () => {
    const cur = current();
    out.textContent = cur.map(text).join(" – ");
    inputs.forEach((inp, k) => inp.setAttribute("aria-valuetext", text(cur[k])));
    paint();
  };
  const build = (n: number) => {
    ({ inputs, paint } = rangeInputs(box, n, id, {}, () => {
      dragging = true;
      show();
    }, () => {
      dragging = false;
      const v = current();
      ctx.send(inputs.length === 2 ? v : v[0]);
    }));
  };
  const update = (el: El) => {
    const lab = setLabel(row, label, el);
    const hidden = labelVisibility(el) !== "visible";
    setHelp(help, el.help);
    const value = el.value;
    const vals = Array.isArray(value) ? [num(value[0], 0), num(value[1], 0)] : [num(value, 0)];
    if (vals.length !== inputs.length) {
      build(vals.length);
      dragging = false;
    }
    isFloat = el.float === true;
    step = num(el.step, isFloat ? 0.01 : 1);
    if (step <= 0) step = isFloat ? 0.01 : 1;
    format = el.format;
    temporal = typeof el.temporal === "string" ? el.temporal : "";
    const min = num(el.min, 0);
    const max = num(el.max, 100);
    inputs.forEach((inp, k) => {
      inp.min = String(min);
      inp.max = String(max);
      inp.step = String(step);
      if (!dragging) inp.value = String(vals[k]);
      inp.disabled = el.disabled === true;
      if (inputs.length === 2) inp.setAttribute("aria-label", lab + (k === 0 ? " (low)" : " (high)"));
      else setName(inp, hidden ? lab : null);
      inp.title = str(el.help);
    });
    setEnds(ends, text(min), text(max));
    show();
  };
  update(el);
  const value = () => {
    const v = current();
    return inputs.length === 2 ? v : v[0];
  };
  return { node: wrap("stark-slider-w", row, box, ends), update, value };
}

function numberInput(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const input = h("input", { type: "number", id, class: "stark-input", inputmode: "decimal" });
  let known: number | null = null;
  let dirty = false;
  let isFloat = false;
  let min: number | null = null;
  let max: number | null = null;
  let step = 1;
  let format: unknown = null;
  let clearable = false;
  const text = (v: number | null) => {
    if (v === null) return "";
    const s = format ? fmtNum(v, format, isFloat, step) : String(v);
    return s.trim() !== "" && Number.isFinite(Number(s)) ? s.trim() : String(v);
  };
  const show = (v: number | null) => {
    const s = text(v);
    if (input.value !== s) input.value = s;
  };
  /** The typed number, clamped and rounded; null when it is not a number. */
  const parse = (): number | null => {
    const raw = input.value.trim();
    let v = raw === "" ? NaN : Number(raw);
    if (!Number.isFinite(v)) return null;
    if (min !== null && v < min) v = min;
    if (max !== null && v > max) v = max;
    if (!isFloat) v = Math.round(v);
    return v;
  };
  const commit = () => {
    if (!dirty) return;
    dirty = false;
    const v = parse();
    if (v === null) {
      // Emptied: null when the widget allows it (value=None), else back to the value.
      if (clearable && input.value.trim() === "" && known !== null) {
        known = null;
        ctx.send(null);
      }
      show(known);
      return;
    }
    if (Number(input.value.trim()) !== v) show(v);
    if (v !== known) {
      known = v;
      ctx.send(v);
    }
  };
  input.addEventListener("input", () => (dirty = true));
  input.addEventListener("change", () => {
    dirty = true;
    commit();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" || e.isComposing) return;
    commit();
    if (ctx.form()) {
      e.preventDefault();
      ctx.submit();
    }
  });
  input.addEventListener("blur", () => {
    commit();
    show(known);
  });
  const update = (el: El, force?: boolean) => {
    setLabel(row, label, el, input);
    setHelp(help, el.help, input);
    isFloat = el.float === true;
    min = optNum(el.min);
    max = optNum(el.max);
    step = num(el.step, isFloat ? 0.01 : 1);
    format = el.format;
    if (min === null) input.removeAttribute("min");
    else input.min = String(min);
    if (max === null) input.removeAttribute("max");
    else input.max = String(max);
    input.step = step > 0 ? String(step) : "any";
    input.placeholder = str(el.placeholder);
    clearable = el.clearable === true;
    input.disabled = el.disabled === true;
    known = optNum(el.value);
    if (force || !focused(input)) {
      dirty = false;
      show(known);
    }
  };
  update(el);
  const value = () => {
    const v = parse();
    if (v === null && clearable && input.value.trim() === "") return null;
    return v ?? known;
  };
  return { node: wrap("", row, input), update, value };
}

function textField(area: boolean) {
  return (el: El, ctx: WidgetCtx): Widget => {
    const id = newId();
    const { row, label, help } = labelRow(id);
    const input = area
      ? h("textarea", { id, class: "stark-input", rows: "4" })
      : h("input", { id, class: "stark-input", type: "text", autocomplete: "off", spellcheck: "false" });
    let known = "";
    let dirty = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const commit = () => {
      clearTimeout(timer);
      timer = undefined;
      if (!dirty) return;
      dirty = false;
      if (input.value !== known) {
        known = input.value;
        ctx.send(known);
      }
    };
    input.addEventListener("input", () => {
      dirty = true;
      clearTimeout(timer);
      timer = undefined;
      // In a form the value waits for the submit: no debounced send.
      if (!ctx.form()) timer = setTimeout(commit, 400);
    });
    input.addEventListener("keydown", (e) => {
      const ev = e as KeyboardEvent;
      if (ev.key !== "Enter" || ev.isComposing) return;
      if (!area || ev.ctrlKey || ev.metaKey) {
        if (area) ev.preventDefault();
        if (ctx.form()) {
          ev.preventDefault();
          ctx.submit();
        } else commit();
      }
    });
    input.addEventListener("blur", () => {
      if (ctx.form()) return; // keep what was typed until the form is submitted
      commit();
      if (input.value !== known) input.value = known;
    });
    const update = (el: El, force?: boolean) => {
      setLabel(row, label, el, input);
      setHelp(help, el.help, input);
      input.placeholder = str(el.placeholder);
      const mc = optNum(el.max_chars);
      if (mc !== null && mc > 0) input.maxLength = mc;
      else input.removeAttribute("maxlength");
      if (input instanceof HTMLInputElement) {
        input.type = el.type === "password" ? "password" : "text";
        // The page's autocomplete hint (Streamlit passes it to the browser);
        // "new-password" for a password field without one, as Streamlit.
        input.setAttribute("autocomplete", typeof el.autocomplete === "string" && el.autocomplete
          ? el.autocomplete : el.type === "password" ? "new-password" : "off");
      }
      else {
        const ht = optNum(el.height);
        input.style.height = ht !== null && ht > 0 ? ht + "px" : "";
      }
      input.disabled = el.disabled === true;
      known = str(el.value);
      if (force) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (force || (!focused(input) && timer === undefined)) {
        dirty = false;
        if (input.value !== known) input.value = known;
      }
    };
    update(el);
    return { node: wrap("", row, input), update, value: () => input.value, destroy: () => clearTimeout(timer) };
  };
}

export type WidgetFactory = (el: El, ctx: WidgetCtx) => Widget;

export const widgets: Record<string, WidgetFactory> = {
  button,
  checkbox: checkbox(false),
  toggle: checkbox(true),
  radio,
  selectbox,
  multiselect,
  slider,
  number_input: numberInput,
  text_input: textField(false),
  text_area: textField(true),
};
