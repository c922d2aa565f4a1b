// What the author's CLI (scripts/blog.js) needs from src/, bundled for Node by
// importTs(): reading a WordPress export and writing one. Both are pure.
export { parseWxr, WxrError } from "../src/admin/wxr/parse";
export { exportWxr } from "../src/admin/wxr/export";
