/**
 * What an uploaded file really is, read from its bytes, never from its name
 * or the type the client claims: JPEG, PNG, GIF, WebP or AVIF, with its
 * pixel size. The container is walked to its end, so a truncated or cut
 * file (the usual corruption: an upload broken off, a disk copy cut short)
 * is told apart from a whole one without decoding a pixel; no image codec
 * runs in the Worker.
 */

export type ImageType = "image/jpeg" | "image/png" | "image/gif" | "image/webp" | "image/avif";

export const EXTENSIONS: Record<ImageType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/avif": "avif",
};

/** Above this many pixels an image is refused: decoding it would take more memory than a Worker has. */
export const MAX_PIXELS = 100_000_000;

export type Sniffed =
  | { ok: true; type: ImageType; width: number; height: number }
  /** 415: not an image we take (what it looks like, if we can tell). */
  | { ok: false; status: 415; reason: string }
  /** 422: it starts like an image but is not a whole one. */
  | { ok: false; status: 422; reason: string };

const ascii = (b: Uint8Array, at: number, length: number) => String.fromCharCode(...b.subarray(at, at + length));
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
const u32le = (b: Uint8Array, at: number) => b[at]! + (b[at + 1]! << 8) + (b[at + 2]! << 16) + ((b[at + 3]! << 24) >>> 0);

const broken = (kind: string, why: string): Sniffed => ({ ok: false, status: 422, reason: `This ${kind} file is damaged or incomplete (${why}); nothing was stored. Upload it again from the original.` });

export function sniffImage(bytes: Uint8Array): Sniffed {
  const b = bytes;
  let found: Sniffed;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) found = jpeg(b);
  else if (b.length >= 8 && u32be(b, 0) === 0x89504e47 && u32be(b, 4) === 0x0d0a1a0a) found = png(b);
  else if (b.length >= 6 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) found = gif(b);
  else if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") found = webp(b);
  else if (b.length >= 12 && ascii(b, 4, 4) === "ftyp" && isAvifBrand(b)) found = avif(b);
  else found = { ok: false, status: 415, reason: notAnImage(b) };
  if (found.ok && (found.width < 1 || found.height < 1)) return broken(EXTENSIONS[found.type].toUpperCase(), "it says it has no pixels");
  if (found.ok && found.width * found.height > MAX_PIXELS) {
    return { ok: false, status: 422, reason: `The image is ${found.width} × ${found.height} pixels; at most ${MAX_PIXELS / 1_000_000} million pixels are taken. Make it smaller and upload it again.` };
  }
  return found;
}

const TAKEN = "Only JPEG, PNG, GIF, WebP and AVIF images are taken";

function notAnImage(b: Uint8Array): string {
  const start = new TextDecoder().decode(b.subarray(0, 512)).replace(/^\uFEFF/, "").trimStart().toLowerCase();
  // SVG is a document that can carry scripts and fetch other resources: served from the blog's own origin,
  // it would run as the blog. So it is refused; a PNG or WebP of the drawing shows the same.
  if (start.startsWith("<svg") || (start.startsWith("<?xml") && start.includes("<svg")) || (start.startsWith("<!doctype svg"))) {
    return `SVG drawings are not taken: an SVG can carry scripts that would run as the blog. Export it as PNG or WebP and upload that. (${TAKEN}.)`;
  }
  if (b.length === 0) return `The file is empty. ${TAKEN}.`;
  if (b.length >= 4 && ascii(b, 0, 4) === "%PDF") return `This is a PDF, not an image. ${TAKEN}.`;
  if (b.length >= 12 && ascii(b, 4, 4) === "ftyp") return `This is a video or HEIC photo, not an image the web shows everywhere. ${TAKEN}; export it as JPEG.`;
  return `This file is not an image the blog takes. ${TAKEN}, recognised by their contents, not by their name.`;
}

/** PNG: chunks from the signature to IEND, which must end the file; the size is in IHDR, the first chunk. */
function png(b: Uint8Array): Sniffed {
  if (b.length < 33 || ascii(b, 12, 4) !== "IHDR") return broken("PNG", "no header");
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  let at = 8;
  while (at + 12 <= b.length) {
    const length = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    const next = at + 12 + length;
    if (next > b.length) return broken("PNG", `cut off inside its ${type} chunk`);
    if (type === "IEND") return next === b.length || b.subarray(next).every((x) => x === 0) ? { ok: true, type: "image/png", width, height } : broken("PNG", "data after its end");
    at = next;
  }
  return broken("PNG", "it ends before its last chunk");
}

