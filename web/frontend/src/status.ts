// The "Status" elements of docs/elements.md that are updated in place like
// widgets (they have no id): progress, spinner, toast and page_config; and
// redirect, which leaves the page to sign in or out.
import { BASE, h, optNum, str, withBase } from "./dom";
import type { El } from "./elements";
import { setMarkdown } from "./markdown";
import type { Widget, WidgetCtx, WidgetFactory } from "./widgets";

function progress(el: El): Widget {
  const fill = h("div", { class: "stark-progress-fill" });
  const bar = h("div", { class: "stark-progress-bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100" }, fill);
  const text = h("div", { class: "stark-progress-text" });
  const update = (el: El) => {
    const v = Math.max(0, Math.min(100, Math.round(optNum(el.value) ?? 0)));
    const t = str(el.text);
    fill.style.width = v + "%";
    bar.setAttribute("aria-valuenow", String(v));
    bar.setAttribute("aria-valuetext", t ? `${t} (${v}%)` : v + "%");
    bar.setAttribute("aria-label", t || "Progress");
    text.textContent = t;
    text.hidden = !t;
  };
  update(el);
  return { node: h("div", { class: "stark-progress" }, text, bar), update };
}

/** Shown only while a run is in progress. */
function spinner(el: El, ctx: WidgetCtx): Widget {
  const text = h("span", { class: "stark-spinner-text" });
  const node = h("div", { class: "stark-spinner-el", role: "status" }, h("span", { class: "stark-spinner", "aria-hidden": "true" }), text);
  const update = (el: El) => {
    text.textContent = str(el.text) || "Running…";
  };
  update(el);
  node.hidden = !ctx.running();
  return { node, update, runState: (on) => (node.hidden = !on) };
}

// ---- toasts -----------------------------------------------------------------

const TOAST_MS = 4000;
const TOAST_MAX = 5;
let toastArea: HTMLElement | null = null;

function showToast(body: unknown, icon: unknown): void {
  if (!toastArea) {
    toastArea = h("div", { class: "stark-toasts", role: "status", "aria-live": "polite", "data-testid": "stark-toasts" });
    document.body.append(toastArea);
  }
  const text = h("div", { class: "stark-toast-body stark-md" });
  setMarkdown(text, body);
  const close = h("button", { type: "button", class: "stark-toast-close", "aria-label": "Dismiss" }, "×");
  const ic = str(icon);
  const t = h("div", { class: "stark-toast", "data-testid": "stark-toast-shown" },
    ic ? h("span", { class: "stark-toast-icon", "aria-hidden": "true" }, ic) : null, text, close);
  let timer = setTimeout(() => t.remove(), TOAST_MS);
  close.addEventListener("click", () => t.remove());
  // Hovering keeps it up so it can be read.
  t.addEventListener("mouseenter", () => clearTimeout(timer));
  t.addEventListener("mouseleave", () => (timer = setTimeout(() => t.remove(), TOAST_MS / 2)));
  toastArea.append(t);
  while (toastArea.children.length > TOAST_MAX) toastArea.firstElementChild?.remove();
}

/**
 * Renders nothing in place; shows a toast when it arrives, and again only when
 * its content changes (a toast kept by a later run is not re-sent, and one
 * re-sent unchanged, e.g. after a reconnect, is not shown again).
 */
function toast(el: El): Widget {
  const node = h("div", { class: "stark-toast-anchor" });
  node.hidden = true;
  let shown = "";
  const update = (el: El) => {
    const key = JSON.stringify([el.body ?? null, el.icon ?? null]);
    if (key === shown) return;
    shown = key;
    showToast(el.body, el.icon);
  };
  update(el);
  return { node, update };
}

/** No visible output: title, favicon and layout go to the shell (main.ts). */
function pageConfig(el: El, ctx: WidgetCtx): Widget {
  const node = h("div", { class: "stark-page-config" });
  node.hidden = true;
  const owner = {};
  const update = (el: El) => ctx.pageConfig(owner, { title: str(el.title), icon: str(el.icon), layout: str(el.layout), initial_sidebar_state: str(el.initial_sidebar_state) || "auto" });
  update(el);
  return { node, update, destroy: () => ctx.pageConfig(owner, null) };
}

/** The page, relative to the app's base, that a sign-in returns to. */
function currentPage(): string {
  let p = location.pathname;
  if (BASE && p.startsWith(BASE)) p = p.slice(BASE.length);
  return (p || "/") + location.search;
}

/**
 * st.login and st.logout: the browser leaves the page once the element
 * arrives: to the server's sign-in with the provider, or by a POST of the
 * logout form (a sign-out is never a GET, so a link cannot sign anyone out).
 */
function redirect(el: El): Widget {
  const node = h("div", { class: "stark-redirect", "data-testid": "stark-redirect" });
  node.hidden = true;
  let gone = false;
  const go = (el: El) => {
    if (gone) return;
    gone = true;
    if (str(el.action) === "logout") {
      const form = h("form", { method: "post", action: withBase("/_stark/logout") });
      form.hidden = true;
      document.body.append(form);
      (form as HTMLFormElement).submit();
      return;
    }
    const provider = str(el.provider);
    location.assign(withBase("/_stark/oidc/login?provider=" + encodeURIComponent(provider) + "&next=" + encodeURIComponent(currentPage())));
  };
  setTimeout(() => go(el), 0);
  return { node, update: () => {} };
}

export const live: Record<string, WidgetFactory> = {
  progress,
  spinner,
  toast,
  page_config: pageConfig,
  redirect,
};
