import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandFilenames, readFileObjects } from "../../src/cli/get/get-files.js";
import { kubectlResourceMapping, ManifestObjectError } from "../../src/kubectl/index.js";
import { BUILTIN_RESOURCES } from "../../src/client/resources/builtin-resources.js";
import { CliFailure } from "../../src/cli/io.js";
import { tempDir } from "../helpers/temp-dir.js";

// `kubewire get -f` reads files as cli-runtime's builder does; the live comparison with kubectl is in
// get-kubectl-habits.test.ts. These pin the reading rules without a server.

function tree(files: Record<string, string>): string {
  const root = tempDir("kubewire-get-files-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const names = (items: ReturnType<typeof readFileObjects>) =>
  items.map((i) => ("object" in i ? `${i.object.kind}/${i.object.name}` : `error: ${i.error.message}`));

describe("kubewire get -f: the files", () => {
  it("walks a directory in lexical order, reading only .json/.yaml/.yml, sub-directories only with -R", () => {
    const root = tree({ "m/b.yaml": "", "m/a.json": "", "m/c.txt": "", "m/sub/d.yml": "", "m/Z.yml": "" });
    expect(expandFilenames(["m"], false, root)).toEqual({
      paths: ["m/Z.yml", "m/a.json", "m/b.yaml"],
      singleItemImplied: true,
    });
    expect(expandFilenames(["m"], true, root).paths).toEqual([
      "m/Z.yml",
      "m/a.json",
      "m/b.yaml",
      "m/sub/d.yml",
    ]);
    // A file named on the command line is read whatever its name; a pattern names each match.
    expect(expandFilenames(["m/c.txt", "m/*.yaml"], false, root)).toEqual({
      paths: ["m/c.txt", "m/b.yaml"],
      singleItemImplied: false,
    });
    expect(expandFilenames(["m/*"], false, root).singleItemImplied).toBe(false);
    expect(expandFilenames(["-"], false, root)).toEqual({ paths: ["-"], singleItemImplied: false });
  });

  it("fails before any request on a path that does not exist, as kubectl words it", () => {
    const root = tree({});
    expect(() => expandFilenames(["nope.yaml"], false, root)).toThrow(
      new CliFailure('the path "nope.yaml" does not exist'),
    );
    expect(() => expandFilenames(["x*"], false, root)).toThrow('the path "x*" does not exist');
    expect(() => expandFilenames(["https://example.com/a.yaml"], false, root)).toThrow(/not URLs/);
  });

  it("reads YAML streams, JSON streams and Lists into objects, and each unusable document as kubectl's error", () => {
    const root = tree({
      "a.yaml":
        "---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: d}\n---\n[1]\n---\n42\n",
      "b.json":
        '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"d"}}]}\n{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"}}',
      "c.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\na: [\n",
    });
    expect(names(readFileObjects(["a.yaml", "b.json", "c.yaml"], root, undefined, undefined))).toEqual([
      "ConfigMap/a",
      'error: unable to decode "a.yaml": json: cannot unmarshal array into Go value of type unstructured.detector',
      'error: unable to decode "a.yaml": json: cannot unmarshal number into Go value of type unstructured.detector',
      "Namespace/d",
      "Secret/s",
      "ConfigMap/c",
      expect.stringMatching(
        /^error: error parsing c\.yaml: error converting YAML to JSON: yaml: /,
      ) as unknown as string,
    ]);
    expect(
      readFileObjects(["-"], root, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n", undefined),
    ).toEqual([{ source: "STDIN", object: { apiVersion: "v1", kind: "Pod", name: "p", namespace: "" } }]);
  });

  it("quotes a document without a kind as Go's JSON, with its secrets redacted (kubectl prints them)", () => {
    const value = "withoutKindSecret42";
    const root = tree({
      "s.yaml": `apiVersion: v1\nmetadata: {name: s}\nstringData: {password: ${value}}\n`,
    });
    const [item] = readFileObjects(["s.yaml"], root, undefined, undefined);
    const message = "error" in item! ? item.error.message : "";
    expect(message).toMatch(/^unable to decode "s\.yaml": Object 'Kind' is missing in '\{"apiVersion":"v1",/);
    expect(message.includes(value)).toBe(false);
  });

  it("maps apiVersion and kind to a resource through discovery, or says kubectl's resource mapping error", () => {
    const object = { apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "" };
    expect(kubectlResourceMapping(object, "d.yaml", BUILTIN_RESOURCES)).toMatchObject({
      resource: "deployments",
    });
    expect(
      kubectlResourceMapping({ ...object, kind: "deployment" }, "d.yaml", BUILTIN_RESOURCES),
    ).toMatchObject({
      resource: "deployments",
    });
    const missing = kubectlResourceMapping({ ...object, apiVersion: "apps/v9" }, "d.yaml", BUILTIN_RESOURCES);
    expect(missing).toBeInstanceOf(ManifestObjectError);
    expect((missing as Error).message).toBe(
      'resource mapping not found for name: "web" namespace: "" from "d.yaml": no matches for kind "Deployment" in version "apps/v9"\nensure CRDs are installed first',
    );
  });
});
