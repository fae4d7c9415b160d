import { describe, expect, it } from "vitest";
import { bodyFromChunks, capturedBytes } from "../../../src/record/exchange/body.js";
import { bodyText } from "../../../src/record/index.js";
import { redactBody } from "../../../src/record/redact/redact.js";

const secret =
  JSON.stringify({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "db" },
    data: { password: "aHVudGVyMg==" },
  }) + "\n";

function split(text: string, at: number[]): Buffer[] {
  const bytes = Buffer.from(text);
  const cuts = [0, ...at, bytes.length];
  return cuts.slice(1).map((end, i) => bytes.subarray(cuts[i], end));
}

describe("captured bodies", () => {
  it("keep the chunks as they came and join them only when read", () => {
    const chunks = split(secret, [10, 20]);
    const body = bodyFromChunks(chunks, "application/json")!;
    expect(body.bytes).toBe(Buffer.byteLength(secret));
    expect(bodyText(body)).toBe(secret);
    expect(capturedBytes(body)?.equals(Buffer.from(secret))).toBe(true);
    expect(body.kind).toBe("json");
  });

  it("are classified as text when JSON-looking text does not parse, and as binary when not UTF-8", () => {
    expect(bodyFromChunks([Buffer.from("{not json}")], "application/json")!.kind).toBe("text");
    expect(
      bodyFromChunks([Buffer.from([0x6b, 0x38, 0x73, 0x00, 0xff])], "application/vnd.kubernetes.protobuf")!
        .kind,
    ).toBe("binary");
    expect(bodyFromChunks([], "application/json")).toBeUndefined();
  });

  it("are redacted even when the word that gives a Secret away is split across two chunks", () => {
    const at = secret.indexOf("Secret") + 3; // "Sec" | "ret"
    for (const url of [
      "https://h/apis/example.com/v1/things/x",
      "https://h/api/v1/namespaces/ns/configmaps/x",
    ]) {
      const { body, changed } = redactBody(bodyFromChunks(split(secret, [at]), "application/json")!, { url });
      expect(changed).toBe(true);
      expect(JSON.stringify(body)).not.toContain("aHVudGVyMg==");
    }
  });

  it("let a body with nothing secret through untouched, without decoding it", () => {
    const configMaps = JSON.stringify({
      kind: "ConfigMapList",
      apiVersion: "v1",
      items: [{ metadata: { name: "a" }, data: { k: "v" } }],
    });
    const body = bodyFromChunks(split(configMaps, [5]), "application/json")!;
    expect(redactBody(body, { url: "https://h/api/v1/configmaps" })).toEqual({ body, changed: false });
  });
});
