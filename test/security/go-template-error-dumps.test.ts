import { describe, expect, it } from "vitest";
import { KubectlGoTemplate, KubectlGoTemplateError } from "../../src/kubectl/index.js";
import { errorOutputs, expectNoLeak } from "./support.js";

// kubectl's go-template printer, when a template fails, writes the object twice to stdout ("raw data was:" as JSON,
// "object given to template engine was:" as Go prints it): for a Secret, its base64 `data`. kubewire dumps the
// redacted object there, as it does in jsonpath's error; what the template itself printed before failing is the
// user's own output and stays.
const VALUE = "goTemplateDumpSecret42";
const secret = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "s", namespace: "d" },
  data: { password: Buffer.from(VALUE).toString("base64") },
};

function failure(template: string, data: unknown): KubectlGoTemplateError {
  try {
    new KubectlGoTemplate(template).execute(data);
  } catch (error) {
    if (error instanceof KubectlGoTemplateError) return error;
    throw error;
  }
  throw new Error("the template did not fail");
}

describe("kubectl's Go template error dumps", () => {
  it("a failed template on a Secret dumps it redacted, on stdout and in the error", () => {
    const error = failure("{{.metadata.name}}|{{.data.password.x}}", secret);
    expectNoLeak({ ...errorOutputs(error), printed: error.printed }, VALUE);
    expect(error.printed.startsWith("s|Error executing template: ")).toBe(true);
    expect(error.printed).toContain('"password":"[redacted len=');
    expect(error.message).toContain("can't evaluate field x in type interface {}");
  });

  it("a failed template on a List of Secrets (items without a kind) dumps them redacted", () => {
    const { kind: _kind, apiVersion: _apiVersion, ...item } = secret;
    const list = { kind: "List", apiVersion: "v1", metadata: {}, items: [{ ...item, kind: "Secret" }] };
    const error = failure("{{range .items}}{{.data.password.x}}{{end}}", list);
    expectNoLeak({ ...errorOutputs(error), printed: error.printed }, VALUE);
  });
});
