/**
 * The formatting helpers kube-apiserver's printers share (k8s.io/kubernetes pkg/printers/internalversion and
 * apimachinery's labels and metav1 selector strings), ported so that cells read exactly as the real server's.
 */
import { humanDuration } from "../../kubectl/table/human-duration.js";

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** A Go int32 field: absent reads as 0. */
export function int(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

/** `translateTimestampSince`: the zero time prints `<unknown>`. */
export function since(timestamp: unknown, now: number): string {
  if (typeof timestamp !== "string" || timestamp === "") return "<unknown>";
  return humanDuration(now - Date.parse(timestamp));
}

/** `labels.FormatLabels`: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(obj(labels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = entries.map(([k, v]) => `${k}=${String(v)}`).join(",");
  return text === "" ? "<none>" : text;
}

interface Requirement {
  key: string;
  text: string;
}

/**
 * `metav1.LabelSelectorAsSelector(...).String()`: requirements sorted by key, set values sorted; a nil or empty
 * selector prints as the empty string. Undefined means the selector is invalid.
 */
export function selectorString(selector: unknown): string | undefined {
  if (!isObj(selector)) return "";
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(obj(selector.matchLabels)))
    requirements.push({ key, text: `${key}=${String(value)}` });
  for (const e of arr(selector.matchExpressions)) {
    const expr = obj(e);
    const key = str(expr.key);
    const values = [...new Set(arr(expr.values).map(String))].sort();
    switch (expr.operator) {
      case "In":
        requirements.push({ key, text: `${key} in (${values.join(",")})` });
        break;
      case "NotIn":
        requirements.push({ key, text: `${key} notin (${values.join(",")})` });
        break;
      case "Exists":
        requirements.push({ key, text: key });
        break;
      case "DoesNotExist":
        requirements.push({ key, text: `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  // Go's sort.Sort by key is not stable; equal keys keep insertion order here, which is what small inputs give.
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return requirements.map((r) => r.text).join(",");
}

/** `metav1.FormatLabelSelector`: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: unknown): string {
  const text = selectorString(selector);
  if (text === undefined) return "<error>";
  return text === "" ? "<none>" : text;
}

/** `layoutContainerCells`: names and images joined with commas. */
export function containerCells(podSpec: unknown): [string, string] {
  const containers = arr(obj(podSpec).containers).map(obj);
  return [containers.map((c) => str(c.name)).join(","), containers.map((c) => str(c.image)).join(",")];
}

/** A pod template's spec: `spec.template.spec`. */
export function templateSpec(o: Obj): Obj {
  return obj(obj(obj(o.spec).template).spec);
}

/** `intstr.IntOrString.String()`. */
export function intOrString(v: unknown): string {
  return typeof v === "number" ? String(v) : str(v);
}

/** `listWithMoreString` and friends: at most `max` entries, then `+ N more...`. */
export function withMore(list: string[], count: number, max: number): string {
  const text = list.slice(0, max).join(",");
  return count > max ? `${text} + ${count - max} more...` : text;
}

/** Go's `net.JoinHostPort`: IPv6 addresses in brackets. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `loadBalancerStatusStringer`: unique IPs or hostnames, sorted, clipped to 16 bytes unless wide. */
export function loadBalancerStatus(status: unknown, wide: boolean): string {
  const result = new Set<string>();
  for (const i of arr(obj(status).ingress).map(obj)) {
    if (str(i.ip) !== "") result.add(str(i.ip));
    else if (str(i.hostname) !== "") result.add(str(i.hostname));
  }
  const text = [...result].sort().join(",");
  return !wide && text.length > 16 ? text.slice(0, 13) + "..." : text;
}

/** `printBoolPtr`. */
export function boolPtr(v: unknown): string {
  if (typeof v !== "boolean") return "<unset>";
  return v ? "True" : "False";
}

/** `helper.GetAccessModesAsString`: the short forms, in ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod order. */
export function accessModes(modes: unknown): string {
  const have = new Set(arr(modes).map(String));
  const out: string[] = [];
  if (have.has("ReadWriteOnce")) out.push("RWO");
  if (have.has("ReadOnlyMany")) out.push("ROX");
  if (have.has("ReadWriteMany")) out.push("RWX");
  if (have.has("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}
