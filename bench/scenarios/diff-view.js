import { diffAgainstKubectl } from "kubewire";
import { compare } from "../lib/measure.js";
import { configMapListBody } from "../lib/data.js";
import { dataOf } from "../lib/format.js";

export const scenario = {
  name: "structural diff raw vs kubectl view, 10,000 items",
  contender: "diffAgainstKubectl(raw text)",
  baseline: "JSON.parse of the body",
  goal: { max: 2 },
  /** @param {{ quick: boolean }} ctx */
  async run({ quick }) {
    const n = quick ? 2000 : 10_000;
    const text = configMapListBody(n);
    const r = await compare({
      runs: quick ? 3 : 15,
      contender: () => diffAgainstKubectl(text),
      baseline: () => JSON.parse(text),
    });
    const bytes = Buffer.byteLength(text);
    return { ...r, n, unit: "ratio", data: dataOf(n, "ConfigMaps", bytes), sizeBytes: bytes };
  },
};
