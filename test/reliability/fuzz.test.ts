/**
 * Fuzzing every parser kubewire has: 100,000 generated or mutated inputs per run (counted in fuzz/counts.ts), only
 * typed errors (KubewireError) or success, never another exception, never a hang. One test file, so the suite pays
 * for loading the library once; the properties live in ./fuzz/, one module per kind of input.
 */
import "./fuzz/json.js";
import "./fuzz/client.js";
import "./fuzz/config.js";
import "./fuzz/cassette-log.js";
import "./fuzz/counts.js";
