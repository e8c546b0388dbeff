// stark's browser shell: the WebSocket session (docs/protocol.md), the page
// layout (top bar, sidebar with navigation, main column) and the element tree.
import { BASE, h, iconNode, str } from "./dom";
import { exceptionBox, type El } from "./elements";
import { encode, parseFrame, type Outgoing } from "./protocol";
import { Tree } from "./tree";
import type { PageConfig } from "./widgets";
import type { PageInfo as Page, PageMsg, PagesMsg, ReloadErrorMsg, RunEndMsg, RunStartMsg, DeltaMsg, ServerMsg, ThemeMsg, WelcomeMsg } from "./wire";

type Query = Record<string, string[]>;

const SESSION_KEY = "stark.session";
const DIM_AFTER_MS = 300;
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 5000;
const PHONE = window.matchMedia("(max-width: 699px)");

// ---- layout ---------------------------------------------------------------

const menuBtn = h("button", { type: "button", class: "stark-menu", "aria-label": "Toggle sidebar", "aria-controls": "stark-sidebar", "data-testid": "stark-menu" }, "☰");
const appName = h("span", { class: "stark-appname", "data-testid": "stark-app" });
const running = h("span", { class: "stark-running", "data-testid": "stark-running", role: "status" },
  h("span", { class: "stark-spinner", "aria-hidden": "true" }), "Running…");
running.hidden = true;
const rerunBtn = h("button", { type: "button", class: "stark-rerun", title: "Run the page again", "data-testid": "stark-rerun" }, "↻ Rerun");
const status = h("span", { class: "stark-status", "data-testid": "stark-status", "aria-live": "polite" });
const updated = h("span", { class: "stark-updated", "data-testid": "stark-updated", role: "status" }, "Updated");
updated.hidden = true;
let updatedTimer: number | undefined;
const topbar = h("header", { class: "stark-topbar" }, menuBtn, appName, running, updated, h("span", { class: "stark-spacer" }), rerunBtn, status);
const banners = h("div", { class: "stark-banners", "data-testid": "stark-banners" });
const navList = h("ul");
const nav = h("nav", { class: "stark-nav", "data-testid": "stark-nav", "aria-label": "Pages" }, navList);
const sidebarRoot = h("div", { class: "stark-root", "data-path": "sidebar", "data-testid": "stark-sidebar-root" });
const sidebar = h("aside", { class: "stark-sidebar", id: "stark-sidebar", "data-testid": "stark-sidebar" }, nav, sidebarRoot);
const scrim = h("div", { class: "stark-scrim" });
const runError = h("div", { class: "stark-run-error", "data-testid": "stark-run-error" });
runError.hidden = true;
// A page that no longer compiles after a save: the error over the last good render.
const reloadError = h("div", { class: "stark-reload-error", role: "alert", "data-testid": "stark-reload-error" });
reloadError.hidden = true;
const mainRoot = h("div", { class: "stark-root", "data-path": "main", "data-testid": "stark-main-root" });
const column = h("div", { class: "stark-column", "data-testid": "stark-column" }, reloadError, runError, mainRoot);
const main = h("main", { class: "stark-main", "data-testid": "stark-main" }, column);
const app = h("div", { class: "stark-app" }, topbar, banners, h("div", { class: "stark-body" }, sidebar, scrim, main));

const mount = document.getElementById("root") || document.body;
mount.replaceChildren(app);

function sidebarShown(): boolean {
  const t = app.classList.contains("sb-toggled");
  return PHONE.matches ? t : !t;
}
function syncMenu(): void {
  menuBtn.setAttribute("aria-expanded", String(sidebarShown()));
}
menuBtn.addEventListener("click", () => {
  app.classList.toggle("sb-toggled");
  syncMenu();
});
scrim.addEventListener("click", () => {
  app.classList.remove("sb-toggled");
  syncMenu();
});
PHONE.addEventListener("change", () => {
  app.classList.remove("sb-toggled");
  syncMenu();
});
syncMenu();

// ---- state ----------------------------------------------------------------

