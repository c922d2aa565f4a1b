// What the author's CLI (scripts/blog.js) needs from src/, bundled for Node by
// importTs(): reading a WordPress export and writing one, finding and
// rewriting its media references, and telling an image from its bytes. All pure.
export { parseWxr, WxrError } from "../src/admin/wxr/parse";
export { exportWxr } from "../src/admin/wxr/export";
export { planMedia, rewriteMediaRefs } from "../src/admin/wxr/media-refs";
export { sniffImage } from "../src/media/sniff";
export { MAX_UPLOAD_BYTES } from "../src/media/upload";
