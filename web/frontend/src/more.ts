// The widgets of "More widgets" in docs/elements.md: the form submit button,
// date, time and colour inputs, select_slider, pills and segmented_control,
// download_button and file_uploader. Same conventions as widgets.ts: built
// once, updated in place, value() gives the current value for a form.
import { h, newId, optNum, sameList, str, strList, withBase } from "./dom";
import type { El } from "./elements";
import { focused, labelRow, rangeInputs, setHelp, wrap, type Widget, type WidgetCtx, type WidgetFactory } from "./widgets";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** An http(s) URL (absolute or relative to the page), or "" for anything else. */
export function httpUrl(v: unknown): string {
  if (typeof v !== "string" || v.trim() === "") return "";
  try {
    const u = new URL(withBase(v), location.href);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : "";
  } catch {
    return "";
  }
}

function formSubmitButton(el: El, ctx: WidgetCtx): Widget {
  const b = h("button", { type: "button", class: "stark-btn" });
  b.addEventListener("click", () => {
    if (ctx.form()) ctx.submit(ctx.id());
    else ctx.send(true);
  });
  const update = (el: El) => {
    b.textContent = str(el.label);
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
  const read = (): unknown => {
    if (inputs.length === 1) return inputs[0].value || known;
    const [a, b] = inputs.map((i) => i.value);
    if (!a || !b) return known;
    return a <= b ? [a, b] : [b, a];
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
    const lab = str(el.label);
    label.textContent = lab;
    setHelp(help, el.help);
    const n = Array.isArray(el.value) ? 2 : 1;
    if (n !== inputs.length) build(n);
    known = Array.isArray(el.value) ? [dateStr(el.value[0]) || null, dateStr(el.value[1]) || null] : dateStr(el.value) || null;
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
      else inp.removeAttribute("aria-label");
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
    label.textContent = str(el.label);
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
    label.textContent = str(el.label);
    setHelp(help, el.help, input);
    input.disabled = el.disabled === true;
    known = typeof el.value === "string" && COLOR.test(el.value) ? el.value.toLowerCase() : "#000000";
    input.value = known;
    hex.textContent = known;
  };
  update(el);
  return { node: wrap("stark-color-w", row, h("div", { class: "stark-color-row" }, input, hex)), update, value: read };
}

function selectSlider(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const out = h("output", { class: "stark-slider-value", for: id });
  row.append(out);
  const box = h("div", { class: "stark-range" });
  const ends = h("div", { class: "stark-slider-ends", "aria-hidden": "true" }, h("span"), h("span"));
  let inputs: HTMLInputElement[] = [];
  let options: string[] = [];
  let dragging = false;
  const current = () => inputs.map((i) => Math.round(i.valueAsNumber));
  const show = () => {
    const cur = current();
    out.textContent = cur.map((i) => options[i] ?? "").join(" – ");
    inputs.forEach((inp, k) => inp.setAttribute("aria-valuetext", options[cur[k]] ?? ""));
  };
  const read = () => {
    const v = current();
    return inputs.length === 2 ? v : v[0];
  };
  const build = (n: number) => {
    inputs = rangeInputs(box, n, id, { min: "0", step: "1" }, () => {
      dragging = true;
      show();
    }, () => {
      dragging = false;
      show();
      ctx.send(read());
    });
  };
  const update = (el: El, force?: boolean) => {
    const lab = str(el.label);
    label.textContent = lab;
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
      inp.title = str(el.help);
    });
    (ends.children[0] as HTMLElement).textContent = options[0] ?? "";
    (ends.children[1] as HTMLElement).textContent = options.length > 1 ? options[last] : "";
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
      label.textContent = str(el.label);
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

function downloadButton(el: El, ctx: WidgetCtx): Widget {
  const text = h("span");
  const b = h("button", { type: "button", class: "stark-btn stark-download" }, h("span", { class: "stark-download-icon", "aria-hidden": "true" }, "⤓"), text);
  let url = "";
  let fileName = "";
  b.addEventListener("click", () => {
    if (!url) return;
    // The browser fetches the URL and saves it under the file name.
    const a = h("a", { href: url, download: fileName, class: "stark-download-link" });
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    ctx.send(true);
  });
  const update = (el: El) => {
    text.textContent = str(el.label);
    b.classList.toggle("primary", el.type === "primary");
    url = httpUrl(el.url);
    fileName = str(el.file_name);
    b.disabled = el.disabled === true || !url;
    b.title = str(el.help);
  };
  update(el);
  return { node: wrap("stark-button-w", b), update };
}

export function fmtBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "";
  if (n < 1024) return n + " B";
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return (v >= 10 ? Math.round(v) : Math.round(v * 10) / 10) + " " + units[u];
}

interface FileInfo { name: string; size: number }

