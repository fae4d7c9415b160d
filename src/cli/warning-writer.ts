import type { WarningHeader } from "../index.js";

const YELLOW = "\u001b[33;1m";
const RESET = "\u001b[0m";

/**
 * client-go's `warningWriter` as kubectl configures it: only code-299 warnings with text, each message once per
 * process, `Warning: <text>` on its own line, the word in bold yellow when stderr is a colour terminal.
 */
export function createWarningWriter(
  out: { write(chunk: string): unknown },
  options: { color: boolean },
): (warning: WarningHeader) => void {
  const written = new Set<string>();
  return (warning) => {
    if (warning.code !== 299 || warning.text === "") return;
    if (written.has(warning.text)) return;
    written.add(warning.text);
    out.write(options.color ? `${YELLOW}Warning:${RESET} ${warning.text}\n` : `Warning: ${warning.text}\n`);
  };
}

/** kubectl's `AllowsColorOutput`: a terminal, and TERM is not `dumb`. */
export function allowsColor(stream: unknown, env: Record<string, string | undefined>): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true && env.TERM !== "dumb";
}
