// The widgets that move files: download_button (data the run produced,
// fetched from the media URL) and file_uploader (POST /_stark/upload, then
// the tokens as the value). Same conventions as widgets.ts.
import { setIconLabel } from "./markdown";
import { h, newId, optNum, str, strList, withBase } from "./dom";
import type { El } from "./elements";
import type { UploadReply } from "./wire";
import { labelRow, setHelp, setLabel, wrap, type Widget, type WidgetCtx, type WidgetFactory } from "./widgets";

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
/** Uploads a file for the widget (POST /_stark/upload) and returns its token. */
export async function uploadFile(ctx: WidgetCtx, body: Blob, name: string): Promise<string> {
  const url = withBase("/_stark/upload") + "?session=" + encodeURIComponent(ctx.session()) + "&widget=" + encodeURIComponent(ctx.id());
  const r = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": body.type || "application/octet-stream", "X-File-Name": encodeURIComponent(name) },
    body,
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
  const j = (await r.json()) as Partial<UploadReply> | null;
  if (!j || typeof j.token !== "string") throw new Error("the server returned no token");
  return j.token;
}

function downloadButton(el: El, ctx: WidgetCtx): Widget {
  const text = h("span");
  const sign = h("span", { class: "stark-download-icon", "aria-hidden": "true" }, "⤓");
  const b = h("button", { type: "button", class: "stark-btn stark-download" }, sign, text);
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
    // The page's icon replaces the download sign.
    setIconLabel(text, el.label, el.icon);
    sign.hidden = typeof el.icon === "string" && el.icon !== "";
    b.classList.toggle("primary", el.type === "primary");
    url = typeof el.media === "string" && el.media !== "" ? httpUrl("/_stark/media/" + encodeURIComponent(el.media)) : "";
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
  const upload = (f: File): Promise<string> => uploadFile(ctx, f, f.name);
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
    setLabel(row, label, el, input);
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

export const fileWidgets: Record<string, WidgetFactory> = {
  download_button: downloadButton,
  file_uploader: fileUploader,
};