function fileUploader(el: El, ctx: WidgetCtx): Widget {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const input = h("input", { type: "file", id, class: "stark-file-input" });
  const browse = h("label", { class: "stark-btn stark-browse", for: id }, "Browse files");
  const hint = h("div", { class: "stark-file-hint" });
  const msg = h("div", { class: "stark-file-msg", role: "alert" });
  msg.hidden = true;
  const busy = h("div", { class: "stark-file-busy", role: "status" }, h("span", { class: "stark-spinner", "aria-hidden": "true" }), "Uploading…");
  busy.hidden = true;
  const list = h("ul", { class: "stark-file-list", "aria-label": "Files" });
  const clear = h("button", { type: "button", class: "stark-btn stark-file-clear" }, "Clear");
  const files = h("div", { class: "stark-files" }, list, clear);
  let maxBytes: number | null = null;
  let accept: string[] = [];
  let disabled = false;
  let filesKey = "";
  /** Tokens of this widget's own last upload (or clear), until the server's `files` change. */
  let tokens: string[] | null = null;
  let uploading = 0;

  const showFiles = (fs: FileInfo[]) => {
    list.replaceChildren(...fs.map((f) => h("li", { class: "stark-file" },
      h("span", { class: "stark-file-icon", "aria-hidden": "true" }, "📄"),
      h("span", { class: "stark-file-name" }, f.name),
      h("span", { class: "stark-file-size" }, fmtBytes(f.size)))));
    files.hidden = fs.length === 0;
  };
  const say = (lines: string[]) => {
    msg.replaceChildren(...lines.map((l) => h("div", null, l)));
    msg.hidden = lines.length === 0;
  };
  const accepted = (f: File) => {
    if (!accept.length) return true;
    const name = f.name.toLowerCase();
    const type = (f.type || "").toLowerCase();
    return accept.some((a) => (a.includes("/") ? (a.endsWith("/*") ? type.startsWith(a.slice(0, -1)) : type === a) : name.endsWith(a)));
  };
  const upload = async (f: File): Promise<string> => {
    const url = withBase("/_stark/upload") + "?session=" + encodeURIComponent(ctx.session()) + "&widget=" + encodeURIComponent(ctx.id());
    const r = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": f.type || "application/octet-stream", "X-File-Name": encodeURIComponent(f.name) },
      body: f,
    });
    if (!r.ok) {
      let detail = "";
      try {
        detail = (await r.text()).trim().slice(0, 200);
      } catch {
        /* none */
      }
      throw new Error(detail ? `${r.status}: ${detail}` : `HTTP ${r.status}`);
    }
    const j = (await r.json()) as { token?: unknown };
    if (!j || typeof j.token !== "string") throw new Error("the server returned no token");
    return j.token;
  };
  const sync = () => {
    input.disabled = disabled || uploading > 0;
    clear.disabled = disabled || uploading > 0;
    busy.hidden = uploading === 0;
  };

  const take = async (chosen: File[]) => {
    if (!chosen.length || input.disabled) return;
    if (!input.multiple) chosen = chosen.slice(0, 1);
    const problems: string[] = [];
    const ok = chosen.filter((f) => {
      if (maxBytes !== null && f.size > maxBytes) {
        problems.push(`${f.name} is too large (${fmtBytes(f.size)}; the limit is ${fmtBytes(maxBytes)}).`);
        return false;
      }
      if (!accepted(f)) {
        problems.push(`${f.name} is not an accepted file type (${accept.join(", ")}).`);
        return false;
      }
      return true;
    });
    say(problems);
    if (!ok.length) return;
    uploading++;
    sync();
    try {
      const got: string[] = [];
      for (const f of ok) got.push(await upload(f));
      tokens = got;
      showFiles(ok.map((f) => ({ name: f.name, size: f.size })));
      ctx.send(got);
    } catch (e) {
      say([...problems, "Upload failed: " + (e instanceof Error ? e.message : String(e))]);
    } finally {
      uploading--;
      sync();
    }
  };
  input.addEventListener("change", () => {
    const chosen = Array.from(input.files ?? []);
    input.value = ""; // choosing the same file again is a change too
    void take(chosen);
  });
  clear.addEventListener("click", () => {
    tokens = [];
    showFiles([]);
    say([]);
    ctx.send([]);
  });

  const update = (el: El, force?: boolean) => {
    if (force) {
      filesKey = ""; // a cleared form forgets its uploads
      say([]);
    }
    label.textContent = str(el.label);
    setHelp(help, el.help, input);
    accept = strList(el.accept).map((a) => a.trim().toLowerCase()).filter(Boolean).map((a) => (a.includes("/") || a.startsWith(".") ? a : "." + a));
    if (accept.length) input.accept = accept.join(",");
    else input.removeAttribute("accept");
    input.multiple = el.multiple === true;
    maxBytes = optNum(el.max_bytes);
    if (maxBytes !== null && maxBytes <= 0) maxBytes = null;
    const parts: string[] = [];
    if (maxBytes !== null) parts.push(`Limit ${fmtBytes(maxBytes)} per file`);
    if (accept.length) parts.push(accept.map((a) => a.replace(/^\./, "").toUpperCase()).join(", "));
    hint.textContent = parts.join(" • ");
    hint.hidden = parts.length === 0;
    disabled = el.disabled === true;
    const fs: FileInfo[] = Array.isArray(el.files)
      ? el.files.filter((f): f is Record<string, unknown> => !!f && typeof f === "object").map((f) => ({ name: str(f.name), size: Number(f.size) }))
      : [];
    const key = JSON.stringify(fs);
    if (key !== filesKey) {
      filesKey = key;
      tokens = null;
      showFiles(fs);
    }
    sync();
  };
  update(el);
  // In a form: the tokens of an upload made here; untouched and empty: [];
  // untouched with files from an earlier submit: left out (the browser does
  // not know their tokens, the server keeps them).
  const value = () => (tokens !== null ? tokens.slice() : filesKey === "[]" ? [] : undefined);
  const drop = h("div", { class: "stark-dropzone" }, input, browse, hint);
  drop.addEventListener("dragover", (e) => {
    if (input.disabled) return;
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    drop.classList.remove("over");
    if (input.disabled) return;
    e.preventDefault();
    void take(Array.from(e.dataTransfer?.files ?? []));
  });
  return { node: wrap("stark-file-w", row, drop, busy, msg, files), update, value };
}

export const moreWidgets: Record<string, WidgetFactory> = {
  form_submit_button: formSubmitButton,
  date_input: dateInput,
  time_input: timeInput,
  color_picker: colorPicker,
  select_slider: selectSlider,
  pills: toggleRow(false),
  segmented_control: toggleRow(true),
  download_button: downloadButton,
  file_uploader: fileUploader,
};
