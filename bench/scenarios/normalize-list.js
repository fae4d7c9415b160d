import { normalizeList } from "kubewire";
import { compare } from "../lib/measure.js";
import { configMapListBody } from "../lib/data.js";
import { dataOf } from "../lib/format.js";

export const scenario = {
  name: "normalizeList on 10,000 items",
  contender: "normalizeList",
  baseline: "JSON.parse of the body",
  goal: { max: 0.1 },
  /** @param {{ quick: boolean }} ctx */
  async run({ quick }) {
    const n = 10_000;
    const text = configMapListBody(n);
    const parsed = JSON.parse(text);
    const r = await compare({
      runs: quick ? 5 : 31,
      contender: () => normalizeList(parsed),
      baseline: () => JSON.parse(text),
    });
    const bytes = Buffer.byteLength(text);
    return { ...r, n, unit: "ratio", data: dataOf(n, "ConfigMaps", bytes), sizeBytes: bytes };
  },
};
