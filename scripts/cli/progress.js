// Progress through batches: a bar redrawn in place on a terminal, or one
// plain line per batch when the output is a file, a pipe or a CI log (where
// carriage returns would pile up into one unreadable line).

const BAR_WIDTH = 24;

/**
 * @param {string} label what is counted: "posts", "comments"…
 * @param {{ total?: number, stream?: { write(s: string): unknown, isTTY?: boolean, columns?: number } }} [options]
 *   total: how many there will be, when known.
 */
export function progressBar(label, { total, stream = process.stderr } = {}) {
  const tty = Boolean(stream.isTTY);
  let drawn = false;
  let last = "";

  function line(done, note) {
    const count = total === undefined ? `${done}` : `${done}/${total}`;
    const tail = note ? `  ${note}` : "";
    if (!tty) return `${label}: ${count}${tail}`;
    const columns = stream.columns || 80;
    const width = Math.max(8, Math.min(BAR_WIDTH, columns - label.length - count.length - 8));
    const bar =
      total === undefined || total === 0
        ? ""
        : `[${"█".repeat(Math.round((width * Math.min(done, total)) / total)).padEnd(width, "░")}] `;
    // On a terminal the line must not wrap, or \r redraws only its last row.
    return `${label.padEnd(9)} ${bar}${count}${tail}`.slice(0, columns - 1);
  }

  return {
    /** `done` of `total` so far; `note` says what the last batch did. */
    update(done, note = "") {
      last = line(done, note);
      if (tty) {
        stream.write(`\r${last}\x1b[K`);
        drawn = true;
      } else {
        stream.write(`${last}\n`);
      }
    },
    /** Ends the bar's line (a terminal keeps the last drawing). */
    finish() {
      if (tty && drawn) stream.write("\n");
      drawn = false;
      return last;
    },
  };
}
