// Vite's client types: `?raw` imports (a file's text) and import.meta.glob, which the WXR tests use to read files.
/// <reference types="vite/client" />
