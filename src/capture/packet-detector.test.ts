import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../config/settings.js';
import type { Engine, Hit } from '../engine/detection.js';
import { PacketDetector } from './packet-detector.js';
import type { WatchSpec } from './bpf-filter.js';
import { ipPacket } from '../../test-support/test-packets.js';
import { exited, outputShows } from '../../test-support/child-output.js';
import { ForegroundDaemon } from '../../test-support/foreground-daemon.js';
import { needsNft, nftPath, titled } from '../../test-support/guards.js';

const settings = { mode: 'stcp' } as Settings;

const detector = (spec: WatchSpec) => {
  const hits: Hit[] = [];
  const lines: string[] = [];
  const engine = { handle: (h: Hit) => Promise.resolve(void hits.push(h)) } as unknown as Engine;
  const d = new PacketDetector(
    { ...settings, mode: spec.proto === 'TCP' ? 'stcp' : 'sudp' },
    engine,
    (t) => lines.push(t),
    spec,
  );
  const feed = (b: Buffer) => d.onIpv4(b, 0, b.length);
  // each queued hit waits one setImmediate turn (PacketDetector.handle) and the mock engine answers at
  // once, so 32 turns let a test's few packets through whatever the machine's load: no wall clock
  const settle = async () => {
    for (let turn = 0; turn < 32; turn++) await new Promise((r) => setImmediate(r));
  };
  return { hits, lines, feed, settle, detector: d };
};

const PORT = 47311;

describe('PacketDetector.onIpv4', () => {
  it('hands a SYN to a watched port to the engine as a stealth hit with the scan type', async () => {
    const d = detector({ proto: 'TCP', ports: { kind: 'list', ports: [PORT] } });
    d.feed(ipPacket({ dport: PORT, flags: 0x02 }));
    d.feed(ipPacket({ dport: PORT, flags: 0x01, optionBytes: 4, source: [127, 0, 0, 2] }));
    await d.settle();
    expect(d.hits).toEqual([
      {
        kind: 'stealth',
        proto: 'TCP',
        target: '127.1.2.3',
        port: PORT,
        scanType: 'TCP SYN/Normal scan',
        ipOptions: false,
        optionsPort: PORT,
      },
      {
        kind: 'stealth',
        proto: 'TCP',
        target: '127.0.0.2',
        port: PORT,
        scanType: 'TCP FIN scan',
        ipOptions: true,
        optionsPort: PORT,
      },
    ]);
  });
  it('ignores ACK and RST segments, unwatched ports and the other protocol', async () => {
    const d = detector({ proto: 'TCP', ports: { kind: 'list', ports: [PORT] } });
    d.feed(ipPacket({ dport: PORT, flags: 0x12 }));
    d.feed(ipPacket({ dport: PORT, flags: 0x04 }));
    d.feed(ipPacket({ dport: PORT + 1 }));
    d.feed(ipPacket({ dport: PORT, proto: 17 }));
    await d.settle();
    expect(d.hits).toEqual([]);
  });
  it('logs an illegal header length as 1.2 does and reports nothing else for it', async () => {
    const d = detector({ proto: 'UDP', ports: { kind: 'all' } });
    d.feed(ipPacket({ proto: 17, ihl: 3, source: [127, 1, 9, 9] }));
    await d.settle();
    expect(d.lines).toEqual([
      'attackalert: Illegal IP header length detected in UDP packet: 3 from (possible) host: 127.1.9.9\n',
    ]);
    expect(d.hits).toEqual([]);
  });
  it('skips a port bound since the start (smart-verify) and reports the next free one', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen({ port: PORT + 2, host: '0.0.0.0', exclusive: true }, () => r()));
    try {
      const d = detector({ proto: 'TCP', ports: { kind: 'below', limit: 65536, except: [] } });
      d.feed(ipPacket({ dport: PORT + 2 }));
      d.feed(ipPacket({ dport: PORT + 3 }));
      await d.settle();
      expect(d.hits.map((h) => h.port)).toEqual([PORT + 3]);
    } finally {
      server.close();
    }
  });
  it('never throws from the capture callback, whatever the bytes', () => {
    const d = detector({ proto: 'TCP', ports: { kind: 'all' } });
    expect(() => d.feed(Buffer.from([0x45, 0, 0]))).not.toThrow();
    expect(() => d.detector.onIpv4(Buffer.alloc(4), 10, 2)).not.toThrow();
  });
});

const SKIP_NFT = needsNft();

describe.skipIf(SKIP_NFT !== null)(
  titled('a stealth daemon whose netfilter table a firewall reload removed', SKIP_NFT),
  () => {
    let daemon: ForegroundDaemon | undefined;
    afterEach(() => {
      daemon?.dispose();
      daemon = undefined;
    });

    it('puts the table back at its next check (every 10 s), says so once, and sees SYNs again', async () => {
      daemon = await ForegroundDaemon.start('stcp', [PORT], ['BLOCK_TCP="0"', 'SCAN_TRIGGER="0"']);
      const { ns, child } = daemon;
      const table = () => daemon!.nftList('table', 'ip', 'portsentry_stcp');
      expect(table().stdout).toContain('log group');
      expect(ns.run([nftPath(), 'flush', 'ruleset']).code).toBe(0);
      expect(table().code).not.toBe(0);
      const seen = await outputShows(
        child,
        'netfilter table portsentry_stcp was removed; it has been restored.',
        15_000,
      );
      expect(seen.match(/was removed/g)).toHaveLength(1);
      expect(table().stdout).toContain('log group');
      expect(ns.connect(PORT, '127.0.0.2')).toBe('refused');
      await outputShows(child, `attackalert: TCP SYN/Normal scan from host: 127.0.0.2/127.0.0.2 to TCP port: ${PORT}`);
      child.kill('SIGTERM');
      await exited(child);
    }, 40_000);
  },
);
