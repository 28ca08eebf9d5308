/** Test support: waiting on a child process by events, never by a fixed sleep. */
import type { ChildProcess } from 'node:child_process';

/** how the child ended: its exit status, or the signal that ended it */
export const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => done({ code, signal }));
  });

/** resolves with what the child printed once `text` appeared on its stdout or stderr (within timeoutMs, 10 s by default) */
export const outputShows = (child: ChildProcess, text: string, timeoutMs = 10_000): Promise<string> =>
  new Promise((done, fail) => {
    let seen = '';
    const timer = setTimeout(
      () => fail(new Error(`no ${JSON.stringify(text)} within ${timeoutMs / 1000} s; saw ${JSON.stringify(seen)}`)),
      timeoutMs,
    );
    const look = (b: Buffer): void => {
      seen += b.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        done(seen);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
  });
