import { parseCommandArgs } from "./flags.js";
import { parseJsonLossless, toKubectlView } from "../index.js";
import { KUBECTL_VERSIONS, KUBECTL_VIEW_OUTPUTS, KubectlOutputError } from "../kubectl/index.js";
import type { KubectlVersion, KubectlViewOutput } from "../index.js";
import { EXIT, UsageError } from "./io.js";
import type { CliIO } from "./io.js";
import { InputError, readInput } from "./read-document.js";

export const VIEW_USAGE = `Usage: kubewire view <raw.json>... | - -o json|yaml|name [options]

Prints exactly what \`kubectl get ... -o json|yaml|name\` prints for raw API server responses (files, or - for
stdin). Several files are the responses of one \`kubectl get a,b\` or \`kubectl get kind x y\`, merged as kubectl
merges them. Where kubectl fails (e.g. -o yaml of text with a control character), prints kubectl's error and exits
with its code.

Options:
  -o, --output json|yaml|name    the kubectl output format (required)
      --show-managed-fields      keep metadata.managedFields, as kubectl --show-managed-fields
      --single                   the response of \`kubectl get kind name\`: print the object, not a List
      --kubectl-version 1.NN     the kubectl to imitate: ${KUBECTL_VERSIONS.join(", ")} (default ${KUBECTL_VERSIONS.at(-1)!})
  -h, --help                     this help
`;

/** `kubewire view`: kubectl's `-o json|yaml|name` output for raw responses, via {@link toKubectlView}. */
export async function runView(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    output: { type: "string", short: "o" },
    "show-managed-fields": { type: "boolean" },
    single: { type: "boolean" },
    "kubectl-version": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(VIEW_USAGE);
    return EXIT.ok;
  }
  const output = values.output;
  if (output === undefined) throw new UsageError(`-o is required: ${KUBECTL_VIEW_OUTPUTS.join(", ")}`);
  if (!(KUBECTL_VIEW_OUTPUTS as readonly string[]).includes(output))
    throw new UsageError(
      `-o must be one of ${KUBECTL_VIEW_OUTPUTS.join(", ")}, got ${JSON.stringify(output)}`,
    );
  const version = values["kubectl-version"] ?? KUBECTL_VERSIONS.at(-1)!;
  if (!(KUBECTL_VERSIONS as readonly string[]).includes(version))
    throw new UsageError(
      `--kubectl-version must be one of ${KUBECTL_VERSIONS.join(", ")}, got ${JSON.stringify(version)}`,
    );
  if (positionals.length === 0) throw new UsageError("give one or more raw response files, or - for stdin");
  if (values.single && positionals.length > 1)
    throw new UsageError("--single is the response of one named object: give exactly one file");
  if (positionals.filter((p) => p === "-").length > 1)
    throw new UsageError("stdin (-) can be read only once");

  const raws: unknown[] = [];
  for (const file of positionals) {
    let text: string;
    try {
      text = await readInput(file, io);
    } catch (error) {
      // kubectl-like: a file that cannot be read is exit 1, not a usage error.
      if (!(error instanceof InputError)) throw error;
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT.failure;
    }
    try {
      raws.push(parseJsonLossless(text));
    } catch (error) {
      // V8's JSON.parse messages quote the input, which may be a Secret: say only where it broke.
      const at = /(?:position|offset) (\d+)/.exec((error as Error).message)?.[1];
      io.stderr.write(
        `error: ${file === "-" ? "stdin" : file} is not JSON${at ? ` (at offset ${at})` : ""}\n`,
      );
      return EXIT.failure;
    }
  }

  try {
    io.stdout.write(
      toKubectlView(raws, {
        output: output as KubectlViewOutput,
        kubectlVersion: version as KubectlVersion,
        showManagedFields: values["show-managed-fields"] ?? false,
        singleObject: values.single ?? false,
      }),
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof KubectlOutputError)) throw error;
    io.stdout.write(error.stdout);
    io.stderr.write(error.stderr);
    return error.exitCode;
  }
}
