import { describe, expect, it } from "vitest";
import { createProgressBar } from "../../src/units/index.ts";

function recorder(interactive: boolean) {
  const written: string[] = [];
  let time = 0;
  const bar = createProgressBar({
    label: "rows",
    total: 5000,
    write: (text) => written.push(text),
    interactive,
    now: () => time,
    width: 10,
  });
  return { bar, written, advance: (ms: number) => (time += ms) };
}

describe("createProgressBar", () => {
  it("draws at most once per 100 ms, with counts", () => {
    const { bar, written, advance } = recorder(true);
    for (let done = 1; done <= 5000; done += 1) {
      bar.update(done);
      if (done % 100 === 0) advance(10);
    }
    bar.finish();
    // 500 ms of updates → a drawing at 0, 100, …, 500 ms, then the final one and the line end.
    expect(written.length).toBeLessThanOrEqual(8);
    expect(written[0]).toBe("\rrows [----------] 1/5,000 (0%)");
    expect(written.at(-2)).toBe("\rrows [##########] 5,000/5,000 (100%)");
    expect(written.at(-1)).toBe("\n");
  });

  it("writes whole lines when the output is not a terminal, and finishes once", () => {
    const { bar, written, advance } = recorder(false);
    bar.update(2500);
    advance(150);
    bar.update(2600);
    bar.finish();
    bar.finish();
    expect(written).toEqual([
      "rows [#####-----] 2,500/5,000 (50%)\n",
      "rows [#####-----] 2,600/5,000 (52%)\n",
      "rows [##########] 5,000/5,000 (100%)\n",
    ]);
  });
});
