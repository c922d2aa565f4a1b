// `help` and `help <command>`: usage from the command table itself.
import { CliError } from "../errors.js";
import { DEFAULT_URL } from "../args.js";

export const help = {
  usage: "help [command]",
  summary: "this text, or one command's details",
  /** @param {{ out: (line: string) => void, err?: (line: string) => void }} ctx @param {{ positionals: string[], values?: object }} args */
  async run(ctx, { positionals }) {
    const { COMMANDS } = await import("./index.js");
    const name = positionals[0];
    if (name !== undefined) {
      const command = COMMANDS[name];
      if (!command) throw new CliError(`help: there is no command “${name}”. Commands: ${Object.keys(COMMANDS).join(", ")}.`);
      ctx.out(`Usage: npm run blog -- ${command.usage}\n\n${command.summary[0].toUpperCase()}${command.summary.slice(1)}.`);
      if (command.help) ctx.out(`\n${command.help}`);
      ctx.out(`\n${COMMON}`);
      return 0;
    }
    ctx.out(usage(COMMANDS));
    return 0;
  },
};

const COMMON = `Every command takes:
  --url <address>  the blog (default: $BLOG_URL, else ${DEFAULT_URL}, the one npm start runs)
The admin token is ADMIN_TOKEN from the environment, or else, for a blog on this
machine, the ADMIN_TOKEN line of .dev.vars in the repo root.`;

export function usage(commands) {
  const width = 40;
  // A usage too long for the column gets its summary on the next line.
  const lines = Object.values(commands).map((c) => (c.usage.length <= width ? `  ${c.usage.padEnd(width)}  ${c.summary}` : `  ${c.usage}\n  ${"".padEnd(width)}  ${c.summary}`));
  return `The author's desk for an edgepress blog.

Usage: npm run blog -- <command> [options]   (or: node scripts/blog.js <command> …)

${lines.join("\n")}

${COMMON}

More about one command: npm run blog -- help <command>`;
}
