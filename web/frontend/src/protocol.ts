// Frames of the wire protocol (docs/protocol.md): what the socket receives,
// parsed into messages, and what it sends. The message types are generated
// from the Go definition into wire.ts.
import { VERSION, serverMsgTypes, type BrowserMsg, type ServerMsg } from "./wire";

/** A message to send, without the version, which encode adds. */
export type Outgoing = BrowserMsg extends infer M ? (M extends BrowserMsg ? Omit<M, "v"> : never) : never;

const known = new Set<string>(serverMsgTypes);

/**
 * The messages of a frame from the server: one message, or an array of
 * messages sent together. What is not an object of a known type is dropped.
 */
export function parseFrame(data: string): ServerMsg[] {
  let m: unknown;
  try {
    m = JSON.parse(data);
  } catch {
    return [];
  }
  const msgs = Array.isArray(m) ? m : [m];
  return msgs.filter((one): one is ServerMsg =>
    !!one && typeof one === "object" && !Array.isArray(one) && known.has((one as { type?: unknown }).type as string));
}

/** The frame of a message to the server. */
export function encode(msg: Outgoing): string {
  return JSON.stringify({ v: VERSION, ...msg });
}
