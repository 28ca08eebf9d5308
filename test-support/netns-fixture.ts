/**
 * Test support: a network namespace of its own for tests that need real nft (nft works per
 * namespace), with loopback up and nothing else. Only 127.0.0.x addresses are used in it.
 * Processes left in the namespace are killed by pid (from `ip netns pids`) when it is removed.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// whether a test can make one, and the nft it runs there: test-support/guards.ts (needsNetns, needsNft, nftPath)

let counter = 0;

export class Netns {
  private runFolder: string | undefined;

  private constructor(
    readonly name: string,
    readonly nftPath: string,
  ) {}

  static create(nftPath: string): Netns {
    const name = `ps-t${process.pid}-${++counter}`;
    execFileSync('ip', ['netns', 'add', name]);
    execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    return new Netns(name, nftPath);
  }

  /** argv prefix that runs a program inside the namespace */
  get exec(): string[] {
    return ['ip', 'netns', 'exec', this.name];
  }

  get nft(): string[] {
    return [...this.exec, this.nftPath];
  }

  /** runs a command inside the namespace and waits (at most 20 s) */
  run(argv: string[], input?: string): { code: number; stdout: string; stderr: string } {
    const r = spawnSync(this.exec[0]!, [...this.exec.slice(1), ...argv], { input, encoding: 'utf8', timeout: 20_000 });
    return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  /** a shell command line inside the namespace, as 1.2's system() runs KILL_ROUTE */
  sh(command: string): { code: number; stdout: string; stderr: string } {
    return this.run(['/bin/sh', '-c', command]);
  }

  /**
   * Listens on 127.0.0.1:port and connects to it from each source address (1 s each): 'connected'
   * or 'failed' per source.
   */
  probe(port: number, sources: string[]): Record<string, 'connected' | 'failed'> {
    const script = `
      const net = require('node:net');
      const [port, ...sources] = process.argv.slice(1);
      const server = net.createServer((s) => s.destroy()).listen(Number(port), '127.0.0.1', async () => {
        const out = {};
        for (const src of sources) {
          out[src] = await new Promise((resolve) => {
            const c = net.connect({ host: '127.0.0.1', port: Number(port), localAddress: src, timeout: 1000 });
            c.once('connect', () => { c.destroy(); resolve('connected'); });
            c.once('timeout', () => { c.destroy(); resolve('failed'); });
            c.once('error', () => resolve('failed'));
          });
        }
        server.close();
        process.stdout.write(JSON.stringify(out));
      });`;
    const r = this.run([process.execPath, '-e', script, String(port), ...sources]);
    if (r.code !== 0) throw new Error(`probe failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, 'connected' | 'failed'>;
  }

  /** one connection from `source` to 127.0.0.1:port (1 s at most), as a scanner makes */
  connect(port: number, source: string): 'connected' | 'refused' | 'failed' {
    const script = `
      const net = require('node:net');
      const [port, src] = process.argv.slice(1);
      const c = net.connect({ host: '127.0.0.1', port: Number(port), localAddress: src, timeout: 1000 });
      c.once('connect', () => { c.destroy(); process.stdout.write('connected'); });
      c.once('timeout', () => { c.destroy(); process.stdout.write('failed'); });
      c.once('error', (e) => process.stdout.write(e.code === 'ECONNREFUSED' ? 'refused' : 'failed'));`;
    const r = this.run([process.execPath, '-e', script, String(port), source]);
    return r.stdout as 'connected' | 'refused' | 'failed';
  }

  /**
   * The runtime folder the daemons started here write their state in (PORTSENTRY_RUN_DIR): a
   * temporary one of this namespace's, so that none writes the host's /run/portsentry (a daemon a
   * test kills would leave its status file there). Removed with the namespace.
   */
  get runDir(): string {
    this.runFolder ??= mkdtempSync(join(tmpdir(), 'ps-run-'));
    return this.runFolder;
  }

  /**
   * Starts a long-running process inside the namespace, with PORTSENTRY_RUN_DIR set to runDir
   * unless `env` sets it (a test that mounts a folder of its own over /run/portsentry passes that path).
   */
  start(argv: string[], env: NodeJS.ProcessEnv = process.env) {
    return spawn(this.exec[0]!, [...this.exec.slice(1), ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PORTSENTRY_RUN_DIR: this.runDir, ...env },
    });
  }

  destroy(): void {
    const pids = spawnSync('ip', ['netns', 'pids', this.name], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    spawnSync('ip', ['netns', 'del', this.name]);
    if (this.runFolder !== undefined) rmSync(this.runFolder, { recursive: true, force: true });
  }
}
