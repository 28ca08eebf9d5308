import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { exited, outputShows } from '../../test-support/child-output.js';
import { Netns } from '../../test-support/netns-fixture.js';
import { needsNft, nftPath, titled } from '../../test-support/guards.js';

const BIN = resolve(import.meta.dirname, '../../bin/portsentry');
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
const nft = nftPath();

describe.skipIf(SKIP !== null)(titled('a stealth daemon ended by a signal', SKIP), () => {
  let ns: Netns | undefined;
  let dir: string | undefined;
  afterEach(() => {
    ns?.destroy();
    ns = undefined;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const tables = (): string => ns!.run([nft, 'list', 'tables']).stdout;

  for (const signal of ['SIGINT', 'SIGUSR1'] as const) {
    it(`takes its nft table away before ending by ${signal}, as 1.2 ends`, async () => {
      ns = Netns.create(nft);
      dir = mkdtempSync(join(tmpdir(), 'ps-fatal-ns-'));
      const conf = join(dir, 'portsentry.conf');
      writeFileSync(
        conf,
        `TCP_PORTS="1"\nBLOCKED_FILE="${dir}/blocked"\nHISTORY_FILE="${dir}/history"\nIGNORE_FILE="${dir}/ignore"\nBLOCK_TCP="0"\n`,
      );
      const child = ns.start([BIN, 'run', 'stcp', '--foreground', '--config', conf], { PATH: process.env.PATH });
      await outputShows(child, 'PortSentry is now active and listening.');
      expect(tables()).toContain('table ip portsentry_stcp');
      child.kill(signal);
      expect(await exited(child)).toEqual({ code: null, signal });
      expect(tables()).not.toContain('portsentry_stcp');
    });
  }
});

describe.skipIf(SKIP !== null)(titled('a stealth daemon with ENABLE_IPV6 ended by a signal', SKIP), () => {
  let ns: Netns | undefined;
  let dir: string | undefined;
  afterEach(() => {
    ns?.destroy();
    ns = undefined;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`takes both its ip and its ip6 table away when ended by ${signal}`, async () => {
      ns = Netns.create(nft);
      dir = mkdtempSync(join(tmpdir(), 'ps-fatal-ns6-'));
      const conf = join(dir, 'portsentry.conf');
      writeFileSync(
        conf,
        `TCP_PORTS="1"\nBLOCKED_FILE="${dir}/blocked"\nHISTORY_FILE="${dir}/history"\nIGNORE_FILE="${dir}/ignore"\nBLOCK_TCP="0"\nENABLE_IPV6="1"\n`,
      );
      const child = ns.start([BIN, 'run', 'stcp', '--foreground', '--config', conf], { PATH: process.env.PATH });
      await outputShows(child, 'PortSentry is now active and listening.');
      expect(ns.run([nft, 'list', 'tables']).stdout).toBe('table ip portsentry_stcp\ntable ip6 portsentry_stcp\n');
      child.kill(signal);
      await exited(child);
      expect(ns.run([nft, 'list', 'tables']).stdout).toBe('');
    });
  }
});
