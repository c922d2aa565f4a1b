// What Node-side scripts (seed-local.js, the harness, the benchmark) run against local bindings.
export { applyMigrations } from "../src/schema";
export { seedDemo } from "../src/demo/seed";
export { rebuildCommentSnapshots } from "../src/comments/snapshot";
export { HEBREW_DEMO_SLUG } from "../src/demo/posts";
export { issueFormToken } from "../src/comments/form-token";
