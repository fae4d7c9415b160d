// The protobuf codec on a list of 1,000 realistic Pods (report only): decoding the bytes a server sends with
// `Accept: application/vnd.kubernetes.protobuf` into the JSON it would have sent, against JSON.parse of that JSON;
// encoding the object back, against JSON.stringify. The codec is internal (no public subpath): it is read from the
// build (`npm run build` first), as the bench reads kubewire's public entry from it.
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf } from "../../dist/protobuf/index.js";
import { compare } from "../lib/measure.js";
import { listBody, pod } from "../lib/data.js";
import { dataOf } from "../lib/format.js";

/** The list as the codec writes it (decode∘encode gives the API server's JSON form, zero values included). */
function podList(n) {
  const list = JSON.parse(
    listBody(
      "PodList",
      Array.from({ length: n }, (_, i) => pod(i)),
    ),
  );
  return decodeKubernetesProtobuf(encodeKubernetesProtobuf(list)).object;
}

export const scenarios = [
  {
    name: "protobuf decode of 1,000 Pods",
    contender: "decodeKubernetesProtobuf",
    baseline: "JSON.parse of the same list's JSON",
    goal: { report: true },
    /** @param {{ quick: boolean }} ctx */
    async run({ quick }) {
      const n = 1000;
      const list = podList(n);
      const bytes = encodeKubernetesProtobuf(list);
      const text = JSON.stringify(list);
      const r = await compare({
        runs: quick ? 5 : 31,
        contender: () => decodeKubernetesProtobuf(bytes),
        baseline: () => JSON.parse(text),
      });
      return { ...r, n, unit: "ratio", data: dataOf(n, "Pods", bytes.length), sizeBytes: bytes.length };
    },
  },
  {
    name: "protobuf encode of 1,000 Pods",
    contender: "encodeKubernetesProtobuf",
    baseline: "JSON.stringify of the same list",
    goal: { report: true },
    /** @param {{ quick: boolean }} ctx */
    async run({ quick }) {
      const n = 1000;
      const list = podList(n);
      const r = await compare({
        runs: quick ? 5 : 31,
        contender: () => encodeKubernetesProtobuf(list),
        baseline: () => JSON.stringify(list),
      });
      const bytes = encodeKubernetesProtobuf(list).length;
      return { ...r, n, unit: "ratio", data: dataOf(n, "Pods", bytes), sizeBytes: bytes };
    },
  },
];
