// The chat elements (docs/elements.md, "Chat"): chat_message, a container
// with an avatar beside its area, and chat_input, a text box that sends its
// text on Enter (Shift+Enter: a new line) and empties itself; pinned to the
// bottom of the page when written in the main area. With accept_file it
// uploads the chosen files first and sends {text, files: tokens}.
import { h, iconNode, optNum, str } from "./dom";
import type { El } from "./elements";
import type { Container } from "./containers";
import { fmtBytes, httpUrl, uploadFile } from "./files";
import type { Widget, WidgetCtx } from "./widgets";

function chatMessage(el: El): Container {
  const avatar = h("div", { class: "stark-chat-avatar", "aria-hidden": "true" });
  const area = h("div", { class: "stark-stack stark-chat-body" });
  const node = h("div", { class: "stark-box stark-chat-message" }, avatar, area);
  const update = (el: El) => {
    const role = str(el.role);
    node.dataset.role = role;
    node.setAttribute("aria-label", "Message from " + str(el.name));
    avatar.replaceChildren();
    avatar.className = "stark-chat-avatar " + (role || "other");
    const a = str(el.avatar);
    if (el.avatar_type === "image") {
      const url = httpUrl(a);
      if (url) avatar.append(h("img", { src: url, alt: "" }));
    } else if (el.avatar_type === "letter") {
      avatar.append(h("span", { class: "stark-chat-letter" }, a));
    } else {
      const icon = iconNode(a);
      if (icon) avatar.append(icon);
    }
  };
  update(el);
  return { node, area, update };
}

function chatInput(el: El, ctx: WidgetCtx): Widget {
  const input = h("textarea", { class: "stark-input stark-chat-text", rows: "1", "aria-label": "Chat message" });
  const send = h("button", { type: "button", class: "stark-btn stark-chat-send", "aria-label": "Send" }, "➤");
  const attach = h("input", { type: "file", class: "stark-chat-file-input" });
  attach.hidden = true;
  const clip = h("button", { type: "button", class: "stark-btn stark-chat-attach", "aria-label": "Attach files" }, "📎");
  const chosen = h("div", { class: "stark-chat-files" });
  const msg = h("div", { class: "stark-file-msg" });
  msg.hidden = true;
  const row = h("div", { class: "stark-chat-row" }, clip, attach, input, send);
  const node = h("div", { class: "stark-chat-input" }, chosen, msg, row);
  let files: File[] = [];
  let accept: unknown = false;
  let maxBytes: number | null = null;
  let disabled = false;
  let busy = false;

  const grow = () => {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 200) + "px";
  };
  const showFiles = () => {
    chosen.replaceChildren(...files.map((f) => h("span", { class: "stark-chat-file" }, `${f.name} (${fmtBytes(f.size)})`)));
    chosen.hidden = files.length === 0;
  };
  const sync = () => {
    input.disabled = disabled || busy;
    send.disabled = disabled || busy || (input.value.trim() === "" && files.length === 0);
    clip.hidden = accept === false;
    clip.disabled = disabled || busy;
  };
  const submit = async () => {
    const text = input.value;
    if (disabled || busy || (text.trim() === "" && files.length === 0)) return;
    if (accept === false) {
      ctx.send(text);
      input.value = "";
      grow();
      sync();
      return;
    }
    busy = true;
    sync();
    try {
      const tokens: string[] = [];
      for (const f of files) tokens.push(await uploadFile(ctx, f, f.name));
      ctx.send({ text, files: tokens });
      input.value = "";
      files = [];
      showFiles();
      msg.hidden = true;
    } catch (e) {
      msg.textContent = "Upload failed: " + (e instanceof Error ? e.message : String(e));
      msg.hidden = false;
    } finally {
      busy = false;
      grow();
      sync();
    }
  };
  // Enter sends, Shift+Enter breaks the line. The line break an Enter
  // would insert is refused too where it comes apart from its keydown (as
  // from synthetic keys).
  let shiftEnter = false;
  input.addEventListener("keydown", (e) => {
    const ev = e as KeyboardEvent;
    if (ev.key !== "Enter" || ev.isComposing) return;
    shiftEnter = ev.shiftKey;
    if (ev.shiftKey) return;
    ev.preventDefault();
    void submit();
  });
  input.addEventListener("beforeinput", (e) => {
    const ev = e as InputEvent;
    if ((ev.inputType === "insertLineBreak" || ev.inputType === "insertParagraph") && !shiftEnter) ev.preventDefault();
  });
  input.addEventListener("input", () => {
    grow();
    sync();
  });
  send.addEventListener("click", () => void submit());
  clip.addEventListener("click", () => attach.click());
  attach.addEventListener("change", () => {
    let picked = Array.from(attach.files ?? []);
    attach.value = "";
    if (accept !== "multiple") picked = picked.slice(0, 1);
    const big = picked.filter((f) => maxBytes !== null && f.size > maxBytes);
    msg.textContent = big.map((f) => `${f.name} is too large (${fmtBytes(f.size)}; the limit is ${fmtBytes(maxBytes ?? 0)}).`).join(" ");
    msg.hidden = big.length === 0;
    picked = picked.filter((f) => !big.includes(f));
    files = accept === "multiple" ? files.concat(picked) : picked;
    showFiles();
    sync();
  });

  const update = (el: El) => {
    input.placeholder = str(el.placeholder);
    const mc = optNum(el.max_chars);
    if (mc !== null && mc > 0) input.maxLength = mc;
    else input.removeAttribute("maxlength");
    accept = el.accept_file ?? false;
    attach.multiple = accept === "multiple";
    maxBytes = optNum(el.max_bytes);
    disabled = el.disabled === true;
    node.classList.toggle("pinned", el.pinned === true);
    sync();
  };
  update(el);
  showFiles();
  return { node, update };
}

export const chatContainers: Record<string, (el: El) => Container> = { chat_message: chatMessage };
export const chatWidgets: Record<string, (el: El, ctx: WidgetCtx) => Widget> = { chat_input: chatInput };
