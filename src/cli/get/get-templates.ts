import {
  KubectlJsonPath,
  parseCustomColumns,
  parseCustomColumnsTemplate,
  renderKubectlCustomColumns,
} from "../../kubectl/index.js";
import type { GetArgs, GetPrinter } from "./get-flags.js";
import type { PreparedPrinter } from "./get-output.js";

/** The jsonpath or custom-columns printer of `-o`, its template parsed (throws kubectl's errors). */
export function prepareTemplate(
  p: GetArgs,
  printer: Extract<GetPrinter, { kind: "jsonpath" | "custom-columns" }>,
): PreparedPrinter {
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
