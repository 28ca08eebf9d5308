import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFrame } from '../../compat-tests/lib/crafted-packets.js';
import { needsNft, nftPath, titled } from '../../test-support/guards.js';
import { installRule, removal, removeRule, RULE_PRIORITY, ruleInPlace, ruleset, tableName } from './visibility.js';

const rule = { table: tableName('stcp'), group: 20567, match: 'tcp dport { 1, 11 } tcp flags & (ack | rst) == 0' };

describe('ruleset', () => {
  it('replaces our own table in one transaction, one input chain at the last priority, one log rule', () => {
    expect(ruleset(rule)).toBe(
      'add table ip portsentry_stcp\n' +
        'delete table ip portsentry_stcp\n' +
        'table ip portsentry_stcp {\n' +
        '\tchain input {\n' +
        '\t\ttype filter hook input priority 2147483647; policy accept;\n' +
        '\t\ttcp dport { 1, 11 } tcp flags & (ack | rst) == 0 log group 20567 snaplen 128 queue-threshold 1\n' +
        '\t}\n' +
        '}\n',
    );
  });
  it('runs after the filter hooks of iptables and nftables (priority 0) and security (50)', () => {
    expect(RULE_PRIORITY).toBeGreaterThan(50);
  });
  it('writes the ip6 table of ENABLE_IPV6 in the same form, with the larger IPv6 snaplen, one rule per line', () => {
    expect(ruleset({ ...rule, family: 'ip6', group: 20823, match: 'tcp dport 11\nmeta l4proto ah' })).toBe(
      'add table ip6 portsentry_stcp\n' +
        'delete table ip6 portsentry_stcp\n' +
        'table ip6 portsentry_stcp {\n' +
        '\tchain input {\n' +
        '\t\ttype filter hook input priority 2147483647; policy accept;\n' +
        '\t\ttcp dport 11 log group 20823 snaplen 512 queue-threshold 1\n' +
        '\t\tmeta l4proto ah log group 20823 snaplen 512 queue-threshold 1\n' +
        '\t}\n' +
        '}\n',
    );
    expect(removal('portsentry_stcp', 'ip6')).toBe('add table ip6 portsentry_stcp\ndelete table ip6 portsentry_stcp\n');
  });
  it('removes only our table', () => {
    expect(removal('portsentry_atcp')).toBe('add table ip portsentry_atcp\ndelete table ip portsentry_atcp\n');
  });
});

describe('installRule, removeRule, ruleInPlace', () => {
  it('feeds the ruleset to nft -f -', () => {
    const calls: [string[], string | undefined][] = [];
    installRule(rule, (args, input) => {
      calls.push([args, input]);
      return '';
    });
    expect(calls).toEqual([[['-f', '-'], ruleset(rule)]]);
  });
  it('lets nft errors through on install, and swallows them on removal', () => {
    const failing = () => {
      throw new Error('/usr/sbin/nft: Operation not permitted');
    };
    expect(() => installRule(rule, failing)).toThrow('/usr/sbin/nft: Operation not permitted');
    expect(() => removeRule(rule.table, failing)).not.toThrow();
  });
  it('sees the rule in place only when nft lists our log group', () => {
    expect(ruleInPlace(rule, () => 'table ip portsentry_stcp {\n ... log group 20567 snaplen 128\n}')).toBe(true);
    expect(ruleInPlace(rule, () => '')).toBe(false);
    expect(
      ruleInPlace(rule, () => {
        throw new Error('No such file or directory');
      }),
    ).toBe(false);
  });
});

// ---- in a namespace of our own: our rule sees only what the firewall accepted ------------------
const SKIP = needsNft();
const NFT = nftPath();
const ns = `ps-vis-${process.pid}`;

/**
 * in the namespace: capture on nflog:GROUP and on a plain tap (lo), inject the frames, list the
 * sources each capture saw. A capture just opened may miss what is sent at once, so the first frame
 * (127.0.0.4) is sent again every 50 ms until both have seen it (2 s at most); then the others go
 * out in order and, each capture delivering in order, once both have the last one (127.0.0.2) each
 * has seen whatever it will of the others (5 s at most).
 */
const CHILD = `
const { Cap } = require(process.argv[1] + '/node_modules/cap');
const frames = JSON.parse(process.argv[2]).map((h) => Buffer.from(h, 'hex'));
require('fs').writeFileSync('/proc/sys/net/ipv4/conf/lo/route_localnet', '1');
require('fs').writeFileSync('/proc/sys/net/ipv4/conf/all/route_localnet', '1');
const seen = { nflog: [], tap: [] };
const both = (src) => seen.nflog.includes(src) && seen.tap.includes(src);
const report = () => { console.log(JSON.stringify(seen)); process.exit(0); };
const open = (name, device, filter, off) => {
  const c = new Cap(); const buf = Buffer.alloc(65535);
  c.open(device, filter, 1 << 20, buf);
  c.on('packet', (n) => { const at = off(buf, n); if (at >= 0) seen[name].push(buf.slice(at + 12, at + 16).join('.')); if (both('127.0.0.2')) report(); });
  return c;
};
const nflogOff = (b, n) => { let at = 4; while (at + 4 <= n) { const l = b.readUInt16LE(at); if (l < 4) return -1; if ((b.readUInt16LE(at + 2) & 0x3fff) === 9) return at + 4; at += (l + 3) & ~3; } return -1; };
const a = open('nflog', 'nflog:${rule.group}', '', nflogOff);
const b = open('tap', 'lo', 'inbound and tcp[13] & 0x02 != 0 and tcp[13] & 0x10 = 0', () => 14);
const tx = new Cap(); tx.open('lo', '', 1 << 20, Buffer.alloc(65535));
const [warm, ...rest] = frames;
let tries = 0;
const warmUp = setInterval(() => {
  if (both('127.0.0.4') || ++tries > 40) {
    clearInterval(warmUp);
    for (const f of rest) tx.send(f, f.length);
    setTimeout(report, 5000);
  } else tx.send(warm, warm.length);
}, 50);
`;

