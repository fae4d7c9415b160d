/**
 * What a Service gets from the API server's allocators and its REST storage: a cluster IP (from 10.96.0.0/12, or
 * `None` for a headless Service), the IP families that go with it, and node ports for NodePort and LoadBalancer
 * Services. An update keeps what was allocated when the client leaves it out.
 */
import { isPlainObject } from "../json.js";
import { typeKey } from "../resource-types.js";
import type { ResourceType } from "../resource-types.js";
import type { Obj } from "../store.js";
import type { RegistryContext } from "./context.js";

const isService = (type: ResourceType) => type.group === "" && type.kind === "Service";

function specOf(obj: Obj): Obj {
  if (!isPlainObject(obj.spec)) obj.spec = {};
  return obj.spec as Obj;
}

/** Every cluster IP and node port Services hold. */
function used(ctx: RegistryContext, type: ResourceType): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>(["10.96.0.1"]);
  const ports = new Set<number>();
  for (const [, entry] of ctx.store.entries(typeKey(type))) {
    const spec = specOf(entry.object);
    for (const ip of Array.isArray(spec.clusterIPs) ? spec.clusterIPs : []) ips.add(String(ip));
    for (const p of Array.isArray(spec.ports) ? spec.ports : [])
      if (isPlainObject(p) && typeof p.nodePort === "number") ports.add(p.nodePort);
  }
  return { ips, ports };
}

function nextIp(taken: Set<string>): string {
  // 10.96.0.0/12: 10.96.0.0 – 10.111.255.255.
  for (let n = 2; n < 2 ** 20; n++) {
    const ip = `10.${96 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
    if (!taken.has(ip)) return ip;
  }
  throw new Error("the service IP range is full");
}

function nextPort(taken: Set<number>): number {
  for (let p = 30000; p <= 32767; p++) if (!taken.has(p)) return p;
  throw new Error("the node port range is full");
}

/** Allocates a new Service's addresses (mutates it). */
export function allocateService(ctx: RegistryContext, type: ResourceType, svc: Obj): void {
  if (!isService(type)) return;
  const spec = specOf(svc);
  if (spec.type === "ExternalName") return;
  const { ips, ports } = used(ctx, type);
  if (spec.clusterIP === undefined || spec.clusterIP === "") spec.clusterIP = nextIp(ips);
  if (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) spec.clusterIPs = [spec.clusterIP];
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ["IPv4"];
  spec.ipFamilyPolicy ??= "SingleStack";
  if (spec.type === "NodePort" || spec.type === "LoadBalancer") {
    const allocateForLb = spec.type === "NodePort" || spec.allocateLoadBalancerNodePorts !== false;
    if (allocateForLb)
      for (const p of Array.isArray(spec.ports) ? spec.ports : [])
        if (isPlainObject(p) && (p.nodePort === undefined || p.nodePort === 0)) {
          const port = nextPort(ports);
          p.nodePort = port;
          ports.add(port);
        }
  }
}

/** An update of a Service keeps the addresses it was given where the client left them out (mutates `next`). */
export function keepServiceAllocation(type: ResourceType, existing: Obj, next: Obj): void {
  if (!isService(type)) return;
  const before = specOf(existing);
  const after = specOf(next);
  if (after.type === "ExternalName" || before.type === "ExternalName") return;
  for (const key of ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"])
    if (after[key] === undefined || after[key] === "") after[key] = structuredClone(before[key]);
  const oldPorts = Array.isArray(before.ports) ? before.ports.filter(isPlainObject) : [];
  for (const p of Array.isArray(after.ports) ? after.ports : []) {
    if (!isPlainObject(p) || (p.nodePort !== undefined && p.nodePort !== 0)) continue;
    const match = oldPorts.find((o) => o.port === p.port && (o.protocol ?? "TCP") === (p.protocol ?? "TCP"));
    if (match?.nodePort !== undefined) p.nodePort = match.nodePort;
  }
}
