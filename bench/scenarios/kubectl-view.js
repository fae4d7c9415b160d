import { toKubectlView } from "kubewire";
import { renderKubectlJson } from "kubewire/kubectl";
import { compare } from "../lib/measure.js";
import { configMapListBody } from "../lib/data.js";
import { dataOf } from "../lib/format.js";

/** kubectl's -o json / -o yaml rendering of a 10,000-item list, against JSON.stringify(x, null, 4). */
function viewScenario(output) {
  return {
    name: `kubectl view -o ${output} of 10,000 items`,
    contender: `render -o ${output} from the raw text`,
    baseline: "JSON.stringify(x, null, 4)",
    goal: { report: true },
    /** @param {{ quick: boolean }} ctx */
    async run({ quick }) {
      const n = quick ? 2000 : 10_000;
      const text = configMapListBody(n);
      const value = JSON.parse(text);
      const render =
        output === "json" ? () => renderKubectlJson(text) : () => toKubectlView(text, { output: "yaml" });
      const r = await compare({
        runs: quick ? 3 : 11,
        contender: render,
        baseline: () => JSON.stringify(value, null, 4),
      });
      const bytes = Buffer.byteLength(text);
      return { ...r, n, unit: "ratio", data: dataOf(n, "ConfigMaps", bytes), sizeBytes: bytes };
    },
  };
}

export const scenarios = [viewScenario("json"), viewScenario("yaml")];
