// The errors the CLI expects. Anything thrown as a CliError is a message for
// the author, printed as it is (no stack trace) with exit code 1; `fatal`
// ones stop a command that works through several files or batches.

export class CliError extends Error {
  name = "CliError";
  /** @param {string} message @param {{ fatal?: boolean }} [options] */
  constructor(message, { fatal = true } = {}) {
    super(message);
    this.fatal = fatal;
  }
}

/** The blog answered a request with an error meant for a person (400/404/409/413/422…). */
export class ApiError extends CliError {
  name = "ApiError";
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message, { fatal: false });
    this.status = status;
  }
}
