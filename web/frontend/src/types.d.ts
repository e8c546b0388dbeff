// markdown-it-emoji ships no types: its plugins are markdown-it plugins.
declare module "markdown-it-emoji" {
  import type { MarkdownIt } from "markdown-it";
  type Plugin = (md: MarkdownIt, options?: { defs?: Record<string, string>; shortcuts?: Record<string, string | string[]>; enabled?: string[] }) => void;
  export const full: Plugin;
  export const light: Plugin;
  export const bare: Plugin;
}
