import type { KubectlLogImport } from "../../src/index.js";
import { serializeCassette } from "../../src/record/index.js";

/** Everything an import returns, as data: the cassette as it is stored, the counts, the skipped runs, the guesses. */
export function importAsData(result: KubectlLogImport) {
  return {
    cassette: serializeCassette(result.cassette),
    exchanges: JSON.stringify(result.exchanges),
    stats: result.stats,
    skipped: result.skipped,
    detected: result.detected,
  };
}
