import { createClientFromKubeConfig } from "../index.js";
import { readFlags } from "./flags.js";
import { EXIT, kubeConfigLocation, UsageError } from "./io.js";
import type { CliIO } from "./io.js";
import { kubewireVersion } from "./usage.js";

export const VERSION_USAGE = `Usage: kubewire version [--client] [-o json|yaml] [--kubeconfig FILE] [--context NAME]

Prints kubewire's version and, unless --client is given, the API server's (GET /version), as kubectl version
does. 'kubewire --version' prints kubewire's version alone.
`;

/** `kubewire version`: kubectl's `version` for kubewire (the client is kubewire, the server what /version says). */
export async function runVersion(args: string[], io: CliIO): Promise<number> {
  const flags = readFlags(args, [
    { name: "client", type: "bool" },
    { name: "output", short: "o", type: "string" },
    { name: "kubeconfig", type: "string" },
    { name: "context", type: "string" },
    { name: "help", short: "h", type: "bool" },
  ]);
  if (flags.bool("help")) {
    io.stdout.write(VERSION_USAGE);
    return EXIT.ok;
  }
  if (flags.positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(flags.positionals[0])}`);
  const output = flags.string("output") ?? "";
  if (!["", "json", "yaml"].includes(output)) throw new UsageError(`--output must be 'yaml' or 'json'`);
  const clientVersion = {
    gitVersion: `v${kubewireVersion()}`,
    platform: `${process.platform}/${process.arch}`,
    nodeVersion: process.version,
  };
  let serverVersion: Record<string, unknown> | undefined;
  if (!flags.bool("client")) {
    const client = await createClientFromKubeConfig(
      kubeConfigLocation({ kubeconfig: flags.string("kubeconfig"), context: flags.string("context") }, io),
    );
    try {
      const res = await client.request({ method: "GET", path: "/version" });
      serverVersion = JSON.parse(res.text) as Record<string, unknown>;
    } finally {
      await client.close();
    }
  }
  if (output === "json") {
    io.stdout.write(
      `${JSON.stringify({ clientVersion, ...(serverVersion ? { serverVersion } : {}) }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  if (output === "yaml") {
    const { stringify } = await import("yaml");
    io.stdout.write(stringify({ clientVersion, ...(serverVersion ? { serverVersion } : {}) }));
    return EXIT.ok;
  }
  io.stdout.write(`Client Version: kubewire ${clientVersion.gitVersion} (node ${process.version})\n`);
  if (serverVersion)
    io.stdout.write(
      `Server Version: ${typeof serverVersion.gitVersion === "string" ? serverVersion.gitVersion : "unknown"}\n`,
    );
  return EXIT.ok;
}
