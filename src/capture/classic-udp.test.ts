import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Netns } from '../../test-support/netns-fixture.js';
import { needsNetns, nftPath, titled } from '../../test-support/guards.js';
import { RECEIVE_BUFFER } from './classic-udp.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'portsentry');
const SKIP = needsNetns();

describe.skipIf(SKIP !== null)(titled("portsentry run udp: the bound sockets' receive buffer", SKIP), () => {
  let ns: Netns;
  let dir: string;
  beforeEach(() => {
    ns = Netns.create(nftPath());
    dir = mkdtempSync(join(tmpdir(), 'ps-udp-rcvbuf-'));
  });
  afterEach(() => {
    ns.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets 1 MiB past net.core.rmem_max (SO_RCVBUFFORCE as root), which the kernel doubles, on every watched port', async () => {
    const conf = join(dir, 'portsentry.conf');
    writeFileSync(
      conf,
      `UDP_PORTS="7,9"\nBLOCKED_FILE="${dir}/b"\nHISTORY_FILE="${dir}/h"\nIGNORE_FILE="${dir}/i"\nBLOCK_UDP="0"\nSCAN_TRIGGER="0"\n`,
    );
    writeFileSync(join(dir, 'i'), '127.0.0.1\n');
    const daemon = ns.start([process.execPath, BIN, 'run', 'udp', '--config', conf, '--foreground']);
    await new Promise<void>((resolve, reject) => {
      let err = '';
      daemon.stderr.on('data', (b: Buffer) => {
        err += b.toString();
        if (err.includes('PortSentry is now active and listening')) resolve();
      });
      daemon.once('exit', (code) => reject(new Error(`the daemon exited (${code}): ${err}`)));
    });
    try {
      const out = execFileSync('ip', ['netns', 'exec', ns.name, 'ss', '-uanm'], { encoding: 'utf8' });
      const buffers = [7, 9].map((port) => {
        const at = out.split('\n').findIndex((l) => new RegExp(`:${port}\\s`).test(l));
        return Number(
          /rb(\d+)/.exec(
            out
              .split('\n')
              .slice(at, at + 2)
              .join(' '),
          )?.[1],
        );
      });
      expect(buffers).toEqual([2 * RECEIVE_BUFFER, 2 * RECEIVE_BUFFER]);
    } finally {
      daemon.kill('SIGTERM');
    }
  });
});
