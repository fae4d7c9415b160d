import { parseCommandArgs } from "./flags.js";
import { diffJson, renderDifferencesJson, renderDifferenceTable, renderUnifiedDiff } from "../diff/index.js";
import { diffAgainstKubectl, KubewireError } from "../index.js";
import { kubectlView } from "../kubectl/index.js";
import type { Difference } from "../index.js";
import { UsageError } from "./io.js";
import type { CliIO } from "./io.js";
import { InputError, readDocuments } from "./read-document.js";

const FORMATS = ["table", "unified", "json"] as const;

export const DIFF_USAGE = `Usage: kubewire diff <a.json> [b.json] [--format table|unified|json] [--show-secrets]

With one file (a raw API server response, '-' for stdin): every difference between it and what kubectl prints
for it (-o json), each with the kubectl transformation that explains it. With two files: every difference
between them. Secret values are masked unless --show-secrets is given.

Exit status, as kubectl diff: 0 no differences, 1 differences, 2 an error.
`;

async function one(file: string, io: CliIO): Promise<unknown> {
  const docs = await readDocuments(file, io);
  if (docs.length !== 1)
    throw new InputError(`${file} holds ${docs.length} documents; diff takes one per file`);
  return docs[0];
}

/** `kubewire diff`: a thin shell over diffAgainstKubectl / diffJson and the three renderers. */
export async function runDiff(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: "string", short: "f", default: "table" },
    "show-secrets": { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(DIFF_USAGE);
    return 0;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError("diff takes one or two files");
  const showSecrets = values["show-secrets"];
  try {
    const [fileA, fileB] = positionals as [string, string | undefined];
    const a = await one(fileA, io);
    let differences: Difference[];
    let output: string;
    if (fileB === undefined) {
      const explained = diffAgainstKubectl(a, { showSecrets });
      differences = explained;
      output =
        format === "json"
          ? renderDifferencesJson(explained)
          : format === "unified"
            ? renderUnifiedDiff(a, kubectlView(a), {
                oldLabel: `${fileA} (as sent by the API server)`,
                newLabel: "kubectl -o json",
                showSecrets,
              })
            : renderDifferenceTable(explained, { explain: true });
    } else {
      const b = await one(fileB, io);
      differences = diffJson(a, b, { showSecrets });
      output =
        format === "json"
          ? renderDifferencesJson(differences)
          : format === "unified"
            ? renderUnifiedDiff(a, b, { oldLabel: fileA, newLabel: fileB, showSecrets })
            : renderDifferenceTable(differences, { oldLabel: fileA, newLabel: fileB, oldFirst: true });
    }
    if (differences.length > 0 || format === "json") io.stdout.write(output);
    return differences.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof InputError || error instanceof KubewireError) {
      io.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
