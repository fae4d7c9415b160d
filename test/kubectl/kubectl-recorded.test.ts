import { describe, expect, it } from "vitest";
import { toKubectlView } from "../../src/index.js";
import { KubectlOutputError } from "../../src/kubectl/index.js";
import type { KubectlViewOutput, KubectlVersion, ToKubectlViewOptions } from "../../src/index.js";
import { KUBECTL_VERSIONS, readFixture } from "../helpers/fixtures.js";

/**
 * Golden tests on recorded output of the real binaries (fixtures/kubectl/captures, see fixtures/kubectl/README.md):
 * the stub's raw responses in, kubectl's recorded stdout (or stderr and exit code) out.
 */

interface Outcome {
  stdout: string;
  stderr: string;
  rc: string;
}

function recorded(group: string, version: string, name: string): Outcome {
  const base = `kubectl/captures/${group}/${version}/${name}`;
  return {
    stdout: readFixture(`${base}.stdout`),
    // Verbose (-v9) captures log to stderr; only the -v0 runs have a stderr worth comparing.
    stderr: name.endsWith("-v0") ? readFixture(`${base}.stderr`) : "",
    rc: readFixture(`${base}.rc`).trim(),
  };
}

function kubewire(raws: unknown, options: ToKubectlViewOptions): Outcome {
  try {
    return { stdout: toKubectlView(raws, options), stderr: "", rc: "0" };
  } catch (error) {
    if (!(error instanceof KubectlOutputError)) throw error;
    return { stdout: error.stdout, stderr: error.stderr, rc: String(error.exitCode) };
  }
}

const input = (name: string): string => readFixture(`kubectl/inputs/${name}`);
const EMPTY =
  '{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"15100"},"items":[]}\n';

interface Case {
  group: "crd" | "https";
  name: string;
  raw: () => string;
  output: KubectlViewOutput;
  singleObject?: boolean;
  showManagedFields?: boolean;
  versions?: readonly string[];
}

const CASES: Case[] = [
  { group: "crd", name: "edge-json-v0", raw: () => input("edge_post.json"), output: "json" },
  { group: "crd", name: "edge-yaml-v0", raw: () => input("edge_post.json"), output: "yaml" },
  { group: "crd", name: "del-json-v0", raw: () => input("del_post.json"), output: "json" },
  { group: "crd", name: "del-yaml-v0", raw: () => input("del_post.json"), output: "yaml" },
  { group: "crd", name: "cr-json-v0", raw: () => input("cr-list.json"), output: "json" },
  { group: "crd", name: "cr-yaml-v0", raw: () => input("cr-list.json"), output: "yaml" },
  { group: "crd", name: "cr-name-v0", raw: () => input("cr-list.json"), output: "name" },
  ...(["c1", "c80", "fffe"] as const).map((c): Case => ({
    group: "crd",
    name: `${c}-yaml-v0`,
    raw: () => input(`${c}_post.json`),
    output: "yaml",
    versions: ["1.27", "1.33"],
  })),
  { group: "https", name: "json-v9", raw: () => input("cm-list.json"), output: "json" },
  { group: "https", name: "yaml-v9", raw: () => input("cm-list.json"), output: "yaml" },
  { group: "https", name: "name-v9", raw: () => input("cm-list.json"), output: "name" },
  {
    group: "https",
    name: "json-managed-v9",
    raw: () => input("cm-list.json"),
    output: "json",
    showManagedFields: true,
  },
  {
    group: "https",
    name: "yaml-managed-v0",
    raw: () => input("cm-list.json"),
    output: "yaml",
    showManagedFields: true,
  },
  {
    group: "https",
    name: "single-json-v0",
    raw: () => input("cm-single.json"),
    output: "json",
    singleObject: true,
  },
  {
    group: "https",
    name: "single-yaml-v0",
    raw: () => input("cm-single.json"),
    output: "yaml",
    singleObject: true,
  },
  {
    group: "https",
    name: "single-name-v0",
    raw: () => input("cm-single.json"),
    output: "name",
    singleObject: true,
  },
  {
    group: "https",
    name: "single-json-managed-v0",
    raw: () => input("cm-single.json"),
    output: "json",
    singleObject: true,
    showManagedFields: true,
  },
  { group: "https", name: "empty-json-v0", raw: () => EMPTY, output: "json" },
  { group: "https", name: "empty-yaml-v0", raw: () => EMPTY, output: "yaml" },
  { group: "https", name: "empty-name-v0", raw: () => EMPTY, output: "name" },
];

describe("toKubectlView on recorded kubectl output", () => {
  for (const c of CASES)
    for (const version of c.versions ?? KUBECTL_VERSIONS)
      it(`${c.group}/${c.name}, kubectl ${version}`, () => {
        const actual = kubewire(c.raw(), {
          output: c.output,
          kubectlVersion: version as KubectlVersion,
          singleObject: c.singleObject,
          showManagedFields: c.showManagedFields,
        });
        expect(actual).toEqual(recorded(c.group, version, c.name));
      });

  it.each([
    ["realapi/bodies/secret-list.json", "yaml", "realapi/kubectl/extra-kubectl-1.33-get-secrets-yaml.stdout"],
    ["realapi/bodies/widget-list.json", "json", "realapi/kubectl/extra-kubectl-1.33-get-widgets-json.stdout"],
  ] as const)(
    "real kube-apiserver 1.28.7 body %s, -o %s: what kubectl 1.33 printed",
    (body, output, stdout) => {
      expect(toKubectlView(readFixture(body), { output })).toBe(readFixture(stdout));
    },
  );

  it("the yaml failure is kubectl's error, typed, with nothing printed", () => {
    const error = (() => {
      try {
        toKubectlView(input("del_post.json"), { output: "yaml", kubectlVersion: "1.30" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(KubectlOutputError);
    expect(error).toMatchObject({
      name: "KubectlOutputError",
      code: "KUBEWIRE_KUBECTL_OUTPUT",
      exitCode: 1,
      stdout: "",
      stderr: "error: error converting JSON to YAML: yaml: control characters are not allowed\n",
      message: "error converting JSON to YAML: yaml: control characters are not allowed",
    });
  });
});
