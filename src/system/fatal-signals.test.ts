import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { exited, outputShows } from '../../test-support/child-output.js';
import { ForegroundDaemon } from '../../test-support/foreground-daemon.js';
import { needsNft, titled } from '../../test-support/guards.js';

const MODULE = resolve(import.meta.dirname, '../../dist/src/system/fatal-signals.js');

describe.skipIf(!existsSync(MODULE))(
  `cleanUpOnFatalSignals${existsSync(MODULE) ? '' : ' [SKIPPED: dist/ is not built]'}`,
  () => {
    it('runs each clean-up once, in order, past one that throws, then the process ends by the signal it was sent', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ps-fatal-'));
      const script = `
      const { cleanUpOnFatalSignals } = await import(${JSON.stringify(MODULE)});
      const { appendFileSync } = await import('node:fs');
      cleanUpOnFatalSignals(() => appendFileSync(${JSON.stringify(join(dir, 'cleaned'))}, 'once\\n'));
      cleanUpOnFatalSignals(() => { throw new Error('a clean-up that fails'); });
      cleanUpOnFatalSignals(() => appendFileSync(${JSON.stringify(join(dir, 'cleaned'))}, 'and the next\\n'));
      process.stdout.write('ready');
      setInterval(() => undefined, 1000);`;
      for (const signal of ['SIGINT', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT'] as const) {
        rmSync(join(dir, 'cleaned'), { force: true });
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        await outputShows(child, 'ready');
        child.kill(signal);
        expect(await exited(child)).toEqual({ code: null, signal });
        expect(readFileSync(join(dir, 'cleaned'), 'utf8')).toBe('once\nand the next\n');
      }
      rmSync(dir, { recursive: true, force: true });
    });
  },
);

const SKIP = needsNft();

describe.skipIf(SKIP !== null)(titled('a stealth daemon ended by a signal', SKIP), () => {
  let daemon: ForegroundDaemon | undefined;
  afterEach(() => {
    daemon?.dispose();
    daemon = undefined;
  });

  for (const signal of ['SIGINT', 'SIGUSR1'] as const) {
    it(`takes its nft table away before ending by ${signal}, as 1.2 ends`, async () => {
      daemon = await ForegroundDaemon.start('stcp', [1], ['BLOCK_TCP="0"']);
      expect(daemon.nftList('tables').stdout).toContain('table ip portsentry_stcp');
      daemon.child.kill(signal);
      expect(await exited(daemon.child)).toEqual({ code: null, signal });
      expect(daemon.nftList('tables').stdout).not.toContain('portsentry_stcp');
    });
  }
});

describe.skipIf(SKIP !== null)(titled('a stealth daemon with ENABLE_IPV6 ended by a signal', SKIP), () => {
  let daemon: ForegroundDaemon | undefined;
  afterEach(() => {
    daemon?.dispose();
    daemon = undefined;
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`takes both its ip and its ip6 table away when ended by ${signal}`, async () => {
      daemon = await ForegroundDaemon.start('stcp', [1], ['BLOCK_TCP="0"', 'ENABLE_IPV6="1"']);
      expect(daemon.nftList('tables').stdout).toBe('table ip portsentry_stcp\ntable ip6 portsentry_stcp\n');
      daemon.child.kill(signal);
      await exited(daemon.child);
      expect(daemon.nftList('tables').stdout).toBe('');
    });
  }
});
