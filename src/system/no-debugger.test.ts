import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { childEnv, childExecArgv, NODE_FLAGS, restoreNodeOptions, SAVED_ENV } from './no-debugger.js';
import { exited } from '../../test-support/child-output.js';
import { ForegroundDaemon } from '../../test-support/foreground-daemon.js';
import { Netns } from '../../test-support/netns-fixture.js';
import { needsNetns, titled } from '../../test-support/guards.js';

const BIN = resolve(import.meta.dirname, '../../bin/portsentry');

describe('childExecArgv', () => {
  it('drops every inspector flag and keeps the other Node options', () => {
    expect(
      childExecArgv([
        '--inspect',
        '--inspect=0',
        '--inspect-brk=9230',
        '--inspect-port=1',
        '--inspect-wait',
        '--debug-port=2',
        '--enable-source-maps',
        '--max-old-space-size=64',
      ]),
    ).toEqual(['--enable-source-maps', '--max-old-space-size=64']);
  });
});

describe('childEnv and restoreNodeOptions', () => {
  it('moves NODE_OPTIONS out of the way of a Node child, and puts it back for the commands that child runs', () => {
    const env = childEnv({ PATH: '/bin', NODE_OPTIONS: '--inspect' });
    expect(env).toEqual({ PATH: '/bin', [SAVED_ENV]: '---inspect', NODE_OPTIONS: NODE_FLAGS });
    restoreNodeOptions(env);
    expect(env).toEqual({ PATH: '/bin', NODE_OPTIONS: '--inspect' });
  });

  it('keeps an empty NODE_OPTIONS empty and an absent one absent', () => {
    const empty = childEnv({ NODE_OPTIONS: '' });
    restoreNodeOptions(empty);
    expect(empty).toEqual({ NODE_OPTIONS: '' });
    const absent = childEnv({ [SAVED_ENV]: '-stale' });
    expect(absent).toEqual({ [SAVED_ENV]: '+', NODE_OPTIONS: NODE_FLAGS });
    restoreNodeOptions(absent);
    expect(absent).toEqual({});
  });

  it('starts Node from bin/portsentry with the same NODE_OPTIONS as a Node child of ours', () => {
    expect(readFileSync(BIN, 'latin1').split('\n')[1]).toContain(`NODE_OPTIONS='${NODE_FLAGS}'`);
  });
});

const SKIP = needsNetns();

/** listening TCP ports inside the namespace */
const listening = (ns: Netns): number[] =>
  ns
    .run(['ss', '-Hltn'])
    .stdout.split('\n')
    .map((l) => /:(\d+)\s/.exec(l)?.[1])
    .filter((p): p is string => p !== undefined)
    .map(Number)
    .sort((a, b) => a - b);

describe.skipIf(SKIP !== null)(titled('a running daemon', SKIP), () => {
  let daemon: ForegroundDaemon | undefined;
  afterEach(() => {
    daemon?.dispose();
    daemon = undefined;
  });

  const startDaemon = async (env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; dir: string }> => {
    daemon = await ForegroundDaemon.start(
      'tcp',
      [4001],
      ['BLOCK_TCP="2"', 'SCAN_TRIGGER="0"', 'KILL_RUN_CMD="printenv NODE_OPTIONS > ${dir}/seen"'],
      env,
    );
    return { child: daemon.child, dir: daemon.dir };
  };

  it('opens no inspector for NODE_OPTIONS=--inspect, and the commands it runs still see NODE_OPTIONS as given', async () => {
    const { child, dir } = await startDaemon({ NODE_OPTIONS: '--inspect=127.0.0.1:9229' });
    expect(listening(daemon!.ns)).toEqual([4001]);
    expect(daemon!.ns.connect(4001, '127.0.0.2')).toBe('connected');
    const until = Date.now() + 10_000;
    let seen = '';
    while (Date.now() < until && !seen.endsWith('\n')) {
      try {
        seen = readFileSync(join(dir, 'seen'), 'utf8');
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toBe('--inspect=127.0.0.1:9229\n');
    child.kill('SIGTERM');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
  });

  it('ends on SIGUSR1 as 1.2 does, without opening port 9229', async () => {
    const { child } = await startDaemon({});
    // its state goes to the namespace's own runtime folder, where the signal leaves it, not to the host's /run
    const until = Date.now() + 10_000;
    while (Date.now() < until && !existsSync(join(daemon!.ns.runDir, 'status-tcp.json')))
      await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(join(daemon!.ns.runDir, 'status-tcp.json'))).toBe(true);
    child.kill('SIGUSR1');
    expect(await exited(child)).toEqual({ code: null, signal: 'SIGUSR1' });
    expect(listening(daemon!.ns)).toEqual([]);
  });

  it('ends when another Node process asks it to start its debugger (process._debugProcess)', async () => {
    const { child } = await startDaemon({});
    const r = spawnSync(process.execPath, ['-e', `process._debugProcess(${child.pid})`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(await exited(child)).toEqual({ code: null, signal: 'SIGUSR1' });
    expect(listening(daemon!.ns)).toEqual([]);
  });
});
