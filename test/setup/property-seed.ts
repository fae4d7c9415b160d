import fc from "fast-check";
import { globalPropertyParameters } from "../helpers/property-seed.js";

// Every property test without a seed of its own runs from a fixed one (a soak's or a replay's when asked for):
// a failure is reproducible and names its seed (test/helpers/property-seed.ts, CONTRIBUTING.md).
fc.configureGlobal({ ...fc.readConfigureGlobal(), ...globalPropertyParameters() });
