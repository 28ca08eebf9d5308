/**
 * The progress line of a long report, on stderr: only when stderr is a terminal (a pipe or a log
 * gets nothing), only once the report has run for SHOW_AFTER_MS, and at most every EVERY_MS. It is
 * one line rewritten in place ("\r"), erased when the report is done.
 */
const SHOW_AFTER_MS = 1000;
const EVERY_MS = 250;

interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** the line shown: "portsentry report: reading the history, 45% (12.3 of 27.0 MB)" */
export const progressText = (done: number, total: number): string =>
  `portsentry report: reading the history, ${total === 0 ? 100 : Math.min(100, Math.floor((done / total) * 100))}% (${mb(done)} of ${mb(total)} MB)`;

export const progressOn = (
  write: (text: string) => void,
  isTerminal: boolean,
  clock: () => number = Date.now,
): Progress => {
  const started = clock();
  let lastShown = -Infinity;
  let shown = false;
  return {
    update(done, total) {
      if (!isTerminal) return;
      const t = clock();
      if (t - started < SHOW_AFTER_MS || t - lastShown < EVERY_MS) return;
      lastShown = t;
      shown = true;
      write(`\r${progressText(done, total)}\x1b[K`);
    },
    finish() {
      if (shown) write('\r\x1b[K');
    },
  };
};
