// The project's own WXR reader and writer (src/admin/wxr), bundled for Node
// on first use: only import-wordpress and export --format wxr pay for it.

let loaded;
/** @returns {Promise<{ parseWxr: Function, exportWxr: Function, WxrError: new (...a: any[]) => Error & { line?: number, column?: number } }>} */
export async function wxrCode() {
  if (!loaded) {
    const { importTs } = await import("../lib/local.js");
    loaded = await importTs("scripts/blog-entry.ts");
  }
  return loaded;
}