/** GIF: the size is in the screen descriptor; blocks are walked to the trailer (0x3B). */
function gif(b: Uint8Array): Sniffed {
  if (b.length < 13) return broken("GIF", "no header");
  const width = u16le(b, 6);
  const height = u16le(b, 8);
  let at = 13;
  const flags = b[10]!;
  if (flags & 0x80) at += 3 * (1 << ((flags & 7) + 1));
  const subBlocks = () => {
    while (at < b.length) {
      const size = b[at]!;
      at += 1 + size;
      if (size === 0) return true;
    }
    return false;
  };
  while (at < b.length) {
    const kind = b[at]!;
    if (kind === 0x3b) return { ok: true, type: "image/gif", width, height };
    if (kind === 0x21) {
      at += 2;
      if (!subBlocks()) break;
    } else if (kind === 0x2c) {
      if (at + 10 > b.length) break;
      const local = b[at + 9]!;
      at += 10;
      if (local & 0x80) at += 3 * (1 << ((local & 7) + 1));
      at += 1; // LZW minimum code size
      if (!subBlocks()) break;
    } else {
      return broken("GIF", `an unknown block at byte ${at}`);
    }
  }
  return broken("GIF", "it ends before its trailer");
}

/**
 * JPEG: marker segments from SOI to the start of scan, the size from the
 * frame header (SOFn); the entropy-coded data must end with EOI (FFD9),
 * allowing the padding some cameras add after it.
 */
function jpeg(b: Uint8Array): Sniffed {
  let at = 2;
  let size: { width: number; height: number } | null = null;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return broken("JPEG", `no marker at byte ${at}`);
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd9) break;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = u16be(b, at + 2);
    if (length < 2 || at + 2 + length > b.length) return broken("JPEG", "cut off inside a header segment");
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame && length >= 7) size = { height: u16be(b, at + 5), width: u16be(b, at + 7) };
    at += 2 + length;
    if (marker === 0xda) {
      if (!size) return broken("JPEG", "no frame header before its image data");
      // EOI (FFD9) near the end: the scan data before it are whole. Inside scan data FF is always
      // followed by 00 or a restart marker, so FFD9 there is the end; some cameras append a little after it.
      for (let i = b.length - 2; i >= Math.max(at, b.length - 4096); i--) {
        if (b[i] === 0xff && b[i + 1] === 0xd9) return { ok: true, type: "image/jpeg", ...size };
      }
      return broken("JPEG", "it ends inside its image data");
    }
  }
  return broken("JPEG", "it ends before its image data");
}

/** WebP: RIFF's own length must match the file; the size is in the VP8, VP8L or VP8X chunk. */
function webp(b: Uint8Array): Sniffed {
  const riff = u32le(b, 4) + 8;
  if (riff > b.length) return broken("WebP", "shorter than its header says");
  if (b.length < 30) return broken("WebP", "no image chunk");
  const chunk = ascii(b, 12, 4);
  if (chunk === "VP8X") return { ok: true, type: "image/webp", width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === "VP8L") {
    if (b[20] !== 0x2f) return broken("WebP", "a lossless header without its signature");
    const bits = u32le(b, 21);
    return { ok: true, type: "image/webp", width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8 ") {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return broken("WebP", "a lossy header without its start code");
    return { ok: true, type: "image/webp", width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  return broken("WebP", `an unknown first chunk “${chunk}”`);
}

function isAvifBrand(b: Uint8Array): boolean {
  const size = Math.min(u32be(b, 0), b.length);
  for (let at = 8; at + 4 <= size; at += 4) {
    if (at === 12) continue; // minor version
    const brand = ascii(b, at, 4);
    if (brand === "avif" || brand === "avis") return true;
  }
  return false;
}

/** AVIF (ISO-BMFF): top-level boxes must exactly fill the file; the size is in the first `ispe` property. */
function avif(b: Uint8Array): Sniffed {
  let at = 0;
  while (at < b.length) {
    if (at + 8 > b.length) return broken("AVIF", "cut off inside a box header");
    let size = u32be(b, at);
    if (size === 1) {
      if (at + 16 > b.length) return broken("AVIF", "cut off inside a box header");
      size = u32be(b, at + 8) * 2 ** 32 + u32be(b, at + 12);
    } else if (size === 0) {
      size = b.length - at;
    }
    if (size < 8 || at + size > b.length) return broken("AVIF", `cut off inside its ${ascii(b, at + 4, 4)} box`);
    at += size;
  }
  for (let i = 0; i + 20 <= b.length; i++) {
    if (b[i] === 0x69 && ascii(b, i, 4) === "ispe") return { ok: true, type: "image/avif", width: u32be(b, i + 8), height: u32be(b, i + 12) };
  }
  return broken("AVIF", "no image size");
}
