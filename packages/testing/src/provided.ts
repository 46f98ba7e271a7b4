// What the global setup hands to every test file through vitest's provide/inject.
declare module "vitest" {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    mongoUrl: string;
    /** Begins every database and topic prefix this run's scopes make: what its teardown sweeps. */
    runPrefix: string;
  }
}

export {};
