import fc from "fast-check";

// One fixed seed for every property, so a run is reproducible; on failure fast-check prints the
// seed and the counterexample's path.
fc.configureGlobal({ seed: 20261121 });
