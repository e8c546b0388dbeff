// Markdown: markdown-it with raw HTML off (shown as text) and linkify on; its
// output is sanitised by DOMPurify before it is inserted. This is the only
// place the front end uses innerHTML.
import MarkdownIt from "markdown-it";
import DOMPurify from "dompurify";

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

// GFM links bare "www." hosts too (not other bare domains, so "main.py" stays
// text); linkify-it does http(s)://, ftp:// and e-mails by default.
md.linkify.add("www.", {
  validate: (text, pos, self) => {
    if (pos >= 5 && /[\w./-]/.test(text[pos - 5])) return 0;
    const re = self.re.get_relative_proto_validator();
    re.lastIndex = pos;
    const m = re.exec(text);
    return m ? m[0].length : 0;
  },
  normalize: (match) => {
    match.url = "http://" + match.url;
  },
});

// Links that leave the app open in a new tab, as Streamlit does.
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.hasAttribute("href")) {
    let url: URL;
    try {
      url = new URL(node.getAttribute("href") || "", location.href);
    } catch {
      return;
    }
    if (url.origin !== location.origin) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  }
});

const purifyOpts = { ADD_ATTR: ["target"] };

export function setMarkdown(node: HTMLElement, src: unknown, inline = false): void {
  const text = typeof src === "string" ? src : src === null || src === undefined ? "" : String(src);
  const html = inline ? md.renderInline(text) : md.render(text);
  node.innerHTML = DOMPurify.sanitize(html, purifyOpts) as unknown as string;
}
