import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { parseYamlBounded, redactBody, YAML_PARSE_LIMIT } from "../../src/record/redact/redact.js";
import { redactSecretText } from "../../src/record/index.js";
import { propertyRuns } from "../helpers/property-seed.js";

// Redaction reads a text (a text body, a string field, a message) as YAML only up to YAML_PARSE_LIMIT characters:
// past it the text rules alone apply, and a secret document goes whole. This holds the text rules to the YAML path:
// on generated manifests (Secrets, kubeconfigs, token documents, ConfigMaps and custom resources with secret field
// names, values of any shape the YAML writer gives: plain, quoted, folded, block scalars, sequences), every value the
// YAML path redacts is absent when the same text is read past the limit. And text that is not YAML (a line of `"`
// per line: every line an error) costs no parse past the limit.

/** Values that cannot occur by chance in the rest of a manifest. */
const secretValue = fc
  .tuple(
    fc.integer({ min: 0, max: 1e9 }),
    fc.array(
      fc.constantFrom(
        " ",
        "Wq7z",
        "Z9",
        ": ",
        " #",
        "#",
        "-",
        "- ",
        "'",
        '"',
        "\\",
        "\n",
        "\n\n",
        "  ",
        "\t",
        "é",
        "x".repeat(70),
        "[",
        "{",
        ",",
        "|",
        ">",
        "*",
        "&",
        "!",
      ),
      { maxLength: 10 },
    ),
  )
  .map(([n, parts]) => `S3cr${n.toString(36)}Q${parts.join("")}`);

const secretName = fc.constantFrom(
  "password",
  "token",
  "apiKey",
  "clientSecret",
  "db_password",
  "client-key-data",
  "auth",
  "secretKey",
);

const document = fc.oneof(
  fc
    .record({
      name: fc.constantFrom("a", "b-c"),
      data: fc.dictionary(fc.constantFrom("username", "tls.key", "x"), secretValue, { minKeys: 1 }),
    })
    .map(({ name, data }) => ({
      kind: "Secret",
      apiVersion: "v1",
      metadata: { name },
      stringData: data,
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")])),
    })),
  fc.tuple(secretName, secretValue).map(([key, value]) => ({
    kind: "ConfigMap",
    apiVersion: "v1",
    metadata: { name: "cm" },
    data: { [key]: value, note: "kept" },
  })),
  fc.tuple(secretName, secretValue, secretValue, fc.boolean()).map(([key, value, other, asList]) => ({
    kind: "Widget",
    apiVersion: "example.com/v1",
    metadata: { name: "w" },
    spec: { [key]: asList ? [value, other] : value, nested: { adminPassword: other }, replicas: 2 },
  })),
  fc.tuple(secretValue, secretValue).map(([token, key]) => ({
    kind: "Config",
    apiVersion: "v1",
    clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:6443" } }],
    users: [{ name: "u", user: { token, "client-key-data": key } }],
  })),
  secretValue.map((token) => ({
    kind: "TokenRequest",
    apiVersion: "authentication.k8s.io/v1",
    status: { token },
  })),
);

/** The secret values of generated documents (every string that holds `S3cr`, and a Secret's base64 data). */
function secretValues(node: unknown, inData = false): string[] {
  if (typeof node === "string") return node.includes("S3cr") || inData ? [node] : [];
  if (Array.isArray(node)) return node.flatMap((n) => secretValues(n));
  if (typeof node === "object" && node !== null)
    return Object.entries(node).flatMap(([k, v]) =>
      k === "data" && (node as { kind?: string }).kind === "Secret"
        ? Object.values(v as object).flatMap((x) => secretValues(x, true))
        : secretValues(v),
    );
  return [];
}

/** Pieces of each value that a reader could recognise: its lines. */
function pieces(values: string[]): string[] {
  return [...new Set(values.flatMap((v) => v.split(/[\r\n]+/)).map((l) => l.trim()))].filter((l) =>
    /[A-Za-z0-9]{4}/.test(l),
  );
}

function bodyText(text: string): string {
  const { body } = redactBody({ kind: "text", text, bytes: text.length });
  return body.kind === "text" ? body.text : "";
}

const PADDING = `# ${"p".repeat(YAML_PARSE_LIMIT)}\n`;

