// A searchable dropdown (the ARIA combobox pattern): a text input that
// filters a listbox of options. Multiselect shows its picks as removable
// chips before the input; a selectbox with many options is searchable with
// it. The keyboard: ArrowDown/ArrowUp move through the list, Enter picks,
// Escape closes, Backspace in an empty multiselect removes the last chip.
import { h, newId } from "./dom";

/**
 * The indexes of options that match query (case-insensitive, anywhere in
 * the option), leaving out those in exclude, in the options' order; those
 * that start with the query come first.
 */
export function filterOptions(options: string[], query: string, exclude: number[] = []): number[] {
  const q = query.trim().toLowerCase();
  const starts: number[] = [];
  const within: number[] = [];
  options.forEach((o, i) => {
    if (exclude.includes(i)) return;
    const at = o.toLowerCase().indexOf(q);
    if (at === 0) starts.push(i);
    else if (at > 0) within.push(i);
  });
  return [...starts, ...within];
}

export interface ComboConfig {
  /** The options that match the query, as indexes of options(). */
  candidates(query: string): number[];
  options(): string[];
  /** Whether option i is the current value (aria-selected). */
  selected(i: number): boolean;
  pick(i: number): void;
  /** The text of the list when no option matches (or none can be picked). */
  empty(query: string): string;
  /** Escape, or the input lost focus. */
  cancel?(): void;
  /** Backspace in an empty input. */
  backspace?(): void;
}

export interface Combo {
  input: HTMLInputElement;
  list: HTMLUListElement;
  open(): void;
  close(): void;
  isOpen(): boolean;
  /** Redraws the list (after the options or the value changed). */
  refresh(): void;
}

export function combo(cfg: ComboConfig): Combo {
  const listId = newId("stark-lb");
  const input = h("input", {
    type: "text", class: "stark-combo-input", role: "combobox", autocomplete: "off", spellcheck: "false",
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId,
  });
  const list = h("ul", { class: "stark-combo-list", role: "listbox", id: listId });
  list.hidden = true;
  let shown: number[] = [];
  let active = -1;
  const optId = (i: number) => listId + "-" + i;
  const setActive = (k: number) => {
    active = shown.length ? Math.max(0, Math.min(shown.length - 1, k)) : -1;
    [...list.children].forEach((li, j) => li.classList.toggle("active", j === active));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", optId(shown[active]));
      const li = list.children[active] as HTMLElement;
      li.scrollIntoView?.({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };
  const refresh = () => {
    if (list.hidden) return;
    const opts = cfg.options();
    shown = cfg.candidates(input.value);
    if (!shown.length) {
      list.replaceChildren(h("li", { class: "stark-combo-empty", role: "presentation" }, cfg.empty(input.value)));
    } else {
      list.replaceChildren(...shown.map((i) => {
        const li = h("li", { role: "option", id: optId(i), class: "stark-combo-opt", "aria-selected": String(cfg.selected(i)) }, opts[i]);
        // mousedown, not click: the input keeps the focus.
        li.addEventListener("mousedown", (e) => {
          e.preventDefault();
          cfg.pick(i);
        });
        return li;
      }));
    }
    const sel = shown.findIndex((i) => cfg.selected(i));
    setActive(sel >= 0 ? sel : 0);
  };
  const open = () => {
    if (input.disabled) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    refresh();
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  input.addEventListener("focus", open);
  input.addEventListener("click", open);
  input.addEventListener("input", () => {
    open();
    refresh();
  });
  input.addEventListener("blur", () => {
    close();
    cfg.cancel?.();
  });
  input.addEventListener("keydown", (e) => {
    if (e.isComposing) return;
    switch (e.key) {
      case "ArrowDown":
      case "ArrowUp":
        e.preventDefault();
        if (list.hidden) open();
        else setActive(active + (e.key === "ArrowDown" ? 1 : -1));
        break;
      case "Enter":
        if (!list.hidden && active >= 0 && shown[active] !== undefined) {
          e.preventDefault();
          cfg.pick(shown[active]);
        }
        break;
      case "Escape":
        if (!list.hidden) {
          e.preventDefault();
          close();
          cfg.cancel?.();
        }
        break;
      case "Backspace":
        if (input.value === "" && cfg.backspace) {
          e.preventDefault();
          cfg.backspace();
        }
        break;
    }
  });
  return { input, list, open, close, isOpen: () => !list.hidden, refresh };
}
