import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonLossless, toKubectlView } from "../../src/index.js";
import type { KubectlVersion } from "../../src/index.js";
import { KubectlOutputError } from "../../src/kubectl/index.js";
import { parseJsonLosslessChecked } from "../../src/normalize/lossless-json.js";
import { KUBECTL_VERSIONS } from "../helpers/fixtures.js";
import { kubectlTestsRun } from "../helpers/kubectl-binary.js";
import type { KubectlOutputFormat, Scenario } from "../helpers/kubectl-corpus.js";
import type { KubectlRun } from "../helpers/kubectl.js";
import {
  FUZZ_TEMPLATES,
  fuzzRuns,
  fuzzScenario,
  fuzzSpec,
  kubewireTemplate,
  startFuzzStubs,
  templateOutput,
} from "../helpers/view-fuzz.js";
import type { FuzzStubs, FuzzTemplate } from "../helpers/view-fuzz.js";
import { Num, rawJson } from "../helpers/kubectl-corpus.js";

/**
 * A bounded differential run with a fixed seed: generated responses (test/helpers/view-fuzz.ts: single objects,
 * built-in and custom lists, v1 Lists of mixed kinds, several types merged; unicode, controls, numbers of every
 * spelling, duplicate keys, managedFields) through the real kubectl and through toKubectlView must give the same
 * stdout, stderr and exit code. Each case runs -o yaml on two of the four YAML behaviours' releases, -o json and
 * -o name on one release, rotating so that the cases cover all seven (32 cases, 128 kubectl runs). Long explorations: bench/experiments/view-fuzz.
 */

const SEED = 20261205;
const OUTPUTS: KubectlOutputFormat[] = ["json", "yaml", "name"];
const specs = [
  ...fc.sample(fuzzSpec({ controls: false, duplicates: true }), { seed: SEED, numRuns: 24 }),
  // What go-yaml refuses (DEL, C1 controls, U+FFFE, NEL in keys): the error paths.
  ...fc.sample(fuzzSpec({ controls: true, duplicates: true }), { seed: SEED + 1, numRuns: 8 }),
];
const scenarios = specs.map((spec, i) => fuzzScenario(spec, i, OUTPUTS));

/**
 * The template printers on 12 more generated cases, and on what fuzzing found them to print unlike kubectl: a float
 * -0 (Go's %v prints "-0") and lone surrogates (U+FFFD to Go) in one named object.
 */
const PRINTERS = Object.keys(FUZZ_TEMPLATES) as FuzzTemplate[];
const found = rawJson({
  kind: "ConfigMap",
  apiVersion: "v1",
  metadata: { name: "found", namespace: "fuzz-found", labels: { "\udc00": "\ud800" } },
  data: { z: new Num("-0e-0"), f: new Num("-0.0"), i: new Num("-0"), s: "a\udc00b" },
});
const templateScenarios: Scenario[] = [
  ...fc
    .sample(fuzzSpec({ controls: false, duplicates: true }), { seed: SEED + 2, numRuns: 12 })
    .map((spec, i) => fuzzScenario(spec, 100 + i, [])),
  {
    name: "found by fuzzing",
    args: ["get", "configmaps", "found", "-n", "fuzz-found"],
    bodies: { "/api/v1/namespaces/fuzz-found/configmaps/found": found },
    raws: [found],
    singleObject: true,
    outputs: [],
  },
];
const templateRuns = (i: number): [FuzzTemplate, string][] =>
  PRINTERS.map((p, k) => [p, KUBECTL_VERSIONS[(i + k * 2) % KUBECTL_VERSIONS.length]!]);

function kubewire(s: Scenario, raws: unknown[], output: KubectlOutputFormat, version: string): KubectlRun {
  try {
    const stdout = toKubectlView(raws, {
      output,
      kubectlVersion: version as KubectlVersion,
      singleObject: s.singleObject,
      showManagedFields: s.showManagedFields,
    });
    return { stdout, stderr: "", code: 0 };
  } catch (error) {
    if (!(error instanceof KubectlOutputError)) throw error;
    return { stdout: error.stdout, stderr: error.stderr, code: error.exitCode };
  }
}

describe.runIf(kubectlTestsRun(KUBECTL_VERSIONS))(
  "toKubectlView = real kubectl on generated responses",
  () => {
    const results = new Map<number, KubectlRun[]>();
    let stubs: FuzzStubs | undefined;

    beforeAll(async () => {
      stubs = await startFuzzStubs(4);
      await Promise.all([
        ...scenarios.map(async (s, i) => {
          results.set(i, await stubs!.run(s, fuzzRuns(i, OUTPUTS, 2)));
        }),
        ...templateScenarios.map(async (s, i) => {
          const runs = templateRuns(i).map(([p, v]) => [templateOutput(p, s), v] as const);
          results.set(1000 + i, await stubs!.run(s, runs));
        }),
      ]);
    });

    afterAll(async () => {
      await stubs?.close();
    });

    it("generates every shape, kubectl failures and successes", () => {
      const shapes = new Set(specs.map((s) => s.shape));
      expect([...shapes].sort()).toEqual(["list", "names", "single", "types", "v1List"]);
      const codes = new Set(scenarios.flatMap((_s, i) => results.get(i)!.map((r) => r.code)));
      expect([...codes].sort()).toEqual([0, 1]);
    });

    scenarios.forEach((s, i) =>
      it(`${s.name}: ${s.args.join(" ")}`, () => {
        const runs = fuzzRuns(i, OUTPUTS, 2);
        // A number literal beyond a float64 is known from the text only.
        const textOnly = s.raws.some((r) => parseJsonLosslessChecked(r).overflow !== undefined);
        runs.forEach(([output, v], j) => {
          const real = results.get(i)![j]!;
          const context = `-o ${output} @${v}\n${s.raws.join("\n")}`;
          expect(kubewire(s, s.raws, output, v), context).toEqual(real);
          if (!textOnly) expect(kubewire(s, s.raws.map(parseJsonLossless), output, v), context).toEqual(real);
        });
      }),
    );

    templateScenarios.forEach((s, i) =>
      it(`templates, ${s.name}: ${s.args.join(" ")}`, () => {
        const textOnly = s.raws.some((r) => parseJsonLosslessChecked(r).overflow !== undefined);
        templateRuns(i).forEach(([printer, v], j) => {
          const real = results.get(1000 + i)![j]!;
          const context = `-o ${templateOutput(printer, s)} @${v}\n${s.raws.join("\n")}`;
          expect(kubewireTemplate(s, s.raws, printer), context).toEqual(real);
          if (!textOnly)
            expect(kubewireTemplate(s, s.raws.map(parseJsonLossless), printer), context).toEqual(real);
        });
      }),
    );
  },
);
