import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { KubectlGoTemplate, KubectlGoTemplateError } from "../../../src/kubectl/gotemplate/gotemplate.js";
import type { KubectlVersion } from "../../../src/kubectl/versions.js";
import { redactJson } from "../../../src/record/redact/redact.js";
import { keylessMarker } from "../../../src/record/redact/redaction-marker.js";

/**
 * Go templates × real objects as kubectl 1.27, 1.30 and 1.33 printed them (one release per Go release kubectl 1.27–1.33
 * were built with: go1.22, go1.23, go1.24), captured by bench/experiments/gotemplate-fuzz/run.js --capture
 * (fixtures/gotemplate/README.md), compared without kubectl: stdout, stderr and exit code of `kubectl get -o
 * go-template=…` against what the engine prints for the object kubectl's printer sees.
 */

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}
interface Case {
  i: number;
  template: string;
  view: unknown;
  /** Each release's run, under the releases that printed it ("1.27,1.30,1.33"). */
  kubectl: Record<string, Run>;
}

const fixture = JSON.parse(
  readFileSync(new URL("../../../fixtures/gotemplate/captured.json", import.meta.url), "utf8"),
  (_k, v: unknown) => (typeof v === "string" && v.startsWith("__big:") ? BigInt(v.slice(6)) : v),
) as { cases: Case[] };

/** What `kubewire get` prints for the case: the output, or what a failing template printed and its error line. */
function run(template: string, view: unknown, kubectlVersion: KubectlVersion): Run {
  try {
    return { stdout: new KubectlGoTemplate(template, { kubectlVersion }).execute(view), stderr: "", code: 0 };
  } catch (error) {
    if (!(error instanceof KubectlGoTemplateError)) throw error;
    const line = `error: ${error.message}${error.message.endsWith("\n") ? "" : "\n"}`;
    return { stdout: error.printed, stderr: line, code: 1 };
  }
}

/**
 * kubewire dumps the object redacted where a failing template's debugging block dumps it (docs/cli.md): where the
 * redaction changed the object, the dump (the end of stdout, after "\traw data was:") is left out of the comparison
 * (test/security/go-template-error-dumps.test.ts checks it); everything else must be kubectl's bytes.
 */
function withoutRedactedDump<T extends Run>(run: T, view: unknown): T {
  if (isDeepStrictEqual(redactJson(view, { marker: keylessMarker }), view)) return run;
  const at = run.stdout.lastIndexOf("\traw data was:\n");
  return at < 0 ? run : { ...run, stdout: `${run.stdout.slice(0, at)}<redacted dump>` };
}

describe("Go templates as kubectl 1.27, 1.30 and 1.33 printed them (captured)", () => {
  it("holds well over 100 cases, parse and execution errors among them", () => {
    const runs = fixture.cases.flatMap((c) => Object.values(c.kubectl));
    expect(fixture.cases.length).toBeGreaterThan(100);
    expect(runs.filter((r) => r.stderr.startsWith("error: error parsing template")).length).toBeGreaterThan(
      5,
    );
    expect(runs.filter((r) => r.stderr.startsWith("error: error executing template")).length).toBeGreaterThan(
      5,
    );
    expect(runs.filter((r) => r.code === 0).length).toBeGreaterThan(20);
    // Where the Go releases differ ({{else with}}, range over an integer, call's message, comment lines).
    expect(fixture.cases.filter((c) => Object.keys(c.kubectl).length > 1).length).toBeGreaterThan(10);
  });

  it.each(fixture.cases.map((c) => [c.i, c] as const))("case %i", (_i, c) => {
    // Releases that printed the same bytes share a key: "1.27,1.30".
    for (const [versions, expected] of Object.entries(c.kubectl))
      for (const version of versions.split(","))
        expect(
          withoutRedactedDump({ version, ...run(c.template, c.view, version as KubectlVersion) }, c.view),
        ).toEqual(withoutRedactedDump({ version, ...expected }, c.view));
  });
});
