// Widgets that pick a value from a control of their own: date, time and
// colour inputs, select_slider, pills and segmented_control, and the form
// submit button. Same conventions as widgets.ts: built once, updated in
// place, value() gives the current value for a form.
import { setIconLabel, setLabel as markdownLabel } from "./markdown";
import { h, newId, optNum, sameList, str, strList } from "./dom";
import type { El } from "./elements";
import { fraction, focused, labelRow, labelVisibility, rangeInputs, setEnds, setHelp, setLabel, setName, wrap, type Widget, type WidgetCtx, type WidgetFactory } from "./widgets";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
function formSubmitButton(el: El, ctx: WidgetCtx): Widget {
  const b = h("button", { type: "button", class: "stark-btn" });
  b.addEventListener("click", () => {
    if (ctx.form()) ctx.submit(ctx.id());
    else ctx.send(true);
  });
  const update = (el: El) => {
    setIconLabel(b, el.label, el.icon);
    b.classList.toggle("primary", el.type === "primary");
    b.disabled = el.disabled === true;
    b.title = str(el.help);
  };
  update(el);
  return { node: wrap("stark-button-w", b), update };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateStr = (v: unknown) => (typeof v === "string" && DATE.test(v) ? v : "");

function dateInput(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const box = h("div", { class: "stark-date-range" });
  let inputs: HTMLInputElement[] = [];
  /** The value as the server last had it, or as last sent. */
  let known: unknown = null;
  // A range is [start, end], or, as in Streamlit, [] or [start] while the
  // user picks it: the first date picked is the start.
  const read = (): unknown => {
    if (inputs.length === 1) return inputs[0].value || known;
    const picked = inputs.map((i) => i.value).filter((d) => DATE.test(d));
    return picked.length === 2 && picked[0] > picked[1] ? [picked[1], picked[0]] : picked;
  };
  const show = (v: unknown) => {
    const vals = Array.isArray(v) ? [dateStr(v[0]), dateStr(v[1])] : [dateStr(v)];
    inputs.forEach((inp, k) => {
      if (inp.value !== vals[k]) inp.value = vals[k];
    });
  };
  const onChange = () => {
    // An emptied or half-filled input is not a value: keep the last one.
    const v = read();
    if (inputs.length === 1 && !inputs[0].value) show(known);
    if (v === null || same(v, known)) return;
    if (Array.isArray(v)) show(v);
    known = v;
    ctx.send(v);
  };
  const build = (n: number) => {
    inputs = [];
    for (let k = 0; k < n; k++) {
      const inp = h("input", { type: "date", class: "stark-input" });
      if (k === 0) inp.id = id;
      inp.addEventListener("change", onChange);
      inputs.push(inp);
    }
    box.replaceChildren(...(n === 2 ? [inputs[0], h("span", { class: "stark-date-sep", "aria-hidden": "true" }, "–"), inputs[1]] : inputs));
    box.classList.toggle("two", n === 2);
  };
  const update = (el: El, force?: boolean) => {
    const lab = setLabel(row, label, el);
    const hidden = labelVisibility(el) !== "visible";
    setHelp(help, el.help);
    const n = Array.isArray(el.value) ? 2 : 1;
    if (n !== inputs.length) build(n);
    known = Array.isArray(el.value) ? el.value.map(dateStr).filter((d) => d !== "").slice(0, 2) : dateStr(el.value) || null;
    inputs.forEach((inp, k) => {
      const min = dateStr(el.min);
      const max = dateStr(el.max);
      if (min) inp.min = min;
      else inp.removeAttribute("min");
      if (max) inp.max = max;
      else inp.removeAttribute("max");
      inp.disabled = el.disabled === true;
      inp.title = str(el.help);
      if (n === 2) inp.setAttribute("aria-label", lab + (k === 0 ? " (start)" : " (end)"));
      else setName(inp, hidden ? lab : null);
    });
    if (force || !inputs.some(focused)) show(known);
  };
  update(el);
  return { node: wrap("stark-date-w", row, box), update, value: read };
}

const TIME = /^\d{2}:\d{2}/;

function timeInput(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const input = h("input", { type: "time", id, class: "stark-input" });
  let known: string | null = null;
  const read = () => (TIME.test(input.value) ? input.value.slice(0, 5) : known);
  input.addEventListener("change", () => {
    const v = read();
    if (!TIME.test(input.value)) input.value = known ?? "";
    if (v === null || v === known) return;
    known = v;
    ctx.send(v);
  });
  const update = (el: El, force?: boolean) => {
    setLabel(row, label, el, input);
    setHelp(help, el.help, input);
    const step = optNum(el.step);
    input.step = step !== null && step > 0 ? String(step) : "60";
    input.disabled = el.disabled === true;
    known = typeof el.value === "string" && TIME.test(el.value) ? el.value.slice(0, 5) : null;
    if (force || !focused(input)) input.value = known ?? "";
  };
  update(el);
  return { node: wrap("stark-time-w", row, input), update, value: read };
}

const COLOR = /^#[0-9a-f]{6}$/i;

function colorPicker(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const input = h("input", { type: "color", id, class: "stark-color" });
  const hex = h("span", { class: "stark-color-hex" });
  let known = "#000000";
  const read = () => input.value.toLowerCase();
  input.addEventListener("input", () => (hex.textContent = read()));
  input.addEventListener("change", () => {
    const v = read();
    hex.textContent = v;
    if (v === known) return;
    known = v;
    ctx.send(v);
  });
  const update = (el: El) => {
    setLabel(row, label, el, input);
    setHelp(help, el.help, input);
    input.disabled = el.disabled === true;
    known = typeof el.value === "string" && COLOR.test(el.value) ? el.value.toLowerCase() : "#000000";
    input.value = known;
    hex.textContent = known;
  };
  update(el);
  return { node: wrap("stark-color-w", row, h("div", { class: "stark-color-row" }, input, hex)), update, value: read };
}

/** The most options of a select_slider that get a mark each on the track. */
const MAX_MARKS = 40;

function selectSlider(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const out = h("output", { class: "stark-slider-value", for: id });
  row.append(out);
  const box = h("div", { class: "stark-range" });
  const ends = h("div", { class: "stark-slider-ends", "aria-hidden": "true" }, h("span"), h("span"));
  let inputs: HTMLInputElement[] = [];
  let paint = () => {};
  let options: string[] = [];
  let dragging = false;
  const current = () => inputs.map((i) => Math.round(i.valueAsNumber));
  const show = () => {
    const cur = current();
    out.textContent = cur.map((i) => options[i] ?? "").join(" – ");
    inputs.forEach((inp, k) => inp.setAttribute("aria-valuetext", options[cur[k]] ?? ""));
    paint();
  };
  const read = () => {
    const v = current();
    return inputs.length === 2 ? v : v[0];
  };
  const build = (n: number) => {
    ({ inputs, paint } = rangeInputs(box, n, id, { min: "0", step: "1" }, () => {
      dragging = true;
      show();
    }, () => {
      dragging = false;
      show();
      ctx.send(read());
    }));
  };
  const update = (el: El, force?: boolean) => {
    const lab = setLabel(row, label, el);
    const hidden = labelVisibility(el) !== "visible";
    setHelp(help, el.help);
    options = strList(el.options);
    const idx = Array.isArray(el.index) ? [optNum(el.index[0]) ?? 0, optNum(el.index[1]) ?? 0] : [optNum(el.index) ?? 0];
    if (idx.length !== inputs.length) {
      build(idx.length);
      dragging = false;
    }
    const last = Math.max(0, options.length - 1);
    inputs.forEach((inp, k) => {
      inp.max = String(last);
      if (!dragging || force) inp.value = String(Math.min(last, Math.max(0, idx[k])));
      inp.disabled = el.disabled === true || options.length === 0;
      if (inputs.length === 2) inp.setAttribute("aria-label", lab + (k === 0 ? " (low)" : " (high)"));
      else setName(inp, hidden ? lab : null);
      inp.title = str(el.help);
    });
    setEnds(ends, options[0] ?? "", options.length > 1 ? options[last] : "");
    // A mark at each option (as Streamlit's select_slider steps), while they fit.
    const marks = options.length > 1 && options.length <= MAX_MARKS ? options.map((_, i) => fraction(i, 0, last)) : [];
    const ticks = h("div", { class: "stark-ticks", "aria-hidden": "true" },
      ...marks.map((f) => h("span", { class: "stark-tick", style: `left: ${f * 100}%` })));
    box.querySelector(".stark-ticks")?.remove();
    box.prepend(ticks);
    show();
  };
  update(el);
  return { node: wrap("stark-select-slider-w", row, box, ends), update, value: read };
}

/** pills and segmented_control: a row of toggle buttons. */
function toggleRow(segmented: boolean) {
  return (el: El, ctx: WidgetCtx): Widget => {
    const { row, label, help } = labelRow(null);
    const group = h("div", { class: segmented ? "stark-toggles stark-segmented" : "stark-toggles stark-pills", role: "group", "aria-labelledby": label.id });
    let opts: string[] | null = null;
    let buttons: HTMLButtonElement[] = [];
    let multi = false;
    let sel: number[] = [];
    const read = () => (multi ? sel.slice().sort((a, b) => a - b) : sel.length ? sel[0] : null);
    const paint = () =>
      buttons.forEach((b, i) => {
        const on = sel.includes(i);
        b.setAttribute("aria-pressed", String(on));
        b.classList.toggle("on", on);
      });
    const click = (i: number) => {
      if (multi) sel = sel.includes(i) ? sel.filter((x) => x !== i) : [...sel, i];
      else if (sel[0] === i) {
        if (segmented) return; // a segmented control keeps its one selection
        sel = [];
      } else sel = [i];
      paint();
      ctx.send(read());
    };
    const update = (el: El) => {
      setLabel(row, label, el, group);
      setHelp(help, el.help, group);
      const options = strList(el.options);
      if (!opts || !sameList(opts, options)) {
        opts = options;
        buttons = options.map((o, i) => {
          const b = h("button", { type: "button", class: "stark-toggle" }, o);
          b.addEventListener("click", () => click(i));
          return b;
        });
        group.replaceChildren(...buttons);
      }
      multi = el.selection_mode === "multi";
      const ok = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) < options.length;
      sel = multi ? (Array.isArray(el.value) ? el.value.filter(ok) : []) : ok(el.value) ? [el.value] : [];
      buttons.forEach((b) => (b.disabled = el.disabled === true));
      paint();
    };
    update(el);
    return { node: wrap("", row, group), update, value: read };
  };
}

export const pickers: Record<string, WidgetFactory> = {
  form_submit_button: formSubmitButton,
  date_input: dateInput,
  time_input: timeInput,
  color_picker: colorPicker,
  select_slider: selectSlider,
  pills: toggleRow(false),
  segmented_control: toggleRow(true),
};
