/**
 * Test support: `bin/portsentry run MODE --foreground --config FILE` in a network namespace of its
 * own, with a config of the test's in a temporary folder (its blocked, history and ignore files
 * there too), waited for until "now active". dispose() kills what is left in the namespace, removes
 * it and the folder.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { outputShows } from './child-output.js';
import { Netns } from './netns-fixture.js';
import { nftPath } from './guards.js';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'portsentry');

export class ForegroundDaemon {
  private constructor(
    readonly ns: Netns,
    readonly dir: string,
    readonly child: ChildProcess,
  ) {}

  /**
   * `lines`: the config's other lines (KEY="value"), after TCP_PORTS/UDP_PORTS and the file paths,
   * which may name the folder as ${dir}; `env`: variables beside PATH
   */
  static async start(
    mode: string,
    ports: number[],
    lines: string[] = [],
    env: NodeJS.ProcessEnv = {},
  ): Promise<ForegroundDaemon> {
    const ns = Netns.create(nftPath());
    const dir = mkdtempSync(join(tmpdir(), `ps-${mode}-`));
    const conf = join(dir, 'portsentry.conf');
    const portKey = mode.endsWith('udp') ? 'UDP_PORTS' : 'TCP_PORTS';
    writeFileSync(
      conf,
      [
        `${portKey}="${ports.join(',')}"`,
        `BLOCKED_FILE="${dir}/blocked"`,
        `HISTORY_FILE="${dir}/history"`,
        `IGNORE_FILE="${dir}/ignore"`,
        ...lines.map((l) => l.replaceAll('${dir}', dir)),
        '',
      ].join('\n'),
    );
    const child = ns.start([BIN, 'run', mode, '--foreground', '--config', conf], { PATH: process.env.PATH, ...env });
    const daemon = new ForegroundDaemon(ns, dir, child);
    try {
      await outputShows(child, 'PortSentry is now active and listening.');
    } catch (e) {
      daemon.dispose();
      throw e;
    }
    return daemon;
  }

  /** what nft lists in the namespace: `nft list ARGS...` */
  nftList(...args: string[]): { code: number; stdout: string } {
    return this.ns.run([nftPath(), 'list', ...args]);
  }

  dispose(): void {
    this.ns.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