let ws: WebSocket | null = null;
let welcomed = false;
let attempt = 0;
let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
let countdown: ReturnType<typeof setInterval> | undefined;
let pages: Page[] = [];
/** Where a navigation declared by st.navigation is shown; "sidebar" otherwise. */
let navPosition = "sidebar";
// st.navigation(expanded=...): navExpanded is the page's; navOpen is the
// reader's "View more" (or a page that once asked for expanded=True: the
// list stays open when it asks no more, as Streamlit's).
let navExpanded = false;
let navOpen = false;
/** A sidebar list of more pages than this is collapsed to its first NAV_SHOWN pages. */
const NAV_COLLAPSE_OVER = 12;
const NAV_SHOWN = 10;
let currentPage = "";
let appTitle = "";
let pageTitle = "";
let runId: unknown = null;
let isRunning = false;
let dimTimer: ReturnType<typeof setTimeout> | undefined;
let pendingPrune: ReturnType<typeof setTimeout> | undefined;
let sessionToken = "";
let config: PageConfig | null = null;
/** Widget values and form submits made while the socket was down, latest per widget or form. */
const queued = new Map<string, Outgoing>();

const tree = new Tree({ main: mainRoot, sidebar: sidebarRoot }, {
  send: sendWidget,
  sendForm: (form, values, submit) => sendQueued("form:" + form, { type: "form", form, values, submit }),
  session: () => sessionToken,
  pageConfig: setPageConfig,
  request: (msg) => welcomed && send(msg),
});

function storedSession(): string {
  try {
    return sessionStorage.getItem(SESSION_KEY) || "";
  } catch {
    return "";
  }
}
function storeSession(s: string): void {
  try {
    sessionStorage.setItem(SESSION_KEY, s);
  } catch {
    /* storage may be disabled */
  }
}

// samePath compares URL paths as the browser may escape them or not: a
// page file named "Ünits" is "/%C3%9Cnits" in location.pathname.
function decodedPath(p: string): string {
  try {
    return decodeURI(p);
  } catch {
    return p;
  }
}
const samePath = (a: string, b: string): boolean => a === b || decodedPath(a) === decodedPath(b);

function pageFromPath(pathname: string): string {
  const p = pages.find((pg) => samePath(pg.url, pathname));
  if (p) return p.name;
  if (BASE && (pathname === BASE || pathname.startsWith(BASE + "/"))) pathname = pathname.slice(BASE.length);
  let s = pathname.replace(/^\/+|\/+$/g, "");
  try {
    s = decodeURIComponent(s);
  } catch {
    /* keep raw */
  }
  return s;
}

function queryFromSearch(search: string): Query {
  const q: Query = {};
  new URLSearchParams(search).forEach((v, k) => {
    (q[k] ||= []).push(v);
  });
  return q;
}

function searchFromQuery(q: unknown): string {
  if (!q || typeof q !== "object") return "";
  const sp = new URLSearchParams();
  for (const [k, vs] of Object.entries(q as Record<string, unknown>)) {
    for (const v of Array.isArray(vs) ? vs : [vs]) sp.append(k, str(v));
  }
  const s = sp.toString();
  return s ? "?" + s : "";
}

// ---- sending --------------------------------------------------------------

function send(msg: Outgoing): boolean {
  if (!ws || ws.readyState !== WebSocket.OPEN) return false;
  ws.send(encode(msg));
  return true;
}

function sendWidget(id: string, value: unknown): void {
  sendQueued("widget:" + id, { type: "widget", id, value });
}

/** Sends now, or after the session resumes (the latest message per key). */
function sendQueued(key: string, msg: Outgoing): void {
  if (welcomed && send(msg)) return;
  queued.delete(key);
  queued.set(key, msg);
}

function navigate(page: string, query: Query): void {
  if (welcomed) send({ type: "navigate", page, query });
  // Otherwise the next hello carries the page from the URL.
}

// ---- status, banners ------------------------------------------------------

function setStatus(state: "connecting" | "connected" | "reconnecting", text?: string): void {
  status.dataset.state = state;
  status.textContent = text || state;
}

function banner(level: string, message: unknown, detail?: unknown, link?: string): void {
  const close = h("button", { type: "button", class: "stark-banner-close", "aria-label": "Dismiss" }, "×");
  const href = link && link.startsWith("/") && !link.startsWith("//") ? link : "";
  const b = h("div", { class: "stark-banner stark-banner-" + (level.replace(/[^\w-]/g, "") || "info"), role: level === "error" ? "alert" : "status", "data-testid": "stark-banner" },
    h("span", { class: "stark-banner-text" }, str(message)),
    detail ? h("span", { class: "stark-banner-detail" }, str(detail)) : null,
    href ? h("a", { href, class: "stark-banner-link", "data-testid": "stark-banner-link" }, "Go to the first page") : null,
    close);
  close.addEventListener("click", () => b.remove());
  banners.append(b);
  while (banners.children.length > 5) banners.firstElementChild?.remove();
}

