/**
 * Reading PHP's serialize() format, which WordPress uses for post meta such
 * as `_wp_attachment_metadata` (an image's size, its file and the files of
 * its smaller sizes). Only the values meta holds: null, booleans, numbers,
 * strings and arrays; an object or anything else reads as undefined.
 *
 * String lengths count UTF-8 bytes. Exports that went through a charset
 * conversion (or a search-and-replace of the site's address, a common move)
 * carry wrong lengths; a string is then read up to its closing `";`, so the
 * file names still come through.
 */

/** A PHP array: keys as strings, in their order. */
export type PhpArray = { [key: string]: PhpValue };
export type PhpValue = null | boolean | number | string | PhpArray;

export function unserializePhp(text: string): PhpValue | undefined {
  const bytes = new TextEncoder().encode(text.trim());
  const reader = new Reader(bytes);
  try {
    const value = reader.value();
    return reader.at === bytes.length ? value : undefined;
  } catch {
    return undefined;
  }
}

const QUOTE = 0x22;
const SEMICOLON = 0x3b;

class Reader {
  at = 0;
  private readonly decoder = new TextDecoder();
  constructor(private readonly bytes: Uint8Array) {}

  value(): PhpValue {
    const type = String.fromCharCode(this.bytes[this.at] ?? 0);
    if (type === "N") {
      this.expect("N;");
      return null;
    }
    this.expect(`${type}:`);
    switch (type) {
      case "b":
        return this.until(";") === "1";
      case "i":
      case "d": {
        const n = Number(this.until(";"));
        if (Number.isNaN(n)) throw new Error("not a number");
        return n;
      }
      case "s":
        return this.string(Number(this.until(":")));
      case "a": {
        const count = Number(this.until(":"));
        this.expect("{");
        const array: PhpArray = {};
        for (let i = 0; i < count; i++) {
          const key = this.value();
          if (typeof key !== "string" && typeof key !== "number") throw new Error("bad key");
          array[String(key)] = this.value();
        }
        this.expect("}");
        return array;
      }
      default:
        throw new Error(`unsupported type ${type}`);
    }
  }

  /** `"…";` of `length` bytes, or up to the next `";` when the length is wrong. */
  private string(length: number): string {
    this.expect('"');
    const start = this.at;
    let end = start + length;
    if (!(Number.isInteger(length) && this.bytes[end] === QUOTE && this.bytes[end + 1] === SEMICOLON)) {
      end = start;
      while (end < this.bytes.length && !(this.bytes[end] === QUOTE && this.bytes[end + 1] === SEMICOLON)) end++;
      if (end >= this.bytes.length) throw new Error("unterminated string");
    }
    this.at = end + 2;
    return this.decoder.decode(this.bytes.subarray(start, end));
  }

  private until(stop: string): string {
    const code = stop.charCodeAt(0);
    const end = this.bytes.indexOf(code, this.at);
    if (end === -1) throw new Error(`missing ${stop}`);
    const text = this.decoder.decode(this.bytes.subarray(this.at, end));
    this.at = end + 1;
    return text;
  }

  private expect(literal: string): void {
    for (let i = 0; i < literal.length; i++) {
      if (this.bytes[this.at + i] !== literal.charCodeAt(i)) throw new Error(`expected ${literal}`);
    }
    this.at += literal.length;
  }
}
