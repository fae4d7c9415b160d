import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseCommandArgs } from "./flags.js";
import { createClientFromKubeConfig, NO_CHANGE, updateSecrets } from "../index.js";
import type { UpdateSecretsReport } from "../index.js";
import { EXIT, kubeConfigLocation, UsageError } from "./io.js";
import type { CliIO } from "./io.js";

export const SECRETS_USAGE = `Usage: kubewire secrets update [-n NS | -A] [-l SELECTOR] [--field-selector SEL] EDIT... [options]

Sets or removes keys in every Secret the selector matches, safely: each Secret is read and written with its
resourceVersion (a concurrent writer makes the write retry, never lose), and a Secret whose data would not change
is not written at all. Output names Secrets and keys, never a value.

Edits (repeatable):
  --set-file key=FILE     set key to the bytes of FILE
  --set key=VALUE         set key to VALUE (it then sits in your shell history: prefer --set-file)
  --unset key             remove key

Options:
  -n, --namespace NS      the namespace (default: the kubeconfig context's)
  -A, --all-namespaces    every namespace
  -l, --selector SEL      label selector, e.g. app=blog
      --field-selector SEL
      --dry-run[=client|server]  report what would change and write nothing (server: the API server validates
                          each write with dryRun=All)
      --kubeconfig FILE, --context NAME

Exit status: 0 when no Secret failed, 1 when one did, 2 on usage errors.
`;

type Edit = { key: string; value: Buffer } | { key: string; unset: true };

function keyValue(flag: string, arg: string): [string, string] {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw new UsageError(`${flag} takes key=…, got a value without a key`);
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

async function edits(
  values: { set?: string[] | undefined; "set-file"?: string[] | undefined; unset?: string[] | undefined },
  io: CliIO,
): Promise<Edit[]> {
  const out: Edit[] = [];
  for (const arg of values.set ?? []) {
    const [key, value] = keyValue("--set", arg);
    out.push({ key, value: Buffer.from(value) });
  }
  for (const arg of values["set-file"] ?? []) {
    const [key, file] = keyValue("--set-file", arg);
    try {
      out.push({ key, value: await readFile(resolve(io.cwd ?? process.cwd(), file)) });
    } catch (error) {
      throw new UsageError(
        `--set-file ${key}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
  }
  for (const key of values.unset ?? []) out.push({ key, unset: true });
  if (out.length === 0) throw new UsageError("nothing to do: give --set-file, --set or --unset");
  return out;
}

function printReport(report: UpdateSecretsReport, io: CliIO): void {
  const verb = report.dryRun ? "would update" : "updated";
  for (const s of report.updated) {
    const keys = s.changes.map((c) => `${c.op} ${c.path}`).join(", ");
    const retries = s.conflicts ? ` after ${s.conflicts} conflict${s.conflicts === 1 ? "" : "s"}` : "";
    io.stdout.write(`secret/${s.name} -n ${s.namespace} ${verb}${retries}: ${keys}\n`);
  }
  for (const s of report.unchanged) io.stdout.write(`secret/${s.name} -n ${s.namespace} unchanged\n`);
  for (const s of report.failed)
    io.stderr.write(`error: secret/${s.name} -n ${s.namespace}: ${s.reason}: ${s.message}\n`);
  if (report.incomplete)
    io.stderr.write(
      `error: listing page ${report.incomplete.page} failed, later Secrets not visited: ${report.incomplete.reason}: ${report.incomplete.message}\n`,
    );
  io.stderr.write(
    `${report.listed} listed, ${report.updated.length} ${verb}, ${report.unchanged.length} unchanged, ${report.failed.length} failed${report.dryRun ? " (dry run: nothing written)" : ""}\n`,
  );
}

/** `kubewire secrets update`: a thin shell over {@link updateSecrets}. */
export async function runSecrets(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    io.stdout.write(SECRETS_USAGE);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub !== "update")
    throw new UsageError(`unknown secrets subcommand ${JSON.stringify(sub)}; try 'update'`);
  const { values } = parseCommandArgs(rest, {
    namespace: { type: "string", short: "n" },
    "all-namespaces": { type: "boolean", short: "A" },
    selector: { type: "string", short: "l" },
    "field-selector": { type: "string" },
    set: { type: "string", multiple: true },
    "set-file": { type: "string", multiple: true },
    unset: { type: "string", multiple: true },
    "dry-run": { type: "string", noValue: "client" },
    kubeconfig: { type: "string" },
    context: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(SECRETS_USAGE);
    return EXIT.ok;
  }
  if (values["all-namespaces"] && values.namespace !== undefined)
    throw new UsageError("-n and -A exclude each other");
  const dryRunArg = values["dry-run"];
  if (dryRunArg !== undefined && !["client", "server"].includes(dryRunArg))
    throw new UsageError("--dry-run takes client or server");
  const dryRun = dryRunArg === undefined ? false : dryRunArg === "server" ? "server" : "client";
  const todo = await edits(values, io);

  const client = await createClientFromKubeConfig(kubeConfigLocation(values, io));
  try {
    const namespace = values["all-namespaces"] ? undefined : (values.namespace ?? client.namespace);
    const report = await updateSecrets(
      client,
      {
        ...(namespace !== undefined ? { namespace } : {}),
        ...(values.selector !== undefined ? { labelSelector: values.selector } : {}),
        ...(values["field-selector"] !== undefined ? { fieldSelector: values["field-selector"] } : {}),
      },
      (_secret, data) => {
        let changed = false;
        for (const edit of todo) {
          if ("unset" in edit) changed = data.delete(edit.key) || changed;
          else {
            const current = data.getBytes(edit.key);
            if (current && Buffer.from(current).equals(edit.value)) continue;
            data.set(edit.key, edit.value);
            changed = true;
          }
        }
        return changed ? undefined : NO_CHANGE;
      },
      { dryRun, fieldManager: "kubewire" },
    );
    printReport(report, io);
    return report.failed.length > 0 || report.incomplete ? EXIT.failure : EXIT.ok;
  } finally {
    await client.close();
  }
}
