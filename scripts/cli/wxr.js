// The project's own WXR reader and writer (src/admin/wxr) and its image checks
// (src/media/sniff.ts), bundled for Node on first use: only the commands
// that read or write WXR or upload images pay for it.

let loaded;
/** @returns {Promise<{ parseWxr: Function, exportWxr: Function, planMedia: Function, rewriteMediaRefs: Function, sniffImage: Function, MAX_UPLOAD_BYTES: number, WxrError: new (...a: any[]) => Error & { line?: number, column?: number } }>} */
export async function wxrCode() {
  if (!loaded) {
    const { importTs } = await import("../lib/local.js");
    loaded = await importTs("scripts/blog-entry.ts");
  }
  return loaded;
}
