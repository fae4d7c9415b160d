import { dirname, isAbsolute, join, sep } from "node:path";
import { valueNestsDeeperThan } from "../../normalize/json-depth.js";
import { KubeConfigError } from "./kubeconfig-error.js";
import { yamlModule } from "../../internal/lazy-modules.js";
import { readSimpleYaml } from "./simple-yaml.js";
import { EXEC_API_VERSIONS, EXEC_INTERACTIVE_MODES } from "./kubeconfig-types.js";
import type {
  ExecApiVersion,
  ExecConfig,
  ExecInteractiveMode,
  KubeConfig,
  KubeConfigCluster,
  KubeConfigContext,
  KubeConfigEntry,
  KubeConfigUser,
} from "./kubeconfig-types.js";
import { isJsonObject } from "../../internal/json.js";

type Obj = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}

/**
 * Pairs every mapping of the typed parse with the same mapping parsed with YAML's failsafe schema (every scalar a
 * string), so a string field written as `password: 1234` or `namespace: 0755` reads as its source text, as kubectl's
 * YAML reader (sigs.k8s.io/yaml, which converts scalars to fit string fields) reads it.
 */
function pairSources(typed: unknown, raw: unknown, into: WeakMap<object, Obj>): void {
  if (Array.isArray(typed) && Array.isArray(raw)) {
    into.set(typed, raw as unknown as Obj);
    typed.forEach((t, i) => pairSources(t, raw[i], into));
  } else if (isJsonObject(typed) && isJsonObject(raw)) {
    into.set(typed, raw);
    for (const key of Object.keys(typed)) pairSources(typed[key], raw[key], into);
  }
}

/** Reads typed fields of one file, naming the file and the field in every complaint. */
class FieldReader {
  constructor(
    readonly file: string,
    readonly sources: WeakMap<object, Obj> = new WeakMap(),
  ) {}

  fail(path: string, problem: string): never {
    throw new KubeConfigError(this.file, path, problem);
  }

  object(value: unknown, path: string): Obj | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isJsonObject(value)) this.fail(path, `must be a mapping, got ${describe(value)}`);
    return value;
  }

  list(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(path, `must be a list, got ${describe(value)}`);
    return value;
  }

  string(obj: Obj, key: string, path: string): string | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
      const source = this.sources.get(obj)?.[key];
      if (typeof source === "string") return source;
    }
    // Never echo the value: the field may hold a credential.
    if (typeof value !== "string") this.fail(`${path}.${key}`, `must be a string, got ${describe(value)}`);
    return value === "" ? undefined : value;
  }

  boolean(obj: Obj, key: string, path: string): boolean | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean")
      this.fail(`${path}.${key}`, `must be true or false, got ${describe(value)}`);
    return value;
  }

  strings(obj: Obj, key: string, path: string): string[] | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    const list = this.list(value, `${path}.${key}`);
    const source = this.sources.get(list) as unknown[] | undefined;
    return list.map((v, i) => {
      if (typeof v === "number" || typeof v === "boolean") {
        const text = source?.[i];
        if (typeof text === "string") return text;
      }
      if (typeof v !== "string") this.fail(`${path}.${key}[${i}]`, `must be a string, got ${describe(v)}`);
      return v;
    });
  }

  /** `*-data` fields are base64 (Go's StdEncoding: padded; line breaks ignored) of PEM text. */
  base64(obj: Obj, key: string, path: string): string | undefined {
    const value = this.string(obj, key, path);
    if (value === undefined) return undefined;
    const compact = value.replace(/[\r\n]/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0)
      this.fail(`${path}.${key}`, "is not valid base64 (standard alphabet, with padding)");
    return Buffer.from(compact, "base64").toString("utf8");
  }

  /** A path relative to the kubeconfig that names it, as client-go's ResolvePaths does. */
  path(obj: Obj, key: string, path: string): string | undefined {
    const value = this.string(obj, key, path);
    if (value === undefined) return undefined;
    return isAbsolute(value) ? value : join(dirname(this.file), value);
  }

  /** `extensions: [{name, extension}]` into a record by name. */
  extensions(obj: Obj, path: string): Record<string, unknown> | undefined {
    const list = this.list(obj.extensions, `${path}.extensions`);
    if (list.length === 0) return undefined;
    const out: Record<string, unknown> = {};
    list.forEach((entry, i) => {
      const p = `${path}.extensions[${i}]`;
      const e = this.object(entry, p) ?? this.fail(p, "must be a mapping with name and extension");
      const name = this.string(e, "name", p) ?? this.fail(`${p}.name`, "is missing");
      out[name] = e.extension;
    });
    return out;
  }
}

