/** What `/version` answers. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** The version the in-memory server claims: kube-apiserver 1.28.7, the release its behaviour is checked against. */
export const DEFAULT_VERSION: VersionInfo = {
  major: "1",
  minor: "28",
  gitVersion: "v1.28.7-kubewire.0",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2026-01-01T00:00:00Z",
  goVersion: "go1.21.13",
  compiler: "gc",
  platform: "linux/amd64",
};
