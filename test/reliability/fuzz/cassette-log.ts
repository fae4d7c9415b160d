import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createReplayDispatcher, importKubectlLog, renderTrafficLog } from "../../../src/index.js";
import { KUBECTL_VERSIONS } from "../../../src/kubectl/index.js";
import { parseCassette, serializeCassette, validateCassette } from "../../../src/record/index.js";
import type { Cassette, TrafficLevel } from "../../../src/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import {
  FUZZ_RUNS,
  jsonMutation,
  mutateJson,
  mutateText,
  runs,
  textMutation,
  typedOrValue,
} from "../support/fuzz-support.js";

/**
 * Fuzzing cassette loading and kubectl log import. A cassette that loads must also serialize, render as a log and
 * back a replay dispatcher without an untyped exception (validation is the gate everything behind it trusts); an
 * imported log always yields a valid cassette.
 */

const CASSETTE_TEXTS = [
  "demo/configmaps-by-label.cassette.json",
  "cassettes/orphan-configmaps.cassette.json",
].map(readFixture);

const LOGS = [
  "kubectl/captures/https/1.27/json-v9.stderr",
  "kubectl/captures/https/1.29/json-v8.stderr",
  "kubectl/captures/https/1.32/create-v9.stderr",
  "kubectl/captures/https/1.33/tab-json-v8.stderr",
  "kubectl/captures/https/1.33/big-json-v10.stderr",
  "kubectl/captures/crd/1.33/cr-json-v9.stderr",
  "kubectl/captures/refused/1.31/json-v9.stderr",
].map(readFixture);

// Cassettes imported from logs hold every field a cassette can have (connection events, callers, truncation).
const IMPORTED = LOGS.map((log) => JSON.parse(serializeCassette(importKubectlLog(log).cassette)) as unknown);
const CASSETTES = [...CASSETTE_TEXTS.map((t) => JSON.parse(t) as unknown), ...IMPORTED];

/** Everything a cassette that loaded must survive. */
function use(cassette: Cassette, v: TrafficLevel, kubectlVersion: string): void {
  validateCassette(JSON.parse(serializeCassette(cassette)));
  renderTrafficLog(cassette.exchanges, { v, kubectlVersion });
  renderTrafficLog(cassette.exchanges, { v: 10, showSecrets: true, replayCurl: true });
  void createReplayDispatcher(cassette).close();
}

const level = fc.constantFrom<TrafficLevel>(6, 7, 8, 9, 10);
const version = fc.constantFrom(...KUBECTL_VERSIONS);

describe("cassette loading", () => {
  it("structurally mutated cassettes: CassetteFormatError, or a cassette that serializes, renders and replays", () => {
    fc.assert(
      fc.property(
        fc.nat(CASSETTES.length - 1),
        fc.array(jsonMutation, { minLength: 1, maxLength: 6 }),
        level,
        version,
        (i, mutations, v, kubectlVersion) => {
          const text = JSON.stringify(mutateJson(CASSETTES[i], mutations));
          const cassette = typedOrValue("parseCassette", () => parseCassette(text, "fuzz.cassette.json"));
          if (cassette) typedOrValue("using a loaded cassette", () => use(cassette, v, kubectlVersion));
        },
      ),
      runs(FUZZ_RUNS.cassettesMutated, 401),
    );
  });

  it("byte-mutated cassette files: CassetteFormatError, whose message never quotes the file", () => {
    fc.assert(
      fc.property(
        fc.nat(CASSETTE_TEXTS.length - 1),
        fc.array(textMutation, { minLength: 1, maxLength: 4 }),
        (i, m) => {
          const text = mutateText(CASSETTE_TEXTS[i]!, m);
          try {
            use(parseCassette(text, "fuzz.cassette.json"), 9, "1.33");
          } catch (error) {
            expect((error as Error).name).toBe("CassetteFormatError");
            expect((error as Error).message).not.toMatch(/is not valid JSON|"\.\.\./);
          }
        },
      ),
      runs(FUZZ_RUNS.cassettesText, 402),
    );
  });
});

describe("kubectl log import", () => {
  it("mutated real logs and rendered logs: always a valid cassette, which renders again", () => {
    const logs = [
      ...LOGS,
      ...IMPORTED.slice(0, 3).flatMap((c) =>
        ([6, 8, 9, 10] as const).map((v) =>
          renderTrafficLog((c as Cassette).exchanges, { v, showSecrets: true }),
        ),
      ),
    ];
    fc.assert(
      fc.property(
        fc.nat(logs.length - 1),
        fc.array(textMutation, { minLength: 1, maxLength: 8 }),
        level,
        (i, m, v) => {
          const text = mutateText(logs[i]!, m);
          const result = typedOrValue("importKubectlLog", () => importKubectlLog(text));
          if (!result) return;
          validateCassette(JSON.parse(serializeCassette(result.cassette)));
          typedOrValue("rendering an import", () => renderTrafficLog(result.exchanges, { v }));
        },
      ),
      runs(FUZZ_RUNS.logImport, 403),
    );
  });
});
