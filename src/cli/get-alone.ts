// `kubewire get` as a bundle of its own (dist/bundle/get.cjs, scripts/bundle-cli.js): the launcher loads it for a
// get instead of main.js, so that a get loads only the modules it uses (main.js's shared chunk holds what any
// command uses: the replay server, node:https, the HTTP/2 client...).
import { runGet } from "./get/get-command.js";
import type { CliIO } from "./io.js";
import { runCommand } from "./run-command.js";

/** `kubewire get <args...>`, exactly as main(["get", ...args]) runs it. */
export function runGetCommand(args: string[], io: CliIO): Promise<number> {
  return runCommand("get", runGet, args, io);
}
