/**
 * Test support for ENABLE_IPV6: a network namespace of the test's own whose loopback carries
 * fd00::1 (the victim) and fd00::2.. (scanners), a daemon (`portsentry run MODE --foreground`)
 * started in it with a config of the test's, and the syslog datagrams it sends, captured on a
 * socket of the test's (PORTSENTRY_SYSLOG_SOCKET), read without their header. No traffic leaves
 * the namespace: every address used is on its own loopback.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { native } from '../src/system/native.js';
import { Netns } from './netns-fixture.js';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'portsentry');
/** Debian's python3, which has python3-scapy (a python3 of pyenv or a venv earlier on PATH may not) */
export const DEBIAN_PYTHON = '/usr/bin/python3';

const VICTIM = 'fd00::1';
/** scanner n (2..255) */
export const scanner = (n: number): string => `fd00::${n.toString(16)}`;

/** the config lines every test shares: files in the test's directory, no response runs */
const baseConfig = (dir: string, block: boolean): string =>
  `BLOCKED_FILE="${dir}/blocked"\nHISTORY_FILE="${dir}/history"\nIGNORE_FILE="${dir}/ignore"\n` +
  `BLOCK_TCP="${block ? 1 : 0}"\nBLOCK_UDP="${block ? 1 : 0}"\nSCAN_TRIGGER="0"\n`;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Ipv6Daemon {
  private readonly dir: string;
  private readonly logFd: number;
  private child: ChildProcess | null = null;
  /** every syslog text so far, without the "<PRI>date portsentry[pid]: " header */
  readonly lines: string[] = [];
  private stderr = '';

  private constructor(
    readonly ns: Netns,
    scanners: number,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'ps-ipv6-'));
    for (const a of [VICTIM, ...Array.from({ length: scanners }, (_, i) => scanner(i + 2))]) {
      const r = ns.run(['ip', 'addr', 'add', `${a}/128`, 'dev', 'lo', 'nodad']);
      if (r.code !== 0) throw new Error(`ip addr add ${a}: expected status 0, found ${r.code}: ${r.stderr}`);
    }
    this.logFd = native().bindDatagram(join(this.dir, 'log'));
    if (this.logFd < 0) throw new Error(`bindDatagram(${join(this.dir, 'log')}): ${this.logFd}`);
  }

  /** a namespace with fd00::1 and `scanners` scanner addresses (fd00::2 on) on its loopback */
  static create(nftPath: string, scanners = 8): Ipv6Daemon {
    const ns = Netns.create(nftPath);
    try {
      return new Ipv6Daemon(ns, scanners);
    } catch (e) {
      ns.destroy();
      throw e;
    }
  }

  get path(): string {
    return this.dir;
  }

  /**
   * starts `run MODE` with the shared lines, `config` and an ignore file (127.0.0.1 unless given);
   * `block` sets BLOCK_TCP and BLOCK_UDP to 1 (the responses in `config` run); waits until active
   */
  async start(mode: string, config: string, opts: { block?: boolean; ignore?: string } = {}): Promise<void> {
    writeFileSync(join(this.dir, 'portsentry.conf'), baseConfig(this.dir, opts.block ?? false) + config);
    writeFileSync(join(this.dir, 'ignore'), opts.ignore ?? '127.0.0.1\n');
    const child = this.ns.start(
      [process.execPath, BIN, 'run', mode, '--foreground', '--config', join(this.dir, 'portsentry.conf')],
      // its status file in the test's folder, not the host's /run/portsentry (no private mount here)
      {
        PATH: process.env.PATH,
        PORTSENTRY_SYSLOG_SOCKET: join(this.dir, 'log'),
        PORTSENTRY_RUN_DIR: join(this.dir, 'run'),
      },
    );
    child.stdout?.on('data', () => undefined);
    child.stderr?.on('data', (b: Buffer) => (this.stderr += b.toString()));
    this.child = child;
    await this.waitFor((l) => l.includes('PortSentry is now active and listening.'), 'the daemon to be active');
  }

  /** takes in what the daemon sent so far */
  private pump(): void {
    for (let i = 0; i < 1000; i++) {
      const b = native().recvDatagram(this.logFd, 0);
      if (b === null) return;
      this.lines.push(b.toString('latin1').replace(/^<\d+>.{15} portsentry\[\d+\]: /s, ''));
    }
  }

  /** waits (20 s at most, polling) until a line satisfies `test`; throws naming `what` and what came */
  async waitFor(test: (line: string) => boolean, what: string): Promise<void> {
    const until = Date.now() + 20_000;
    for (;;) {
      this.pump();
      if (this.lines.some(test)) return;
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined)
        throw new Error(`the daemon exited (${this.child.exitCode}) before ${what}: ${this.stderr}`);
      if (Date.now() > until)
        throw new Error(`no line for ${what} within 20 s; saw ${JSON.stringify(this.lines)}; stderr ${this.stderr}`);
      await sleep(20);
    }
  }

  /** the attack lines (attackalert lines naming a host) so far, each once, in their order */
  attackLines(): string[] {
    this.pump();
    return [...new Set(this.lines.filter((l) => /^attackalert: .* from host: /.test(l)))];
  }

  /** runs nmap inside the namespace from `source` (30 s at most) */
  nmap(args: string[], source: string): { code: number; stdout: string; stderr: string } {
    return this.ns.run(['nmap', '-6', '-n', '-Pn', '--max-retries', '1', '-S', source, '-e', 'lo', ...args, VICTIM]);
  }

  /** runs a scapy script with Debian's python3 inside the namespace */
  scapy(script: string): { code: number; stdout: string; stderr: string } {
    const r = spawnSync('ip', ['netns', 'exec', this.ns.name, DEBIAN_PYTHON, '-c', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  destroy(): void {
    this.ns.destroy();
    native().closeFd(this.logFd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