function parseCluster(r: FieldReader, obj: Obj, path: string): KubeConfigCluster {
  const cluster: KubeConfigCluster = {};
  const set = <K extends keyof KubeConfigCluster>(key: K, value: KubeConfigCluster[K] | undefined) => {
    if (value !== undefined) cluster[key] = value;
  };
  set("server", r.string(obj, "server", path));
  set("certificateAuthority", r.path(obj, "certificate-authority", path));
  set("certificateAuthorityData", r.base64(obj, "certificate-authority-data", path));
  set("insecureSkipTlsVerify", r.boolean(obj, "insecure-skip-tls-verify", path));
  set("tlsServerName", r.string(obj, "tls-server-name", path));
  set("proxyUrl", r.string(obj, "proxy-url", path));
  set("disableCompression", r.boolean(obj, "disable-compression", path));
  set("extensions", r.extensions(obj, path));
  return cluster;
}

function parseExec(r: FieldReader, obj: Obj, path: string): ExecConfig {
  const apiVersion = r.string(obj, "apiVersion", path);
  if (apiVersion === undefined)
    r.fail(`${path}.apiVersion`, `is missing (one of ${EXEC_API_VERSIONS.join(", ")})`);
  if (!(EXEC_API_VERSIONS as readonly string[]).includes(apiVersion))
    r.fail(
      `${path}.apiVersion`,
      `${JSON.stringify(apiVersion)} is not supported (one of ${EXEC_API_VERSIONS.join(", ")})`,
    );
  const command = r.string(obj, "command", path) ?? r.fail(`${path}.command`, "is missing");
  const env = r.list(obj.env, `${path}.env`).map((entry, i) => {
    const p = `${path}.env[${i}]`;
    const e = r.object(entry, p) ?? r.fail(p, "must be a mapping with name and value");
    const name = r.string(e, "name", p) ?? r.fail(`${p}.name`, "is missing");
    return { name, value: r.string(e, "value", p) ?? "" };
  });
  let interactiveMode = r.string(obj, "interactiveMode", path);
  if (interactiveMode === undefined) {
    // client-go defaults it for v1beta1 only; v1 must say.
    if (apiVersion === "client.authentication.k8s.io/v1")
      r.fail(`${path}.interactiveMode`, `is required with ${apiVersion} (Never, IfAvailable or Always)`);
    interactiveMode = "IfAvailable";
  }
  if (!(EXEC_INTERACTIVE_MODES as readonly string[]).includes(interactiveMode))
    r.fail(
      `${path}.interactiveMode`,
      `${JSON.stringify(interactiveMode)} is not Never, IfAvailable or Always`,
    );
  const exec: ExecConfig = {
    // Only a command with a path separator is a path; a bare name is looked up on PATH.
    command:
      command.includes(sep) && !isAbsolute(command) ? (r.path(obj, "command", path) ?? command) : command,
    args: r.strings(obj, "args", path) ?? [],
    env,
    apiVersion: apiVersion as ExecApiVersion,
    provideClusterInfo: r.boolean(obj, "provideClusterInfo", path) ?? false,
    interactiveMode: interactiveMode as ExecInteractiveMode,
  };
  const installHint = r.string(obj, "installHint", path);
  if (installHint !== undefined) exec.installHint = installHint;
  return exec;
}

function parseUser(r: FieldReader, obj: Obj, path: string): KubeConfigUser {
  const user: KubeConfigUser = {};
  const set = <K extends keyof KubeConfigUser>(key: K, value: KubeConfigUser[K] | undefined) => {
    if (value !== undefined) user[key] = value;
  };
  set("token", r.string(obj, "token", path));
  set("tokenFile", r.path(obj, "tokenFile", path));
  set("clientCertificate", r.path(obj, "client-certificate", path));
  set("clientCertificateData", r.base64(obj, "client-certificate-data", path));
  set("clientKey", r.path(obj, "client-key", path));
  set("clientKeyData", r.base64(obj, "client-key-data", path));
  set("username", r.string(obj, "username", path));
  set("password", r.string(obj, "password", path));
  set("as", r.string(obj, "as", path));
  set("asUid", r.string(obj, "as-uid", path));
  set("asGroups", r.strings(obj, "as-groups", path));
  const extra = r.object(obj["as-user-extra"], `${path}.as-user-extra`);
  if (extra) {
    const out: Record<string, string[]> = {};
    for (const key of Object.keys(extra)) out[key] = r.strings(extra, key, `${path}.as-user-extra`) ?? [];
    user.asUserExtra = out;
  }
  const exec = r.object(obj.exec, `${path}.exec`);
  if (exec) user.exec = parseExec(r, exec, `${path}.exec`);
  const provider = r.object(obj["auth-provider"], `${path}.auth-provider`);
  if (provider) {
    const p = `${path}.auth-provider`;
    const name = r.string(provider, "name", p) ?? r.fail(`${p}.name`, "is missing");
    const config: Record<string, string> = {};
    const cfg = r.object(provider.config, `${p}.config`) ?? {};
    for (const key of Object.keys(cfg)) {
      const v = r.string(cfg, key, `${p}.config`);
      if (v !== undefined) config[key] = v;
    }
    user.authProvider = { name, config };
  }
  set("extensions", r.extensions(obj, path));
  return user;
}

