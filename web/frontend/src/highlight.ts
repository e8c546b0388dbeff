// st.code's syntax highlighting: highlight.js's core with its common
// languages (about 40: Python, SQL, JavaScript, Go, Bash, JSON, YAML, ...),
// a chunk of its own that the bundle loads the first time a page shows
// code in a language (see docs/dependencies.md).
import hljs from "highlight.js/lib/common";

/** Whether highlight.js knows the language (or one of its aliases: py, js, sh). */
export function known(lang: string): boolean {
  return !!hljs.getLanguage(lang);
}

/**
 * The code highlighted, as HTML: highlight.js escapes the code's text (&, <,
 * >, " and ') and adds only <span class="hljs-..."> elements; null when the
 * language is unknown.
 */
export function highlightHTML(code: string, lang: string): string | null {
  if (!known(lang)) return null;
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}

/**
 * Splits highlighted HTML into lines, each closing the spans open at its end
 * and the next opening them again, so that each line is well-formed HTML on
 * its own (for numbered lines). The newlines are left out.
 */
export function splitLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let cur = "";
  for (const tok of html.match(/<span[^>]*>|<\/span>|[^<]+/g) ?? []) {
    if (tok.startsWith("<span")) {
      open.push(tok);
      cur += tok;
    } else if (tok === "</span>") {
      open.pop();
      cur += tok;
    } else {
      const parts = tok.split("\n");
      parts.forEach((p, i) => {
        if (i > 0) {
          lines.push(cur + "</span>".repeat(open.length));
          cur = open.join("");
        }
        cur += p;
      });
    }
  }
  lines.push(cur);
  return lines;
}

/**
 * Highlights the code element's text in lang: as a whole, or (numbered)
 * line by line into the .stark-code-line spans. Nothing changes when the
 * language is unknown.
 */
export function highlightInto(code: HTMLElement, body: string, lang: string, numbered: boolean): boolean {
  const html = highlightHTML(body, lang);
  if (html === null) return false;
  if (!numbered) code.innerHTML = html;
  else {
    const lines = splitLines(html);
    code.querySelectorAll<HTMLElement>(".stark-code-line").forEach((n, i) => {
      n.innerHTML = (lines[i] ?? "") + (i < lines.length - 1 ? "\n" : "");
    });
  }
  code.classList.add("hljs");
  return true;
}
