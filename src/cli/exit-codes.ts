// Its own module so that `kubewire --help` (src/cli/usage.ts) reads the codes without loading the library.

/**
 * The exit codes of every command (docs/cli.md, "Exit codes"):
 * - `ok` (0): done; for `diff` no differences, for `validate` every object valid.
 * - `failure` (1): the work failed: the API server or the network refused, an object is missing, an input file
 *   cannot be read or holds nothing usable (kubectl's code for every failed `get`); for the commands that answer
 *   a question, the answer "no": `diff` found differences, `validate` found an invalid object.
 * - `usage` (2): the command line is wrong (unknown command or flag, a missing or malformed value, arguments
 *   that exclude each other), found before any request; for `diff` and `validate`, any error at all, so that
 *   their 1 always means the answer (kubectl diff's and diff(1)'s convention).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
