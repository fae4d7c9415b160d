import {
  KubectlGoTemplate,
  KubectlJsonPath,
  parseCustomColumns,
  parseCustomColumnsTemplate,
  renderKubectlCustomColumns,
} from "../../kubectl/index.js";
import type { KubectlVersion } from "../../kubectl/index.js";
import type { GetArgs, GetPrinter } from "./get-flags.js";
import type { PreparedPrinter } from "./get-output.js";

/** The jsonpath, Go template or custom-columns printer of `-o`, its template parsed (throws kubectl's errors). */
export function prepareTemplate(
  p: GetArgs,
  printer: Extract<GetPrinter, { kind: "jsonpath" | "go-template" | "custom-columns" }>,
): PreparedPrinter {
  if (printer.kind === "go-template")
    return {
      printer,
      goTemplate: new KubectlGoTemplate(printer.template, {
        allowMissingKeys: p.allowMissingTemplateKeys,
        ...(p.kubectlVersion !== undefined ? { kubectlVersion: p.kubectlVersion as KubectlVersion } : {}),
      }),
    };
  if (printer.kind === "jsonpath")
    return {
      printer,
      jsonPath: new KubectlJsonPath(printer.template, {
        allowMissingKeys: p.allowMissingTemplateKeys,
        outputJson: printer.asJson,
      }),
    };
  const columns = printer.file ? parseCustomColumnsTemplate(printer.spec) : parseCustomColumns(printer.spec);
  return {
    printer,
    columns,
    renderColumns: (view, options) => renderKubectlCustomColumns(view, columns, options),
  };
}
