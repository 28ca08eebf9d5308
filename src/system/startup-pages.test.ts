import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { exited, outputShows } from '../../test-support/child-output.js';
import { ForegroundDaemon } from '../../test-support/foreground-daemon.js';
import { needsNft, titled } from '../../test-support/guards.js';

const NATIVE = resolve(import.meta.dirname, '../../dist/src/system/native.js');

interface Mapping {
  range: string;
  perms: string;
  rssKb: number;
  anonymousKb: number;
}

/** the mappings of the Node executable in /proc/PID/smaps (SMAPS: that file's text) */
const executableMappings = (smaps: string, exe: string): Mapping[] => {
  const out: Mapping[] = [];
  let current: Mapping | null = null;
  for (const line of smaps.split('\n')) {
    const header = /^([0-9a-f]+-[0-9a-f]+) (\S{4}) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header !== null) {
      current = header[3] === exe ? { range: header[1]!, perms: header[2]!, rssKb: 0, anonymousKb: 0 } : null;
      if (current !== null) out.push(current);
      continue;
    }
    const field = /^(Rss|Anonymous):\s+(\d+) kB$/.exec(line);
    if (current !== null && field !== null) {
      if (field[1] === 'Rss') current.rssKb = Number(field[2]);
      else current.anonymousKb = Number(field[2]);
    }
  }
  return out;
};

const residentKb = (mappings: Mapping[]): number => mappings.reduce((sum, m) => sum + m.rssKb, 0);

describe.skipIf(!existsSync(NATIVE))(
  `releaseStartupPages${existsSync(NATIVE) ? '' : ' [SKIPPED: dist/ is not built]'}`,
  () => {
    it('gives back the clean pages of the executable, keeps its copy-on-write ones, and the process runs on', async () => {
      // the child reports its mappings before and after, then does work that needs code it has not run yet
      const script = `
      const { native } = await import(${JSON.stringify(NATIVE)});
      const { readFileSync } = await import('node:fs');
      const smaps = () => readFileSync('/proc/self/smaps', 'latin1');
      const before = smaps();
      const released = native().releaseStartupPages();
      const after = smaps();
      const zlib = await import('node:zlib');
      const text = 'portsentry '.repeat(1000);
      const roundTrip = zlib.inflateSync(zlib.deflateSync(text)).toString() === text;
      const sorted = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000).sort((a, b) => a - b).join() ===
        Array.from({ length: 1000 }, (_, i) => i).join();
      process.stdout.write(JSON.stringify({ before, after, released, roundTrip, sorted }));`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      expect(await exited(child)).toEqual({ code: 0, signal: null });
      const report = JSON.parse(out) as {
        before: string;
        after: string;
        released: number;
        roundTrip: boolean;
        sorted: boolean;
      };
      const exe = readlinkSync('/proc/self/exe');
      const before = executableMappings(report.before, exe);
      const after = executableMappings(report.after, exe);
      expect(after.map((m) => m.range)).toEqual(before.map((m) => m.range));
      const clean = (m: Mapping) => !m.perms.includes('w') && m.anonymousKb === 0;
      // what it says it gave back is what the clean mappings had, and they have (almost) nothing left
      // (the child ran on between its reading and the call's: a few pages either way)
      const cleanBefore = residentKb(before.filter(clean));
      expect(Math.abs(report.released - cleanBefore)).toBeLessThan(cleanBefore / 10);
      expect(report.released).toBeGreaterThan(4096);
      expect(residentKb(after.filter(clean))).toBeLessThan(report.released / 4);
      // a mapping with copy-on-write pages (the relocated RELRO part, the data) keeps every one of them
      const written = before.filter((m) => m.anonymousKb > 0);
      expect(written.length).toBeGreaterThan(0);
      expect(after.filter((m) => m.anonymousKb > 0).map((m) => [m.range, m.anonymousKb])).toEqual(
        written.map((m) => [m.range, m.anonymousKb]),
      );
      expect({ roundTrip: report.roundTrip, sorted: report.sorted }).toEqual({ roundTrip: true, sorted: true });
    });
  },
);

const SKIP = needsNft();

describe.skipIf(SKIP !== null)(titled('a running daemon', SKIP), () => {
  let daemon: ForegroundDaemon | undefined;
  let bare: ReturnType<typeof spawn> | undefined;
  afterEach(() => {
    daemon?.dispose();
    daemon = undefined;
    if (bare?.pid !== undefined && bare.exitCode === null) bare.kill('SIGKILL');
    bare = undefined;
  });

  it('keeps fewer pages of the Node executable resident than a bare Node process waiting on a timer', async () => {
    daemon = await ForegroundDaemon.start('stcp', [1], ['BLOCK_TCP="0"']);
    bare = spawn(process.execPath, ['-e', 'process.stdout.write("ready"); setInterval(() => undefined, 1000)'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await outputShows(bare, 'ready');
    const pid = daemon.child.pid!;
    const exe = readlinkSync(`/proc/${pid}/exe`);
    expect(exe).toBe(readlinkSync('/proc/self/exe'));
    const resident = (p: number) => residentKb(executableMappings(readFileSync(`/proc/${p}/smaps`, 'latin1'), exe));
    // the daemon gives its pages back once its mode is running, a turn of its loop after "now active"
    let ours = resident(pid);
    for (let tries = 0; tries < 50 && ours >= resident(bare.pid!); tries++) {
      await new Promise((r) => setTimeout(r, 100));
      ours = resident(pid);
    }
    const node = resident(bare.pid!);
    expect({ ours, node, lessThanBareNode: ours < node }).toEqual({ ours, node, lessThanBareNode: true });
  });
});
