import { resolve } from "node:path";
import { parseCommandArgs } from "./flags.js";
import { createOpenApiValidator, readOpenApiDocument } from "../diff/index.js";
import { createClientFromKubeConfig, KubewireError } from "../index.js";
import type { ValidationIssue } from "../diff/index.js";
import { kubeConfigLocation, UsageError } from "./io.js";
import type { CliIO } from "./io.js";
import { InputError, readDocuments } from "./read-document.js";

export const VALIDATE_USAGE = `Usage: kubewire validate <object.json|yaml> --openapi <doc.json> [--openapi <doc.json>...] [--ignore-unknown-fields]
       kubewire validate <object.json|yaml> --from-cluster [--kubeconfig f] [--context c] [--ignore-unknown-fields]

Validates each object in the file (every YAML document; every item of a list) against the cluster's OpenAPI v3
documents: saved bodies of GET /openapi/v3/<group-version> (--openapi), or fetched from the cluster of the
kubeconfig for the objects' apiVersions (--from-cluster). Issues name the path, the rule and the type of the value
found, never the value.

Exit status: 0 valid, 1 invalid, 2 usage error or unreadable input.
`;

function describe(object: unknown, fallback: string): string {
  const o = (typeof object === "object" && object !== null ? object : {}) as Record<string, unknown>;
  const meta = (typeof o.metadata === "object" && o.metadata !== null ? o.metadata : {}) as Record<
    string,
    unknown
  >;
  const kind = typeof o.kind === "string" && o.kind ? o.kind : "(no kind)";
  return `${kind}/${typeof meta.name === "string" ? meta.name : "(no name)"} (${fallback})`;
}

function issueLine(issue: ValidationIssue): string {
  return `  ${issue.path}: ${issue.message} [${issue.rule}; found ${issue.valueType}]\n`;
}

/** `kubewire validate`: a thin shell over createOpenApiValidator. */
export async function runValidate(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    openapi: { type: "string", multiple: true },
    "from-cluster": { type: "boolean", default: false },
    kubeconfig: { type: "string" },
    context: { type: "string" },
    "ignore-unknown-fields": { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(VALIDATE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("validate takes one file");
  const fromCluster = values["from-cluster"];
  if (!values.openapi?.length && !fromCluster)
    throw new UsageError("--openapi <doc.json> or --from-cluster is required");
  if (values.openapi?.length && fromCluster)
    throw new UsageError("--openapi and --from-cluster exclude each other");
  try {
    const file = positionals[0]!;
    const objects: { object: unknown; where: string }[] = [];
    (await readDocuments(file, io)).forEach((doc, d) => {
      const o = doc as { items?: unknown };
      if (Array.isArray(o?.items))
        o.items.forEach((item, i) =>
          objects.push({ object: item, where: `document ${d + 1}, .items[${i}]` }),
        );
      else objects.push({ object: doc, where: `document ${d + 1}` });
    });
    if (objects.length === 0) throw new InputError(`${file} holds no objects to validate`);
    const documents = fromCluster
      ? await documentsFromCluster(objects, values, io)
      : await Promise.all(
          values.openapi!.map((f) =>
            readOpenApiDocument(resolve(io.cwd ?? process.cwd(), f)).catch((error: unknown) => {
              throw new InputError(
                (error as NodeJS.ErrnoException).code === "ENOENT"
                  ? `cannot read ${f}`
                  : (error as Error).message,
              );
            }),
          ),
        );
    const validator = createOpenApiValidator(documents, {
      unknownFields: values["ignore-unknown-fields"] ? "ignore" : "error",
    });
    let invalid = 0;
    for (const { object, where } of objects) {
      const result = validator.validate(object);
      if (result.valid) {
        io.stdout.write(`${describe(object, where)}: valid\n`);
        continue;
      }
      invalid++;
      io.stdout.write(
        `${describe(object, where)}: ${result.issues.length} issue${result.issues.length === 1 ? "" : "s"}\n`,
      );
      for (const issue of result.issues) io.stdout.write(issueLine(issue));
    }
    return invalid > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof InputError || error instanceof KubewireError) {
      io.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** The cluster's OpenAPI v3 documents for the apiVersions the objects name, through the kubeconfig's client. */
async function documentsFromCluster(
  objects: { object: unknown }[],
  values: { kubeconfig?: string | undefined; context?: string | undefined },
  io: CliIO,
): Promise<unknown[]> {
  const apiVersions = new Set<string>();
  for (const { object } of objects) {
    const apiVersion = (object as { apiVersion?: unknown } | null)?.apiVersion;
    if (typeof apiVersion === "string" && apiVersion !== "") apiVersions.add(apiVersion);
  }
  const client = await createClientFromKubeConfig(kubeConfigLocation(values, io));
  try {
    return await Promise.all([...apiVersions].map((v) => client.openApiV3(v)));
  } finally {
    await client.close();
  }
}
