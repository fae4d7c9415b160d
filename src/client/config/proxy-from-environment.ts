import { isIP } from "node:net";

type Env = Record<string, string | undefined>;

function envValue(env: Env, upper: string): string | undefined {
  const value = env[upper] ?? env[upper.toLowerCase()];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  if (!base || bits === undefined || isIP(base) !== 4 || isIP(ip) !== 4) return false;
  const prefix = Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return (ipv4ToInt(ip) & mask) >>> 0 === (ipv4ToInt(base) & mask) >>> 0;
}

function isLoopback(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

/** Whether `NO_PROXY` exempts a host (and port): names match themselves and their subdomains, IPs and CIDRs match. */
function exempt(noProxy: string, host: string, port: string): boolean {
  for (let entry of noProxy.split(",").map((s) => s.trim().toLowerCase())) {
    if (entry === "") continue;
    if (entry === "*") return true;
    if (entry.includes("/")) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    let entryPort = "";
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.startsWith("[") ? entry.replace(/^\[(.*)\]/, "$1") : entry);
    if (m && isIP(entry) === 0) {
      entry = m[1] ?? entry;
      entryPort = m[2] ?? "";
    }
    if (entryPort !== "" && entryPort !== port) continue;
    if (isIP(entry) !== 0) {
      if (entry === host) return true;
      continue;
    }
    const domain = entry.replace(/^\*?\./, "");
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/**
 * The proxy Go's `http.ProxyFromEnvironment` (and so kubectl) uses for a server URL when the kubeconfig names
 * none: `HTTPS_PROXY` / `HTTP_PROXY` (upper case first), minus `NO_PROXY`, and never for loopback hosts.
 *
 * @example
 * proxyFromEnvironment("https://10.0.0.1:6443", { HTTPS_PROXY: "proxy:3128" }); // "http://proxy:3128"
 */
export function proxyFromEnvironment(server: string, env: Env): string | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return undefined;
  }
  const proxy = envValue(env, url.protocol === "https:" ? "HTTPS_PROXY" : "HTTP_PROXY");
  if (proxy === undefined) return undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (isLoopback(host)) return undefined;
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const noProxy = envValue(env, "NO_PROXY");
  if (noProxy !== undefined && exempt(noProxy, host, port)) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}
