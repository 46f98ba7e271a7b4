export interface ProgressBarOptions {
  readonly label: string;
  readonly total: number;
  readonly write: (text: string) => void;
  /** A terminal: redraw one line with "\r". Otherwise each update is a line of its own. */
  readonly interactive: boolean;
  readonly now?: () => number;
  /** Minimum time between two drawings; 100 ms keeps it at 10 a second or fewer. */
  readonly intervalMs?: number;
  readonly width?: number;
}

export interface ProgressBar {
  update(done: number): void;
  /** Draws the final state (once) and ends the line. */
  finish(): void;
}

const count = new Intl.NumberFormat("en-US");

export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const {
    label,
    total,
    write,
    interactive,
    now = Date.now,
    intervalMs = 100,
    width = 30,
  } = options;
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let current = 0;
  let finished = false;

  const draw = (done: number) => {
    const share = total === 0 ? 1 : Math.min(done / total, 1);
    const filled = Math.round(share * width);
    const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
    const text = `${label} [${bar}] ${count.format(done)}/${count.format(total)} (${Math.floor(share * 100)}%)`;
    write(interactive ? `\r${text}` : `${text}\n`);
  };

  return {
    update(done) {
      current = done;
      const time = now();
      if (time - lastDrawn < intervalMs) return;
      lastDrawn = time;
      draw(done);
    },
    finish() {
      if (finished) return;
      finished = true;
      draw(Math.max(current, total));
      if (interactive) write("\n");
    },
  };
}
