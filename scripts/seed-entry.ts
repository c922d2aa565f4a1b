// What scripts/seed-local.js runs in Node against the local bindings.
export { applySchema } from "../src/schema";
export { seedDemo } from "../src/demo/seed";