function setRunning(on: boolean): void {
  isRunning = on;
  running.hidden = !on;
  clearTimeout(dimTimer);
  dimTimer = undefined;
  tree.setRunning(on);
}

// ---- page_config ----------------------------------------------------------

const favicon = (() => {
  const l = document.querySelector<HTMLLinkElement>('link[rel~="icon"]') ?? h("link", { rel: "icon", href: "data:," });
  if (!l.isConnected) document.head.append(l);
  return l;
})();
const defaultIcon = favicon.getAttribute("href") || "data:,";

function xmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
}

/** The favicon for an icon: an emoji (or any short text) drawn in an SVG. */
function iconHref(icon: string): string {
  const t = Array.from(icon.trim()).slice(0, 8).join("");
  if (!t) return defaultIcon;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text x="50" y="50" dy=".35em" text-anchor="middle" font-size="82">${xmlText(t)}</text></svg>`;
  return "data:image/svg+xml," + encodeURIComponent(svg);
}

function setPageConfig(cfg: PageConfig | null): void {
  config = cfg;
  const href = iconHref(cfg?.icon || "");
  if (favicon.getAttribute("href") !== href) favicon.setAttribute("href", href);
  column.classList.toggle("wide", cfg?.layout === "wide");
  applySidebarState(cfg?.initial_sidebar_state ?? "auto");
  updateTitle();
}

let sidebarState = "auto";
/** Opens or closes the sidebar when the page asks for a state it did not ask for before; the user's toggling stands until then. */
function applySidebarState(state: string): void {
  if (state === sidebarState) return;
  sidebarState = state;
  if (state === "auto") return;
  if (sidebarShown() !== (state === "expanded")) app.classList.toggle("sb-toggled");
  syncMenu();
}

// ---- navigation -----------------------------------------------------------

function pageUrl(name: string): string | undefined {
  return pages.find((p) => p.name === name)?.url;
}

function renderNav(): void {
  const items: HTMLElement[] = [];
  let section = "";
  const collapsible = navPosition === "sidebar" && !navExpanded && pages.length > NAV_COLLAPSE_OVER;
  const shown = collapsible && !navOpen ? pages.slice(0, NAV_SHOWN) : pages;
  for (const p of shown) {
    const sec = str(p.section);
    if (sec && sec !== section) items.push(h("li", { class: "stark-nav-section", "data-testid": "stark-nav-section" }, sec));
    section = sec;
    const icon = iconNode(p.icon, "stark-nav-icon");
    const a = h("a", { href: p.url, class: "stark-nav-link", "data-testid": "stark-nav-link", "data-page": p.name }, ...(icon ? [icon] : []), p.label || p.name);
    items.push(h("li", null, a));
  }
  if (collapsible) {
    const more = h("button", { type: "button", class: "stark-nav-more", "data-testid": "stark-nav-more", "aria-expanded": String(navOpen) }, navOpen ? "View less" : `View ${pages.length - NAV_SHOWN} more`);
    more.addEventListener("click", () => {
      navOpen = !navOpen;
      renderNav();
    });
    items.push(h("li", null, more));
  }
  navList.replaceChildren(...items);
  // st.navigation(position=...): in the sidebar, along the top bar, or not shown.
  nav.hidden = navPosition === "hidden";
  nav.dataset.position = navPosition;
  if (navPosition === "top" && nav.parentNode !== topbar) topbar.insertBefore(nav, running);
  else if (navPosition !== "top" && nav.parentNode !== sidebar) sidebar.insertBefore(nav, sidebarRoot);
  highlightNav();
}

function readPages(list: unknown): Page[] {
  return Array.isArray(list)
    ? (list as unknown[]).filter((p): p is Page => !!p && typeof p === "object").map((p) => ({ name: str(p.name), label: str(p.label), url: str(p.url), icon: str(p.icon), section: str(p.section) }))
    : [];
}

function highlightNav(): void {
  for (const a of navList.querySelectorAll<HTMLAnchorElement>("a")) {
    const cur = a.dataset.page === currentPage;
    a.classList.toggle("current", cur);
    if (cur) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function updateTitle(): void {
  // The top bar: the page's set_page_config title, else the app's ([app] title, or its name).
  const top = config?.title || appTitle;
  if (appName.textContent !== top) appName.textContent = top;
  if (config?.title) {
    document.title = config.title;
    return;
  }
  const label = pages.find((p) => p.name === currentPage)?.label;
  const t = pageTitle || label || "";
  document.title = t && appTitle && t !== appTitle ? `${t} · ${appTitle}` : t || appTitle || "stark";
}

// In-app links (navigation and markdown links to a page of the app) navigate
// over the socket instead of loading a new document.
document.addEventListener("click", (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
  if (!a || (a.target && a.target !== "_self") || a.hasAttribute("download")) return;
  let url: URL;
  try {
    url = new URL(a.href, location.href);
  } catch {
    return;
  }
  if (url.origin !== location.origin) return;
  const page = pages.find((p) => samePath(p.url, url.pathname));
  if (!page) return;
  e.preventDefault();
  if (PHONE.matches) {
    app.classList.remove("sb-toggled");
    syncMenu();
  }
  const target = url.pathname + url.search + url.hash;
  if (target !== location.pathname + location.search + location.hash) history.pushState(null, "", target);
  navigate(page.name, queryFromSearch(url.search));
});

window.addEventListener("popstate", () => {
  navigate(pageFromPath(location.pathname), queryFromSearch(location.search));
});

// ---- messages -------------------------------------------------------------

function onWelcome(m: WelcomeMsg): void {
  welcomed = true;
  attempt = 0;
  setStatus("connected");
  if (typeof m.session === "string") {
    sessionToken = m.session;
    storeSession(m.session);
  }
  appTitle = str(m.app);
  pages = readPages(m.pages);
  navPosition = "sidebar";
  currentPage = str(m.page);
  renderNav();
  updateTitle();
  const url = pageUrl(currentPage);
  if (url && !samePath(url, location.pathname)) history.replaceState(null, "", url + location.search);
  if (m.resumed === true) for (const msg of queued.values()) send(msg);
  queued.clear();
}

/** The fragment container a run is scoped to (docs/protocol.md), if any. */
function scopeOf(m: RunStartMsg | RunEndMsg): string | undefined {
  return typeof m.scope === "string" && m.scope !== "" ? m.scope : undefined;
}

function onRunStart(m: RunStartMsg): void {
  clearTimeout(pendingPrune);
  pendingPrune = undefined;
  runId = m.run;
  tree.beginRun(scopeOf(m));
  setRunning(true);
  const run = m.run;
  dimTimer = setTimeout(() => {
    if (isRunning && runId === run) tree.dim();
  }, DIM_AFTER_MS);
}

function onDelta(m: DeltaMsg): void {
  if (Array.isArray(m.elements)) for (const el of m.elements) tree.put(el as unknown as El);
  tree.fresh(m.counts);
}

function onRunEnd(m: RunEndMsg): void {
  setRunning(false);
  const counts = m.counts;
  const scope = scopeOf(m);
  if (m.status === "cancelled") {
    // A cancelled run is superseded by the next one, whose run_end removes
    // what it does not produce; pruning now would make the page flicker.
    // Prune only if no run follows.
    clearTimeout(pendingPrune);
    pendingPrune = setTimeout(() => {
      pendingPrune = undefined;
      tree.prune(counts, scope);
      tree.undim();
    }, 1000);
  } else {
    tree.prune(counts, scope);
    tree.undim();
  }
  const err = m.error;
  if (err && typeof err === "object") {
    if (tree.hasException(str(err.message))) {
      runError.hidden = true;
    } else {
      runError.replaceChildren(exceptionBox(err.message, err.frames, err.kind, err.hint));
      runError.hidden = false;
    }
  } else if (m.status !== "cancelled") {
    runError.hidden = true;
    runError.replaceChildren();
  }
}

function onPage(m: PageMsg): void {
  currentPage = str(m.page);
  pageTitle = str(m.title);
  highlightNav();
  updateTitle();
  const url = pageUrl(currentPage);
  if (url) {
    const target = url + searchFromQuery(m.query);
    if (target !== location.pathname + location.search) history.replaceState(null, "", target);
  }
}

// onReload: a saved file re-runs this page; say so briefly and clear a
// compile error shown by an earlier save.
function onReload(): void {
  reloadError.hidden = true;
  reloadError.replaceChildren();
  updated.hidden = false;
  clearTimeout(updatedTimer);
  updatedTimer = window.setTimeout(() => { updated.hidden = true; }, 1500);
}

// onReloadError shows where a saved file fails to compile; the last good
// render stays below it.
function onReloadError(m: ReloadErrorMsg): void {
  // Not "Updated" while the page shows that it is not.
  clearTimeout(updatedTimer);
  updated.hidden = true;
  const e: Partial<NonNullable<ReloadErrorMsg["error"]>> = m.error && typeof m.error === "object" ? m.error : {};
  const frames = Array.isArray(e.frames) ? e.frames : [];
  const f = frames.length ? frames[frames.length - 1] : undefined;
  const where = f ? `${str(f.file)}:${str(f.line)}:${str(f.col)}` : "";
  reloadError.replaceChildren(
    h("div", { class: "stark-reload-error-title" }, "The saved file does not compile; the page shows its last good version."),
    h("div", { class: "stark-reload-error-message" }, where ? `${where}: ${str(e.message)}` : str(e.message)),
    ...(e.snippet ? [h("pre", { class: "stark-reload-error-snippet" }, str(e.snippet))] : []),
    ...(e.hint ? [h("div", { class: "stark-hint" }, "Hint: " + str(e.hint))] : []),
  );
  reloadError.hidden = false;
}

function onPages(m: PagesMsg): void {
  if (!Array.isArray(m.pages)) return;
  pages = readPages(m.pages);
  const pos = str(m.position);
  navPosition = pos === "top" || pos === "hidden" ? pos : "sidebar";
  navExpanded = m.expanded === true;
  if (navExpanded) navOpen = true;
  renderNav();
}

/** The app's theme and the session's st.set_option: light or dark, and the primary colour. */
function onTheme(m: ThemeMsg): void {
  const root = document.documentElement;
  root.dataset.theme = m.base === "dark" ? "dark" : "light";
  const c = str(m.primary_color);
  if (/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(c)) root.style.setProperty("--accent", c);
  else root.style.removeProperty("--accent");
}

function handle(m: ServerMsg): void {
  switch (m.type) {
    case "reload": return onReload();
    case "reload_error": return onReloadError(m);
    case "pages": return onPages(m);
    case "welcome": return onWelcome(m);
    case "run_start": return onRunStart(m);
    case "delta": return onDelta(m);
    case "run_end": return onRunEnd(m);
    case "page": return onPage(m);
    case "theme": return onTheme(m);
    case "rows": return tree.deliver(str(m.path), m);
    case "error": return banner("error", m.message, m.ref ? `(${str(m.ref)})` : "");
    case "notice": return banner(str(m.level) || "info", m.message, "", str(m.link));
  }
}

// ---- connection -----------------------------------------------------------

function wsUrl(): string {
  return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + BASE + "/_stark/ws";
}

/** What the hello says of the browser, for the page's st.context. */
function visitorHello(): { locale?: string; timezone?: string; timezone_offset?: number; theme: "light" | "dark"; url: string } {
  let timezone: string | undefined;
  try {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    timezone = undefined;
  }
  const forced = document.documentElement.dataset.theme;
  const dark = forced ? forced === "dark" : typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
  return {
    locale: navigator.language || undefined,
    timezone,
    timezone_offset: new Date().getTimezoneOffset(),
    theme: dark ? "dark" : "light",
    url: location.href.slice(0, 4096),
  };
}

function connect(): void {
  clearTimeout(reconnectTimer);
  clearInterval(countdown);
  reconnectTimer = countdown = undefined;
  setStatus("connecting");
  let sock: WebSocket;
  try {
    sock = new WebSocket(wsUrl());
  } catch {
    scheduleReconnect();
    return;
  }
  ws = sock;
  sock.onopen = () => {
    sock.send(encode({
      type: "hello",
      session: storedSession(),
      page: pageFromPath(location.pathname),
      query: queryFromSearch(location.search),
      ...visitorHello(),
    }));
  };
  sock.onmessage = (e) => {
    if (typeof e.data !== "string") return;
    for (const m of parseFrame(e.data)) handle(m);
  };
  sock.onclose = () => {
    if (ws !== sock) return;
    ws = null;
    welcomed = false;
    if (isRunning) {
      setRunning(false);
      tree.undim();
    }
    scheduleReconnect();
  };
}

function scheduleReconnect(): void {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt);
  attempt = Math.min(attempt + 1, 10);
  const delay = Math.round(base * (0.75 + Math.random() * 0.5));
  const at = Date.now() + delay;
  const tick = () => setStatus("reconnecting", `reconnecting in ${Math.max(1, Math.ceil((at - Date.now()) / 1000))}s`);
  tick();
  countdown = setInterval(tick, 1000);
  reconnectTimer = setTimeout(connect, delay);
}

window.addEventListener("online", () => {
  if (!ws && reconnectTimer !== undefined) connect();
});

rerunBtn.addEventListener("click", () => send({ type: "rerun" }));

connect();
