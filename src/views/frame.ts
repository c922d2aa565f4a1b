/**
 * A template cut from rendered JSX: the markup of a page's parts that change
 * only when their key is written (a post's head, header and author box,
 * rendered by the post's writer and kept in its key) or never (the comments
 * section's heading and form, rendered once per isolate), with a named slot
 * wherever a view puts something of its own (the page's address, its
 * comment count, its neighbours, the token). A view in a new isolate then
 * joins strings instead of running the JSX (whose first runs in an isolate
 * were most of a first view), and gives exactly the bytes the JSX would
 * have (test/frames.test.ts).
 *
 * The JSX is rendered with a random mark in each slot (letters and digits,
 * so that no escaping, in text, attributes or JSON, changes it, and no
 * author or reader can write one), then cut at the marks.
 */
import { sha256Hex } from "../crypto";
import type { Config } from "../config";

export interface Frame<S extends string = string> {
  /** What it was rendered for: its templates' version and what else it depends on; used only when the view's is the same. */
  for: string;
  /** The markup between the slots: one more than `slots`. */
  parts: string[];
  /** The slot after each part but the last. */
  slots: S[];
}

/**
 * Renders `render` with a mark for each of `names` and cuts it there. A slot
 * may occur any number of times (the page's address is in three places).
 */
export async function renderFrame<S extends string>(forKey: string, names: readonly S[], render: (marks: Record<S, string>) => string | Promise<string>): Promise<Frame<S>> {
  const nonce = crypto.randomUUID().replace(/-/g, "");
  const marks = Object.fromEntries(names.map((name, i) => [name, `ep${nonce}s${i}e`])) as Record<S, string>;
  const html = await render(marks);
  const parts: string[] = [];
  const slots: S[] = [];
  let at = 0;
  // A mark holds its slot's place in `names`.
  for (const m of html.matchAll(new RegExp(`ep${nonce}s(\\d+)e`, "g"))) {
    parts.push(html.slice(at, m.index));
    slots.push(names[Number(m[1])]!);
    at = m.index + m[0].length;
  }
  parts.push(html.slice(at));
  return { for: forKey, parts, slots };
}

/** The frame with each slot filled; null when it is not a frame of these slots (a stored value of another shape). */
export function fillFrame<S extends string>(frame: Frame<S>, values: Record<S, string>): string | null {
  const { parts, slots } = frame;
  if (!Array.isArray(parts) || !Array.isArray(slots) || parts.length !== slots.length + 1) return null;
  let html = parts[0]!;
  for (let i = 0; i < slots.length; i++) {
    const value = values[slots[i]!];
    if (typeof value !== "string") return null;
    html += value + parts[i + 1]!;
  }
  return html;
}

const fingerprints = new WeakMap<Config, Map<string, Promise<string>>>();

/**
 * The settings a frame shows (title, author, address, time zone…), as a
 * short hash: a frame made under other values of them is not used. Only
 * those named, so that a change of any other var (a spam threshold, the
 * digest's hour) leaves the frames as they are; the test that renders a
 * frame under every other setting changed holds the list complete.
 */
export function settingsHash(config: Config, names: readonly (keyof Config)[]): Promise<string> {
  let byNames = fingerprints.get(config);
  if (!byNames) fingerprints.set(config, (byNames = new Map()));
  const key = names.join(",");
  let hash = byNames.get(key);
  if (!hash) byNames.set(key, (hash = sha256Hex(JSON.stringify(names.map((name) => config[name]))).then((hex) => hex.slice(0, 16))));
  return hash;
}
