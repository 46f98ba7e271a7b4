/** Human progress lines on stderr, so stdout stays clean for --json. */
export type Progress = (line: string) => void;

export const stderrProgress: Progress = (line) => {
  process.stderr.write(`${line}\n`);
};

export const silent: Progress = () => {};

/** Runs a step, saying what it does and how long it took. */
export async function step<T>(progress: Progress, label: string, action: () => Promise<T>) {
  const started = performance.now();
  progress(`• ${label}…`);
  const result = await action();
  progress(`  ${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}
