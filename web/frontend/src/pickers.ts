// Widgets that pick a value from a control of their own: date, time and
// colour inputs, select_slider, pills and segmented_control, and the form
// submit button. Same conventions as widgets.ts: built once, updated in
// place, value() gives the current value for a form.
import { setIconLabel, setLabel as markdownLabel } from "./markdown";
import { h, newId, optNum, sameList, str, strList } from "./dom";
import { calendar, dateFormat, fmtDate, parseDate, today } from "./calendar";
import { combo } from "./combo";
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
/** Between a range's dates, as shown and as read back. */
const RANGE_SEP = " – ";

/**
 * date_input: a text field showing the date (or the range) in the page's
 * format, and a calendar that opens under it. A date typed in the format
 * is taken when the field is left or Enter is pressed.
 */
function dateInput(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const input = h("input", {
    type: "text", id, class: "stark-input stark-date-field", autocomplete: "off", spellcheck: "false",
    "aria-haspopup": "dialog", "aria-expanded": "false",
  });
  let isRange = false;
  let format = "YYYY/MM/DD";
  let min = "";
  let max = "";
  /** The value as the server last had it, or as last sent. */
  let known: string | string[] | null = null;
  const picked = (): string[] => (Array.isArray(known) ? known : known ? [known] : []);
  const text = () => picked().map((d) => fmtDate(d, format)).join(RANGE_SEP);
  const show = () => {
    if (input.value !== text()) input.value = text();
  };
  const send = (v: string | string[]) => {
    if (same(v, known)) return;
    known = v;
    ctx.send(v);
  };
  const cal = calendar({
    min: () => min,
    max: () => max,
    selected: picked,
    pick: (d) => {
      // A range is [start, end], or, as in Streamlit, [start] while the
      // user picks it: the first date picked is the start.
      if (!isRange) {
        send(d);
        close(true);
      } else {
        const cur = picked();
        if (cur.length === 1) {
          send(cur[0] <= d ? [cur[0], d] : [d, cur[0]]);
          close(true);
        } else {
          send([d]);
          cal.show(d);
          cal.focusDay();
        }
      }
      show();
    },
    escape: () => close(true),
  });
  cal.node.hidden = true;
  const open = () => {
    if (input.disabled || !cal.node.hidden) return;
    cal.node.hidden = false;
    input.setAttribute("aria-expanded", "true");
    // The month of the last date picked; with none, today's, within the bounds.
    let at = picked()[picked().length - 1] ?? today();
    if (min && at < min) at = min;
    if (max && at > max) at = max;
    cal.show(at);
  };
  function close(refocus: boolean) {
    if (cal.node.hidden) return;
    cal.node.hidden = true;
    input.setAttribute("aria-expanded", "false");
    if (refocus) input.focus();
  }
  /** Takes what was typed, when it is a date (or a range) in the format; else shows the value again. */
  const commit = () => {
    const raw = input.value.trim();
    if (raw === text()) return;
    const parts = raw === "" ? [] : raw.split(/\s+[–-]\s+|–/);
    const dates = parts.map((p) => parseDate(p, format));
    const ok = dates.every((d): d is string => d !== null && (!min || d >= min) && (!max || d <= max));
    if (ok && !isRange && dates.length === 1) send(dates[0]);
    else if (ok && isRange && dates.length <= 2) send(dates.length === 2 && dates[0] > dates[1] ? [dates[1], dates[0]] : dates);
    show();
  };
  input.addEventListener("click", open);
  input.addEventListener("keydown", (e) => {
    if (e.isComposing) return;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      open();
      cal.focusDay();
    } else if (e.key === "Escape") close(false);
    else if (e.key === "Enter") {
      commit();
      close(false);
    }
  });
  input.addEventListener("change", commit);
  const node = wrap("stark-date-w", row, h("div", { class: "stark-date-box" }, input, cal.node));
  // Leaving the field and its calendar closes the calendar.
  // (Checked once the focus has landed: the calendar redraws its days, and
  // the focused day may leave the page as the next one takes the focus.)
  node.addEventListener("focusout", () => {
    setTimeout(() => {
      if (!node.contains(document.activeElement)) close(false);
    }, 0);
  });
  const update = (el: El, force?: boolean) => {
    const lab = setLabel(row, label, el, input);
    setHelp(help, el.help, input);
    isRange = Array.isArray(el.value);
    format = dateFormat(el.format);
    min = dateStr(el.min);
    max = dateStr(el.max);
    known = Array.isArray(el.value) ? el.value.map(dateStr).filter((d) => d !== "").slice(0, 2) : dateStr(el.value) || null;
    input.placeholder = isRange ? format + RANGE_SEP + format : format;
    input.disabled = el.disabled === true;
    if (isRange && labelVisibility(el) !== "visible") input.setAttribute("aria-label", lab);
    if (force || !focused(input)) show();
  };
  update(el);
  return { node, update, value: () => (isRange ? picked() : known) };
}

const TIME = /^\d{2}:\d{2}/;

/** The times of a day every step seconds (at least a minute), "HH:MM". */
export function timeList(step: number): string[] {
  const mins = Math.max(1, Math.round(step / 60));
  const out: string[] = [];
  for (let m = 0; m < 24 * 60; m += mins) out.push(String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0"));
  return out;
}

/** A time typed as H:MM, HH:MM or HHMM, as "HH:MM"; null when it is not one. */
export function parseTime(s: string): string | null {
  const m = /^(\d{1,2}):?(\d{2})$/.exec(s.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return m[1].padStart(2, "0") + ":" + m[2];
}

/** time_input: a field with a list of times every step (15 minutes by default); any time may be typed. */
function timeInput(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  let times: string[] = [];
  let known: string | null = null;
  const take = (v: string) => {
    c.input.value = v;
    if (v === known) return;
    known = v;
    ctx.send(v);
  };
  const c = combo({
    options: () => times,
    candidates: (q) => {
      const t = q.trim();
      if (t === "" || t === known) return times.map((_, i) => i);
      return times.flatMap((x, i) => (x.startsWith(t) || x.startsWith("0" + t) ? [i] : []));
    },
    selected: (i) => times[i] === known,
    pick: (i) => {
      take(times[i]);
      c.close();
    },
    empty: () => "Enter a time as HH:MM",
    cancel: () => {
      const t = parseTime(c.input.value);
      if (t) take(t);
      else c.input.value = known ?? "";
    },
  });
  c.input.id = id;
  c.input.classList.add("stark-input");
  c.input.setAttribute("inputmode", "numeric");
  c.input.addEventListener("keydown", (e) => {
    // Enter on a typed time that is not in the list takes it.
    if (e.key === "Enter" && !e.defaultPrevented) {
      const t = parseTime(c.input.value);
      if (t) {
        take(t);
        c.close();
      }
    }
  });
  c.input.addEventListener("focus", () => c.input.select());
  const update = (el: El, force?: boolean) => {
    setLabel(row, label, el, c.input);
    setHelp(help, el.help, c.input);
    const step = optNum(el.step);
    times = timeList(step !== null && step > 0 ? step : 900);
    c.input.disabled = el.disabled === true;
    c.input.placeholder = "HH:MM";
    known = typeof el.value === "string" && TIME.test(el.value) ? el.value.slice(0, 5) : null;
    if (force || !focused(c.input)) c.input.value = known ?? "";
    c.refresh();
  };
  update(el);
  return { node: wrap("stark-time-w", row, h("div", { class: "stark-combo" }, c.input, c.list)), update, value: () => parseTime(c.input.value) ?? known };
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
