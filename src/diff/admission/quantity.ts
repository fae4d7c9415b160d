/*
 * Kubernetes quantities (resource.Quantity), as far as telling a canonical re-encoding by the server (`1000m` →
 * `1`) from a change of value needs: the value as a float, not the exact decimal arithmetic.
 */

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A quantity's value as a number, or undefined when the value is not a quantity. */
function quantityValue(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return undefined;
  const m = QUANTITY.exec(v);
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * (m[3] ? SUFFIX[m[3]]! : 1);
}

/** Whether two values are the same Kubernetes quantity (`1000m` and `1`, `1Gi` and `1073741824`). */
export function sameQuantity(a: unknown, b: unknown): boolean {
  const x = quantityValue(a);
  const y = quantityValue(b);
  return (
    x !== undefined && y !== undefined && Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x), Math.abs(y))
  );
}