describe("text past the YAML parse limit", () => {
  it("loses no secret that the YAML path redacts, in a text body and in a string", () => {
    fc.assert(
      fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), (docs) => {
        const text = docs.map((d) => stringify(d)).join("---\n");
        expect(parseAllDocuments(text).every((d) => d.errors.length === 0)).toBe(true);
        const secrets = pieces(docs.flatMap((d) => secretValues(d)));
        const padded = PADDING + text;
        const bodyBelow = bodyText(text);
        const bodyPast = bodyText(padded);
        const stringBelow = redactSecretText(text);
        const stringPast = redactSecretText(padded);
        const leaked = [
          // The YAML path of a text body redacts every one; past the limit none may appear either.
          ...secrets.filter((p) => bodyBelow.includes(p)).map((p) => `body below the limit: ${p}`),
          ...secrets.filter((p) => bodyPast.includes(p)).map((p) => `body past the limit: ${p}`),
          // A string is read as YAML when it names a secret document: past the limit, nothing more may appear.
          ...secrets
            .filter((p) => stringPast.includes(p) && !stringBelow.includes(p))
            .map((p) => `string past the limit: ${p}`),
        ];
        expect(leaked).toEqual([]);
      }),
      propertyRuns(300, 1111),
    );
  });

  it("is not parsed as YAML: 80,000 lines of a quote each (each an error) go whole", () => {
    const text = `password: hunter2S3cret\n${'"\n'.repeat(80_000)}`;
    const started = process.cpuUsage();
    const { body } = redactBody({ kind: "text", text, bytes: text.length });
    const used = process.cpuUsage(started);
    const out = body.kind === "text" ? body.text : "";
    expect(out).not.toContain("hunter2S3cret");
    // Too long to read as YAML, and it may hold a secret: it goes whole.
    expect(out).toMatch(/^\[redacted len=160024 hmac:[0-9a-f]{8}\]$/);
    // Not a timing assertion: a hang bound (the parse took seconds, the text rules take milliseconds).
    expect(used.user + used.system).toBeLessThan(20_000_000);
  }, 30_000);

  it("below it, reads what parseAllDocuments reads, stopping at the first error", () => {
    const reference = (text: string): unknown[] | undefined => {
      try {
        const docs = parseAllDocuments(text, { logLevel: "error" });
        if (docs.some((d) => d.errors.length > 0)) return undefined;
        return docs.map((d) => d.toJS() as unknown);
      } catch {
        return undefined;
      }
    };
    const yamlish = fc
      .array(
        fc.constantFrom(
          "a: b\n",
          "password: x\n",
          "- x\n",
          "  - y\n",
          "  c: d\n",
          "k:\n",
          '"',
          "'",
          "---\n",
          "...\n",
          "%YAML 1.2\n",
          "  ",
          "\t",
          ":",
          ": ",
          "{",
          "}",
          "[",
          "]",
          ",",
          "# c\n",
          "&a ",
          "*a",
          "!!str ",
          "!!binary ",
          "|\n",
          ">-\n",
          "? ",
          "\n",
          "\r\n",
          "x",
          "1",
          "<<: *a\n",
          "@",
          "`",
        ),
        { maxLength: 24 },
      )
      .map((p) => p.join(""));
    fc.assert(
      fc.property(yamlish, (text) => {
        expect(parseYamlBounded(text)).toEqual(reference(text));
      }),
      propertyRuns(20000, 1112),
    );
    const manifests = fc
      .array(document, { minLength: 1, maxLength: 3 })
      .map((d) => d.map((x) => stringify(x)).join("---\n"));
    fc.assert(
      fc.property(manifests, (text) => {
        expect(parseYamlBounded(text)).toEqual(reference(text));
      }),
      propertyRuns(300, 1113),
    );
  });

  it("below it, text that is not YAML costs one error: 30,000 lines of a quote each", () => {
    const text = `password: hunter2S3cret\n${'"\n'.repeat(30_000)}`;
    expect(text.length).toBeLessThan(YAML_PARSE_LIMIT);
    const started = process.cpuUsage();
    const { body } = redactBody({ kind: "text", text, bytes: text.length });
    const used = process.cpuUsage(started);
    const out = body.kind === "text" ? body.text : "";
    expect(out).not.toContain("hunter2S3cret");
    expect(out.startsWith("password: [redacted len=13")).toBe(true);
    // A hang bound, not a measure: the parse that read on past every error took about a second here.
    expect(used.user + used.system).toBeLessThan(20_000_000);
  }, 30_000);
});