describe.skipIf(SKIP !== null)(titled('our rule in a namespace', SKIP), () => {
  afterAll(() => {
    spawnSync('ip', ['netns', 'del', ns]);
  });

  it('reports a source the firewall drops to a plain tap, but never through our rule', () => {
    spawnSync('ip', ['netns', 'add', ns]);
    spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    const firewall =
      'table ip filter { chain input { type filter hook input priority 0; ip saddr 127.1.2.3 drop; }; }\n';
    for (const text of [firewall, ruleset(rule)]) {
      const r = spawnSync('ip', ['netns', 'exec', ns, NFT, '-f', '-'], { input: text, encoding: 'utf8' });
      expect(r.stderr).toBe('');
    }
    const frames = [
      buildFrame({ proto: 'tcp', from: '127.0.0.4', port: 11 }),
      buildFrame({ proto: 'tcp', from: '127.1.2.3', port: 11 }),
      buildFrame({ proto: 'tcp', from: '127.0.0.2', port: 11 }),
    ];
    const r = spawnSync(
      'ip',
      [
        'netns',
        'exec',
        ns,
        process.execPath,
        '-e',
        CHILD,
        process.cwd(),
        JSON.stringify(frames.map((f) => f.toString('hex'))),
      ],
      {
        encoding: 'utf8',
        timeout: 10_000,
      },
    );
    const seen = JSON.parse(r.stdout) as { nflog: string[]; tap: string[] };
    // 127.0.0.4 (the warm-up frame, sent until both captures had it) comes first in each, maybe more than once
    const after = (list: string[]) => list.slice(list.lastIndexOf('127.0.0.4') + 1);
    expect([seen.nflog[0], seen.tap[0]]).toEqual(['127.0.0.4', '127.0.0.4']);
    expect(after(seen.nflog)).toEqual(['127.0.0.2']);
    expect(after(seen.tap)).toEqual(['127.1.2.3', '127.0.0.2']);
  });
});

describe.skipIf(SKIP !== null)(
  titled("the rule through libnftables (the addon's nftRun), in a namespace", SKIP),
  () => {
    const nsLib = `ps-vislib-${process.pid}`;
    const inNs = (argv: string[], input?: string) =>
      spawnSync('ip', ['netns', 'exec', nsLib, ...argv], { input, encoding: 'utf8', timeout: 10_000 });
    const viaAddon = (script: string): { ok: boolean; output: string; error: string } => {
      const child = `const a = require(process.argv[1] + '/build/Release/portsentry_native.node');
      process.stdout.write(JSON.stringify(a.nftRun(require('fs').readFileSync(0, 'utf8'))));`;
      return JSON.parse(inNs([process.execPath, '-e', child, process.cwd()], script).stdout) as {
        ok: boolean;
        output: string;
        error: string;
      };
    };
    afterAll(() => {
      spawnSync('ip', ['netns', 'del', nsLib]);
    });

    it("installs in the caller's namespace the same table as the nft program does", () => {
      spawnSync('ip', ['netns', 'add', nsLib]);
      expect(viaAddon(ruleset(rule))).toEqual({ ok: true, output: '', error: '' });
      const byLibrary = inNs([NFT, 'list', 'table', 'ip', rule.table]).stdout;
      expect(byLibrary).toContain('log group 20567 snaplen 128 queue-threshold 1');
      expect(inNs([NFT, '-f', '-'], ruleset(rule)).status).toBe(0);
      expect(inNs([NFT, 'list', 'table', 'ip', rule.table]).stdout).toBe(byLibrary);
      // listed through the library (the daemon's watch over its rule), the table reads as nft prints it
      expect(viaAddon(`list table ip ${rule.table}\n`)).toEqual({ ok: true, output: byLibrary, error: '' });
      expect(viaAddon(removal(rule.table))).toEqual({ ok: true, output: '', error: '' });
      expect(viaAddon(`list table ip ${rule.table}\n`).ok).toBe(false);
      expect(inNs([NFT, 'list', 'tables']).stdout).toBe('');
    });

    it("returns nft's complaint when the script cannot be applied", () => {
      const r = viaAddon('add rule ip no_such_table input accept\n');
      expect(r.ok).toBe(false);
      expect(r.error.split('\n')[0]).toBe('Error: Could not process rule: No such file or directory');
    });

    it('says the library is there (so prepareRules loads no nft runner) and changes nothing in the namespace', () => {
      const child = `const a = require(process.argv[1] + '/build/Release/portsentry_native.node');
      process.stdout.write(JSON.stringify(a.nftAvailable()));`;
      expect(inNs([process.execPath, '-e', child, process.cwd()]).stdout).toBe('true');
      expect(inNs([NFT, 'list', 'tables']).stdout).toBe('');
    });
  },
);
