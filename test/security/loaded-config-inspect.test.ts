import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadKubeConfig } from "../../src/index.js";
import { leakForms } from "./support.js";

// `console.log(await loadKubeConfig())` printed the user's token, client key and password, and every variable of
// the process environment (`clientOptions.env`: a `GITHUB_TOKEN`, an `AWS_SECRET_ACCESS_KEY`), into whatever log
// or issue the print was pasted. The loaded configuration is now shown redacted by `util.inspect` (so by
// `console.log`) and by `JSON.stringify` (so by a JSON logger); its properties keep their values for the program
// that loaded it.
const TOKEN = "kubeconfigTokenValue42";
const KEY = "clientKeyMaterial42";
const ENV_TOKEN = "githubTokenFromEnv42";
const dir = mkdtempSync(join(tmpdir(), "kubewire-inspect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a loaded kubeconfig printed", () => {
  it("shows no credential and no secret environment value, and keeps them readable", async () => {
    const file = join(dir, "config");
    writeFileSync(
      file,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: c",
        "  cluster: {server: 'https://127.0.0.1:6443'}",
        "users:",
        "- name: u",
        "  user:",
        `    token: ${TOKEN}`,
        `    client-certificate-data: ${Buffer.from("CERT").toString("base64")}`,
        `    client-key-data: ${Buffer.from(KEY).toString("base64")}`,
        "contexts:",
        "- name: x",
        "  context: {cluster: c, user: u}",
        "current-context: x",
        "",
      ].join("\n"),
    );
    const loaded = await loadKubeConfig({ kubeconfig: file, env: { GITHUB_TOKEN: ENV_TOKEN, HOME: dir } });
    const shown = [
      inspect(loaded, { depth: Infinity }),
      inspect(loaded),
      // A JSON logger (pino, winston's json format) serializes what it is given with JSON.stringify.
      JSON.stringify(loaded),
      JSON.stringify({ config: loaded }),
      JSON.stringify(loaded.clientOptions),
      inspect(loaded.clientOptions, { depth: Infinity }),
    ].join("\n");
    const found = [TOKEN, KEY, ENV_TOKEN].flatMap((v) => leakForms(v).filter((f) => shown.includes(f)));
    expect(found).toEqual([]);
    expect(shown).toContain("[redacted len=");
    expect(shown).toContain("https://127.0.0.1:6443");
    expect(loaded.clientOptions.token).toBe(TOKEN);
    // What is not secret stays readable in the JSON form too, and a copy keeps the values.
    expect(JSON.parse(JSON.stringify(loaded))).toMatchObject({
      clientOptions: { server: "https://127.0.0.1:6443" },
    });
    expect({ ...loaded.clientOptions }.token).toBe(TOKEN);
    expect(structuredClone({ ...loaded.clientOptions, env: {} }).token).toBe(TOKEN);
  });
});