function parseContext(r: FieldReader, obj: Obj, path: string): KubeConfigContext {
  const context: KubeConfigContext = {
    cluster: r.string(obj, "cluster", path) ?? "",
    user: r.string(obj, "user", path) ?? "",
  };
  const namespace = r.string(obj, "namespace", path);
  if (namespace !== undefined) context.namespace = namespace;
  return context;
}

function setEntry<T>(into: Record<string, T>, name: string, entry: T): void {
  Object.defineProperty(into, name, { value: entry, enumerable: true, writable: true, configurable: true });
}

function namedEntries<T>(
  r: FieldReader,
  root: Obj,
  key: "clusters" | "users" | "contexts",
  inner: "cluster" | "user" | "context",
  parse: (r: FieldReader, obj: Obj, path: string) => T,
): Record<string, KubeConfigEntry<T>> {
  const out: Record<string, KubeConfigEntry<T>> = {};
  r.list(root[key], key).forEach((entry, i) => {
    const path = `${key}[${i}]`;
    const e = r.object(entry, path) ?? r.fail(path, `must be a mapping with name and ${inner}`);
    const name = r.string(e, "name", path) ?? r.fail(`${path}.name`, "is missing");
    // client-go refuses a file that names two entries alike: which one is meant cannot be known.
    if (Object.hasOwn(out, name)) r.fail(`${path}.name`, `duplicate ${inner} name ${JSON.stringify(name)}`);
    const body = r.object(e[inner], `${path}.${inner}`) ?? {};
    // defineProperty: a name such as "__proto__" is a name, not the object's prototype.
    setEntry(out, name, { name, value: parse(r, body, `${path}.${inner}`), file: r.file, path });
  });
  return out;
}

/**
 * Parses one kubeconfig file (YAML or JSON) into kubewire's model. Every type error names the file and the field;
 * relative paths become absolute against the file's directory. YAML is read as YAML 1.1, as kubectl's Go YAML
 * reader does (`insecure-skip-tls-verify: yes` is true).
 *
 * @example
 * const config = parseKubeConfig(readFileSync(file, "utf8"), file);
 * config.contexts["kind-dev"]?.value.namespace;
 */
export function parseKubeConfig(text: string, file: string): KubeConfig {
  // The common file (block style, as kubectl writes it) without loading the yaml package; anything else through it.
  const { value, source } = readSimpleYaml(text) ?? parseWithYamlPackage(text, file);
  const sources = new WeakMap<object, Obj>();
  pairSources(value, source, sources);
  const r = new FieldReader(file, sources);
  const root = value === null || value === undefined ? {} : (r.object(value, "(document)") ?? {});
  const config: KubeConfig = {
    files: [file],
    clusters: namedEntries(r, root, "clusters", "cluster", parseCluster),
    users: namedEntries(r, root, "users", "user", parseUser),
    contexts: namedEntries(r, root, "contexts", "context", parseContext),
  };
  const current = r.string(root, "current-context", "(document)");
  if (current !== undefined) {
    config.currentContext = current;
    config.currentContextFile = file;
  }
  return config;
}

/** The document's YAML 1.1 value and its failsafe reading (every scalar as written), by the yaml package. */
function parseWithYamlPackage(text: string, file: string): { value: unknown; source: unknown } {
  const doc = yamlModule().parseDocument(text, { version: "1.1", prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0];
    throw new KubeConfigError(
      file,
      line ? `line ${line.line}, column ${line.col}` : undefined,
      `is not valid YAML: ${(e.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`,
    );
  }
  let value: unknown;
  let source: unknown;
  try {
    value = doc.toJS();
    source = yamlModule().parseDocument(text, { schema: "failsafe" }).toJS();
  } catch (error) {
    // yaml refuses a document whose aliases expand without bound (a "billion laughs"), with a ReferenceError.
    throw new KubeConfigError(file, undefined, `is not valid YAML: ${(error as Error).message}`);
  }
  // An alias to its own ancestor makes a cycle; kubectl's YAML reader refuses it too.
  if (valueNestsDeeperThan(value))
    throw new KubeConfigError(
      file,
      undefined,
      "is not valid YAML: nested too deep, or an alias refers to itself",
    );
  return { value, source };
}

/**
 * Merges kubeconfig files with kubectl's rules for `KUBECONFIG=a:b:c`: the first file to set a value or a map key
 * wins, and named entries are never merged field by field (a cluster comes whole from one file).
 */
export function mergeKubeConfigs(configs: readonly KubeConfig[]): KubeConfig {
  const merged: KubeConfig = { files: [], clusters: {}, users: {}, contexts: {} };
  for (const config of configs) {
    merged.files.push(...config.files);
    if (merged.currentContext === undefined && config.currentContext !== undefined) {
      merged.currentContext = config.currentContext;
      if (config.currentContextFile !== undefined) merged.currentContextFile = config.currentContextFile;
    }
    for (const key of ["clusters", "users", "contexts"] as const) {
      const into = merged[key] as Record<string, unknown>;
      for (const [name, entry] of Object.entries(config[key]))
        if (!Object.hasOwn(into, name)) setEntry(into, name, entry);
    }
  }
  return merged;
}
