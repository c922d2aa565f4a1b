/**
 * editor.js: comfort for the post editor, never a requirement (the form does
 * everything without it). It suggests the address from the title as it is
 * typed, uploads images pasted or dropped into the text (through the form's
 * own "Upload and insert", at the cursor), saves on Ctrl/⌘+S, follows the
 * language with the text's direction, and asks before leaving with unsaved
 * changes. Served from the desk's own origin, so the editor page's CSP allows
 * it (script-src 'self') and nothing else.
 */
import { MAX_SLUG_BYTES, MAX_SLUG_LENGTH } from "../posts/slug";
import { RTL_LANGUAGES } from "../views/i18n";
import { fnv1a } from "../views/style";

/** The same steps as slugify() in posts/slug.ts (a test holds them equal), so the suggestion is the address the post gets. */
export const SCRIPT_SLUGIFY = `(title) => {
    let slug = "", size = 0;
    for (const ch of title.normalize("NFC").toLowerCase().replace(/[^\\p{L}\\p{M}\\p{N}_\\s-]+/gu, " ").trim().replace(/[\\s_-]+/g, "-").replace(/^-+|-+$/g, "")) {
      const cp = ch.codePointAt(0);
      size += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (slug.length + ch.length > ${MAX_SLUG_LENGTH} || size > ${MAX_SLUG_BYTES}) break;
      slug += ch;
    }
    return slug.replace(/-+$/, "");
  }`;

export const EDITOR_SCRIPT = `"use strict";
(() => {
  const form = document.getElementById("editor");
  if (!form) return;
  const el = (name) => form.elements.namedItem(name);
  const title = el("title"), slug = el("slug"), body = el("body"), files = el("file"), cursor = el("cursor"), lang = el("lang");
  const button = (intent) => form.querySelector('button[name="intent"][value="' + intent + '"]:not(.default-action)');
  const slugify = ${SCRIPT_SLUGIFY};
  if (slug) {
    let own = slug.value !== "";
    slug.addEventListener("input", () => { own = slug.value !== ""; });
    title.addEventListener("input", () => { if (!own) slug.value = slugify(title.value); });
  }
  // A form that came back from the server (an upload, a refusal) holds unsaved text already.
  let dirty = form.dataset.unsaved === "1", leaving = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", (event) => {
    const intent = event.submitter && event.submitter.value;
    if (intent !== "preview") leaving = true;
    cursor.value = String(body.selectionStart ?? "");
  });
  window.addEventListener("beforeunload", (event) => { if (dirty && !leaving) event.preventDefault(); });
  const upload = (list) => {
    const images = new DataTransfer();
    for (const file of list) if (file.type.startsWith("image/")) images.items.add(file);
    if (images.files.length === 0) return false;
    files.files = images.files;
    form.requestSubmit(button("upload"));
    return true;
  };
  body.addEventListener("paste", (event) => { if (event.clipboardData && upload(event.clipboardData.files)) event.preventDefault(); });
  body.addEventListener("dragover", (event) => { if (event.dataTransfer && event.dataTransfer.types.includes("Files")) event.preventDefault(); });
  body.addEventListener("drop", (event) => { if (event.dataTransfer && upload(event.dataTransfer.files)) event.preventDefault(); });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") { event.preventDefault(); form.requestSubmit(button("save")); }
  });
  const rtl = new Set(${JSON.stringify([...RTL_LANGUAGES])});
  lang.addEventListener("input", () => {
    const dir = rtl.has(lang.value.trim().toLowerCase().split(/[-_]/)[0]) ? "rtl" : "ltr";
    body.dir = dir;
    el("excerpt").dir = dir;
    document.getElementById("direction").textContent = "Direction follows the language: " + (dir === "rtl" ? "right to left." : "left to right.");
  });
})();
`;

/** Versioned by its content, so it can be cached and a new one is fetched at once. */
export const EDITOR_SCRIPT_PATH = `/admin/editor.js?v=${fnv1a(EDITOR_SCRIPT)}`;
