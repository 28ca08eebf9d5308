import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns } from '../../test-support/netns-fixture.js';
import { firstReason, needsNft, nftPath, titled } from '../../test-support/guards.js';
import type { Settings } from '../config/settings.js';
import { renderRuleset } from '../migrate/ruleset.js';

/**
 * The engine end to end over real IPv6 traffic, in a network namespace of the test's own: fd00::1
 * is the victim, fd00::2 and fd00::3 the scanners, all on the namespace's loopback. Until the
 * classic modes listen on IPv6 themselves (the capture side of issue 14), a small listener in the
 * namespace stands in for the -tcp detector: it hands each accepted connection's canonical source
 * address to the engine (dist/), whose KILL_ROUTE6 puts the host in the blocked6 set.
 */
const DIST = resolve(import.meta.dirname, '../../dist/src');
const SKIP = firstReason(
  needsNft(),
  existsSync(join(DIST, 'engine/detection.js')) ? null : 'needs dist/ (npx tsc -p tsconfig.json)',
);
const NFT = nftPath();
const PORT = 4143;
const PROBE_PORT = 4144;

const LISTENER = `
const net = require('node:net');
(async () => {
  const { Engine } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'engine/detection.js')).href)});
  const { ipv6Text, parseIpv6 } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'engine/ipv6-address.js')).href)});
  const settings = JSON.parse(process.argv[1]);
  const engine = new Engine(settings, (t) => process.stdout.write(JSON.stringify(t) + '\\n'));
  const server = net.createServer((s) => {
    const target = ipv6Text(parseIpv6(s.remoteAddress));
    void engine.handle({ target, proto: 'TCP', port: ${PORT}, kind: 'classic', onDone: () => s.destroy() });
  });
  net.createServer((s) => s.destroy()).listen({ host: 'fd00::1', port: ${PROBE_PORT}, ipv6Only: true });
  server.listen({ host: 'fd00::1', port: ${PORT}, ipv6Only: true }, () => process.stdout.write('"ready"\\n'));
})();`;

/** one connection from `source` to [fd00::1]:port, 1 s at most */
const CONNECT = `
const net = require('node:net');
const [port, src] = process.argv.slice(1);
const c = net.connect({ host: 'fd00::1', port: Number(port), localAddress: src, timeout: 1000 });
c.once('connect', () => { c.destroy(); process.stdout.write('connected'); });
c.once('timeout', () => { c.destroy(); process.stdout.write('failed'); });
c.once('error', () => process.stdout.write('failed'));`;

describe.skipIf(SKIP !== null)(
  titled('the engine with ENABLE_IPV6 over real IPv6 connections in a network namespace', SKIP),
  () => {
    let ns: Netns;
    let dir: string;
    const lines: string[] = [];
    let listener: ReturnType<Netns['start']>;

    beforeAll(async () => {
      ns = Netns.create(NFT);
      dir = mkdtempSync(join(tmpdir(), 'ps-engine6-ns-'));
      for (const a of ['fd00::1', 'fd00::2', 'fd00::3'])
        expect(ns.run(['ip', 'addr', 'add', `${a}/128`, 'dev', 'lo', 'nodad']).code).toBe(0);
      const ruleset = renderRuleset({ blockTimeout: null, log: null, inputInterface: null, replaces: null });
      expect(ns.run([NFT, '-f', '-'], ruleset).code).toBe(0);
      const settings: Settings = {
        mode: 'tcp',
        configPath: join(dir, 'portsentry.conf'),
        blockTcp: 1,
        blockUdp: 1,
        resolveHost: 0,
        triggerCount: 0,
        killRoute: `${NFT} add element inet portsentry blocked4 { $TARGET$ }`,
        killHostsDeny: '',
        killRunCmd: '',
        runCmdFirst: 0,
        blockedFile: join(dir, 'portsentry.blocked.tcp'),
        historyFile: join(dir, 'portsentry.history'),
        ignoreFile: join(dir, 'portsentry.ignore'),
        extensions: {
          ipv6: true,
          killRoute6: `${NFT} add element inet portsentry blocked6 { $TARGET$ }`,
          crowdsec: null,
        },
      };
      writeFileSync(settings.ignoreFile, '127.0.0.1\nfd00::3\n');
      writeFileSync(settings.blockedFile, '');
      listener = ns.start([process.execPath, '-e', LISTENER, JSON.stringify(settings)]);
      let buffered = '';
      listener.stdout.on('data', (d: Buffer) => {
        buffered += d.toString('utf8');
        const parts = buffered.split('\n');
        buffered = parts.pop()!;
        for (const p of parts) lines.push(JSON.parse(p) as string);
      });
      await until(() => lines.includes('ready'), 10_000);
    });
    afterAll(() => {
      listener?.kill('SIGKILL');
      ns?.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    /** polls `ok` every 50 ms, failing after `ms` */
    const until = async (ok: () => boolean, ms: number): Promise<void> => {
      const end = Date.now() + ms;
      while (!ok()) {
        if (Date.now() > end) throw new Error(`not reached within ${ms} ms; lines so far: ${JSON.stringify(lines)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const connect = (port: number, source: string): string =>
      ns.run([process.execPath, '-e', CONNECT, String(port), source]).stdout;

    it('blocks an IPv6 scanner through KILL_ROUTE6 so that it can no longer connect, and spares the ignored one', async () => {
      expect(connect(PROBE_PORT, 'fd00::2')).toBe('connected');
      expect(connect(PORT, 'fd00::3')).toBe('connected');
      expect(connect(PORT, 'fd00::2')).toBe('connected');
      await until(() => lines.some((l) => l.includes('has been blocked via dropped route')), 10_000);
      expect(lines.slice(1)).toEqual([
        'attackalert: Connect from host: fd00::2/fd00::2 to TCP port: 4143',
        `attackalert: Host fd00::2 has been blocked via dropped route using command: "${NFT} add element inet portsentry blocked6 { fd00::2 }"`,
      ]);
      expect(connect(PROBE_PORT, 'fd00::2')).toBe('failed');
      expect(connect(PROBE_PORT, 'fd00::3')).toBe('connected');
      expect(ns.run([NFT, 'list', 'set', 'inet', 'portsentry', 'blocked6']).stdout).toContain('elements = { fd00::2 }');
      expect(readFileSync(join(dir, 'portsentry.blocked.tcp'), 'latin1')).toMatch(
        /^\d+ - \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d Host: fd00::2\/fd00::2 Port: 4143 TCP Blocked\n$/,
      );
    });
  },
);
