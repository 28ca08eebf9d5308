import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Netns } from '../../test-support/netns-fixture.js';
import { needsNetns, nftPath, titled } from '../../test-support/guards.js';
import { TCP_BACKLOG } from './bind-ports.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'portsentry');
const SKIP = needsNetns();

describe.skipIf(SKIP !== null)(titled("portsentry run tcp: the listening sockets' backlog", SKIP), () => {
  let ns: Netns;
  let dir: string;
  beforeEach(() => {
    ns = Netns.create(nftPath());
    dir = mkdtempSync(join(tmpdir(), 'ps-tcp-backlog-'));
  });
  afterEach(() => {
    ns.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on every watched port with a backlog of 256 (1.2: 5)', async () => {
    const conf = join(dir, 'portsentry.conf');
    writeFileSync(
      conf,
      `TCP_PORTS="11,15"\nBLOCKED_FILE="${dir}/b"\nHISTORY_FILE="${dir}/h"\nIGNORE_FILE="${dir}/i"\nBLOCK_TCP="0"\nSCAN_TRIGGER="0"\n`,
    );
    writeFileSync(join(dir, 'i'), '127.0.0.1\n');
    const daemon = ns.start([process.execPath, BIN, 'run', 'tcp', '--config', conf, '--foreground']);
    await new Promise<void>((resolve, reject) => {
      let err = '';
      daemon.stderr.on('data', (b: Buffer) => {
        err += b.toString();
        if (err.includes('PortSentry is now active and listening')) resolve();
      });
      daemon.once('exit', (code) => reject(new Error(`the daemon exited (${code}): ${err}`)));
    });
    try {
      // ss -ltn: for a listening socket, Send-Q is the backlog
      const out = execFileSync('ip', ['netns', 'exec', ns.name, 'ss', '-ltnH'], { encoding: 'utf8' });
      const backlogs = [11, 15].map((port) => {
        const line = out.split('\n').find((l) => new RegExp(`:${port}\\s`).test(l)) ?? '';
        return Number(line.trim().split(/\s+/)[2]);
      });
      expect(TCP_BACKLOG).toBe(256);
      expect(backlogs).toEqual([256, 256]);
    } finally {
      daemon.kill('SIGTERM');
    }
  });
});
