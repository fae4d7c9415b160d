import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonLossless, toKubectlView } from "../../src/index.js";
import { KubectlOutputError } from "../../src/kubectl/index.js";
import { goDecodedStrings } from "../../src/kubectl/go/well-formed.js";
import type { KubectlVersion } from "../../src/index.js";
import { KUBECTL_VERSIONS } from "../helpers/fixtures.js";
import { corpusScenarios, corpusSize, unorderedKeySets } from "../helpers/kubectl-corpus.js";
import type { KubectlOutputFormat, Scenario } from "../helpers/kubectl-corpus.js";
import { kubectlPath, kubectlTestsRun, runPool } from "../helpers/kubectl-binary.js";
import { runKubectl, startStubApiServer } from "../helpers/kubectl.js";
import type { KubectlRun, StubApiServer } from "../helpers/kubectl.js";

/**
 * The real kubectl 1.27–1.33 binaries get the corpus's raw responses from a stub API server; toKubectlView gets the
 * same raw text. stdout, stderr and the exit code must be identical, byte for byte.
 */

const scenarios = corpusScenarios();
const key = (s: Scenario, output: KubectlOutputFormat, v: string): string => `${s.name} -o ${output} @${v}`;

function kubewire(
  s: Scenario,
  raws: unknown[],
  output: KubectlOutputFormat,
  version: KubectlVersion,
): KubectlRun {
  try {
    const stdout = toKubectlView(raws, {
      output,
      kubectlVersion: version,
      singleObject: s.singleObject,
      showManagedFields: s.showManagedFields,
    });
    return { stdout, stderr: "", code: 0 };
  } catch (error) {
    if (!(error instanceof KubectlOutputError)) throw error;
    return { stdout: error.stdout, stderr: error.stderr, code: error.exitCode };
  }
}

describe.runIf(kubectlTestsRun(KUBECTL_VERSIONS))("toKubectlView = real kubectl (stub API server)", () => {
  const runs = new Map<string, KubectlRun>();
  let stub: StubApiServer | undefined;

  beforeAll(async () => {
    for (const v of KUBECTL_VERSIONS)
      expect(existsSync(kubectlPath(v)), `missing ${kubectlPath(v)}`).toBe(true);
    stub = await startStubApiServer(
      Object.assign({}, ...scenarios.map((s) => s.bodies)) as Record<string, string>,
    );
    const tasks: (() => Promise<void>)[] = [];
    for (const s of scenarios)
      for (const output of s.outputs)
        for (const v of KUBECTL_VERSIONS)
          tasks.push(async () => {
            runs.set(key(s, output, v), await runKubectl(stub!, v, [...s.args, "-o", output]));
          });
    await runPool(tasks, 6);
  });

  afterAll(async () => {
    await stub?.close();
  });

  it("covers at least 40 objects and lists, every map's keys in an order kubectl keeps from run to run", () => {
    const { objects, lists } = corpusSize(scenarios);
    expect(objects + lists).toBeGreaterThanOrEqual(40);
    // As Go decodes them: a lone surrogate is U+FFFD.
    expect(
      scenarios.flatMap((s) => s.raws.flatMap((r) => unorderedKeySets(goDecodedStrings(JSON.parse(r), r)))),
    ).toEqual([]);
  });

  for (const s of scenarios)
    for (const output of s.outputs)
      for (const v of KUBECTL_VERSIONS)
        it(`${s.name}: -o ${output}, kubectl ${v}`, () => {
          const real = runs.get(key(s, output, v))!;
          expect(kubewire(s, s.raws, output, v)).toEqual(real);
          // Parsed values (big integers as bigint) give the same bytes as the raw text.
          if (!s.textOnly) expect(kubewire(s, s.raws.map(parseJsonLossless), output, v)).toEqual(real);
        });
});
