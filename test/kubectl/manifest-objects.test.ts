import { describe, expect, it } from "vitest";
import { kubectlManifestObjects } from "../../src/kubectl/index.js";
import type { KubectlVersion } from "../../src/kubectl/index.js";
import { scanGoJsonValue } from "../../src/kubectl/go/json-scan.js";

// What `kubectl get -f` says of manifests that are not clean YAML or JSON. Every expected line was printed by the
// real kubectl 1.27 and 1.33 (`get -f <file> -o name` against the in-memory API server, December 2026); the live
// comparison is in test/cli/get-kubectl-habits.test.ts.

const CM = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","namespace":"d"}}';

/** Each document as `Kind/name` or its error line. */
function read(text: string, kubectlVersion: KubectlVersion): string[] {
  return kubectlManifestObjects(text, "f.json", { kubectlVersion }).map((i) =>
    "object" in i ? `${i.object.kind}/${i.object.name}` : i.error.message,
  );
}

const decodeError = (type: string) =>
  `unable to decode "f.json": json: cannot unmarshal ${type} into Go value of type unstructured.detector`;

describe("manifest streams as apimachinery's YAMLOrJSONDecoder reads them", () => {
  it("up to kubectl 1.32, a JSON stream's syntax error is Go's, with its byte offset in the stream", () => {
    const v = "1.27";
    expect(read('{"a":"b","password":hunter2}', v)).toEqual([
      "error parsing f.json: json: offset 21: invalid character 'h' looking for beginning of value",
    ]);
    expect(read(`${CM}\n{"a": x}`, v)).toEqual([
      "ConfigMap/c1",
      "error parsing f.json: json: offset 87: invalid character 'x' looking for beginning of value",
    ]);
    expect(read('{"a":"\u00e9" "b"}', v)).toEqual([
      "error parsing f.json: json: offset 11: invalid character '\"' after object key:value pair",
    ]);
    // Go quotes the byte it stopped at: the first of a UTF-8 sequence, as a Latin-1 character.
    expect(read(' \n {"a":1}\n\u00e9', v)).toEqual([
      `unable to decode "f.json": Object 'Kind' is missing in '{"a":1}'`,
      "error parsing f.json: json: offset 12: invalid character 'Ã' looking for beginning of value",
    ]);
    expect(read(`${CM}`.slice(0, -1), v)).toEqual(["error parsing f.json: unexpected EOF"]);
  });

  it("from kubectl 1.33, one JSON value then a syntax error reads on as YAML; the JSON error stands if YAML fails", () => {
    const v = "1.33";
    expect(
      read('{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"p":hunter2}}', v),
    ).toEqual(["Secret/s"]);
    expect(read(`${CM}\n{"a": x}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: d}\n`, v)).toEqual([
      "ConfigMap/c1",
      `unable to decode "f.json": Object 'Kind' is missing in '{"a":"x"}'`,
      "Namespace/d",
    ]);
    expect(read('{"a":"\\q"}', v)).toEqual([
      "error parsing f.json: json: offset 8: invalid character 'q' in string escape code",
    ]);
    expect(read("{,}", v)).toEqual([
      "error parsing f.json: json: offset 2: invalid character ',' looking for beginning of object key string",
    ]);
    // Two values make it a JSON stream for good: the error, without its offset.
    expect(read(`${CM} 12x\n`, v)).toEqual([
      "ConfigMap/c1",
      decodeError("number"),
      "error parsing f.json: invalid character 'x' looking for beginning of value",
    ]);
    // Within four bytes of the end, the decoder cannot look for YAML.
    expect(read(' \n {"a":1}\n\u00e9', v).at(-1)).toBe(
      "error parsing f.json: json: offset 12: invalid character 'Ã' looking for beginning of value",
    );
  });
});

describe("Go's JSON scanner", () => {
  const error = (text: string) => {
    const scan = scanGoJsonValue(text, 0);
    return "error" in scan ? `${scan.offset}: ${scan.error}` : "eof" in scan ? "EOF" : `end ${scan.end}`;
  };

  it("words each syntax error as Go's encoding/json does", () => {
    expect(error('{"a":tru}')).toBe("9: invalid character '}' in literal true (expecting 'e')");
    expect(error('{"a":-x}')).toBe("7: invalid character 'x' in numeric literal");
    expect(error('{"a":1.e5}')).toBe("8: invalid character 'e' after decimal point in numeric literal");
    expect(error('{"a":1e}')).toBe("8: invalid character '}' in exponent of numeric literal");
    expect(error('{"a" 1}')).toBe("6: invalid character '1' after object key");
    expect(error('{"a":[1 2]}')).toBe("9: invalid character '2' after array element");
    expect(error('{"a":"b\tc"}')).toBe("8: invalid character '\\t' in string literal");
    expect(error('{"a":"\\u12x4"}')).toBe("11: invalid character 'x' in \\u hexadecimal character escape");
    expect(error("{\"a\":'x'}")).toBe("6: invalid character '\\'' looking for beginning of value");
    expect(error('{"a":[1,')).toBe("EOF");
    expect(error('{"a":[1e5, -0.5, true, null, "\\u00e9\\n"]} x')).toBe("end 41");
  });
});
