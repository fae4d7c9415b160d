import { describe, expect, it } from "vitest";
import { KubectlJsonPath } from "../../src/kubectl/index.js";
import { errorOutputs, expectNoLeak } from "./support.js";

// kubectl's jsonpath error prints "object given to jsonpath engine was:" and the whole object in Go syntax: for a
// Secret, its base64 `data`. kubewire printed the same, so `kubewire get secret s -o jsonpath='{.data.password[0]}'`
// put the Secret into stderr, and into the CI log holding it. The dump is now of the redacted object.
const VALUE = "jsonpathDumpSecret42";
const secret = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "s", namespace: "d" },
  data: { password: Buffer.from(VALUE).toString("base64") },
};

function failure(template: string, data: unknown): Error {
  try {
    new KubectlJsonPath(template).execute(data);
  } catch (error) {
    return error as Error;
  }
  throw new Error("the template did not fail");
}

describe("kubectl's error dumps", () => {
  it("a failed jsonpath on a Secret dumps it redacted", () => {
    const error = failure("{.data.password[0]}", secret);
    expectNoLeak(errorOutputs(error), VALUE);
    expect(error.message).toContain('"password":"[redacted len=');
    expect(error.message).toContain('"name":"s"');
  });

  it("a failed jsonpath on a List of Secrets (items without a kind) dumps them redacted", () => {
    const { kind: _kind, apiVersion: _apiVersion, ...item } = secret;
    const list = { kind: "SecretList", apiVersion: "v1", metadata: {}, items: [item] };
    expectNoLeak(errorOutputs(failure("{.items[0].data.password[0]}", list)), VALUE);
  });

  it("a failed jsonpath on any object dumps its secret-named fields redacted, the rest as kubectl does", () => {
    const cm = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c" },
      data: { token: VALUE, a: "b" },
    };
    const error = failure("{.data.a[0]}", cm);
    expectNoLeak(errorOutputs(error), VALUE);
    expect(error.message).toContain('"a":"b"');
  });
});
