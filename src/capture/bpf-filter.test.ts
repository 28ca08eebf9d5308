import { describe, expect, it } from 'vitest';
import {
  bpfFilter6,
  nftMatch6,
  bpfFilter,
  isWatched,
  NFT_SHORT_UDP,
  nftMatch,
  normaliseSpec,
  ranges,
  watchesNothing,
  type WatchSpec,
} from './bpf-filter.js';

const stcp: WatchSpec = { proto: 'TCP', ports: { kind: 'list', ports: [79, 1, 11, 15, 11, 65547, -3] } };
const atcp: WatchSpec = { proto: 'TCP', ports: { kind: 'below', limit: 1024, except: [113, 139, 140, 5000, -1] } };
const audp: WatchSpec = { proto: 'UDP', ports: { kind: 'all' } };

describe('normaliseSpec', () => {
  it('keeps real port numbers only, sorted, once each (1.2 never matches 65547 or -3)', () => {
    expect(normaliseSpec(stcp).ports).toEqual({ kind: 'list', ports: [1, 11, 15, 79] });
  });
  it('drops exclusions at or above the limit and clamps the limit to 0..65536', () => {
    expect(normaliseSpec(atcp).ports).toEqual({ kind: 'below', limit: 1024, except: [113, 139, 140] });
    expect(normaliseSpec({ proto: 'UDP', ports: { kind: 'below', limit: 4294967295, except: [] } }).ports).toEqual({
      kind: 'below',
      limit: 65536,
      except: [],
    });
  });
});

describe('isWatched', () => {
  it('matches listed ports only in stealth modes', () => {
    const s = normaliseSpec(stcp);
    expect([1, 11, 12, 79, 80].map((p) => isWatched(s, p))).toEqual([true, true, false, true, false]);
  });
  it('matches ports below the limit but the excluded ones in advanced modes', () => {
    const s = normaliseSpec(atcp);
    expect([0, 112, 113, 139, 1023, 1024, 65535].map((p) => isWatched(s, p))).toEqual([
      true,
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
  });
  it('matches every port when 1.2 never compares the limit', () => {
    expect(isWatched(audp, 65535)).toBe(true);
  });
});

describe('ranges', () => {
  it('joins consecutive ports', () => {
    expect(ranges([1, 2, 3, 7, 9, 10])).toEqual([
      [1, 3],
      [7, 7],
      [9, 10],
    ]);
  });
});

describe('nftMatch', () => {
  it('matches the listed TCP ports without ACK or RST', () => {
    expect(nftMatch(stcp)).toBe('tcp dport { 1, 11, 15, 79 } tcp flags & (ack | rst) == 0');
  });
  it('matches one UDP port without a set', () => {
    expect(nftMatch({ proto: 'UDP', ports: { kind: 'list', ports: [7] } })).toBe('udp dport 7');
  });
  it('matches a range below the limit minus the exclusions', () => {
    expect(nftMatch(atcp)).toBe('tcp dport 0-1023 tcp dport != { 113, 139-140 } tcp flags & (ack | rst) == 0');
  });
  it('matches every port of the protocol when all are watched, or the limit is 65536 or more', () => {
    expect(nftMatch(audp)).toBe('meta l4proto udp');
    expect(nftMatch({ proto: 'TCP', ports: { kind: 'below', limit: 70000, except: [] } })).toBe(
      'meta l4proto tcp tcp flags & (ack | rst) == 0',
    );
  });
  it('writes a limit of 1 as port 0', () => {
    expect(nftMatch({ proto: 'TCP', ports: { kind: 'below', limit: 1, except: [] } })).toBe(
      'tcp dport 0 tcp flags & (ack | rst) == 0',
    );
  });
  it('adds a second rule for UDP datagrams too short for their ports when port 0 is watched, as 1.2 reads them as port 0', () => {
    const short =
      'meta l4proto udp ip hdrlength . ip length { 5 . 20-23, 6 . 24-27, 7 . 28-31, 8 . 32-35, 9 . 36-39, 10 . 40-43, 11 . 44-47, 12 . 48-51, 13 . 52-55, 14 . 56-59, 15 . 60-63 }';
    expect(NFT_SHORT_UDP).toBe(short);
    expect(nftMatch({ proto: 'UDP', ports: { kind: 'below', limit: 1024, except: [53] } })).toBe(
      `udp dport 0-1023 udp dport != 53\n${short}`,
    );
    expect(nftMatch({ proto: 'UDP', ports: { kind: 'list', ports: [0, 7] } })).toBe(`udp dport { 0, 7 }\n${short}`);
    expect(nftMatch({ proto: 'UDP', ports: { kind: 'below', limit: 1024, except: [0] } })).toBe(
      'udp dport 0-1023 udp dport != 0',
    );
  });
  it('is null when nothing can match', () => {
    expect(nftMatch({ proto: 'TCP', ports: { kind: 'list', ports: [70000] } })).toBeNull();
    expect(nftMatch({ proto: 'TCP', ports: { kind: 'below', limit: 0, except: [] } })).toBeNull();
    expect(watchesNothing({ proto: 'TCP', ports: { kind: 'below', limit: 2, except: [0, 1] } })).toBe(true);
  });
});

describe('bpfFilter', () => {
  it('keeps inbound IPv4 TCP to this host, first fragments, no ACK/RST, listed ports', () => {
    expect(bpfFilter(stcp, ['127.0.0.0/8', '10.0.0.5'])).toBe(
      'inbound and ip and tcp and (ip[6:2] & 0x1fff) = 0 and (dst net 127.0.0.0/8 or dst host 10.0.0.5) and (tcp[13] & 0x14) = 0 and (dst port 1 or dst port 11 or dst port 15 or dst port 79)',
    );
  });
  it('uses port ranges for advanced modes', () => {
    expect(bpfFilter(atcp)).toBe(
      'inbound and ip and tcp and (ip[6:2] & 0x1fff) = 0 and (tcp[13] & 0x14) = 0 and dst portrange 0-1023 and not (dst port 113 or dst portrange 139-140)',
    );
  });
  it('has no port test when every UDP port is watched', () => {
    expect(bpfFilter(audp)).toBe('inbound and ip and udp and (ip[6:2] & 0x1fff) = 0');
  });
  it('lets UDP datagrams too short for their ports through when port 0 is watched', () => {
    expect(bpfFilter({ proto: 'UDP', ports: { kind: 'below', limit: 1024, except: [53] } })).toBe(
      'inbound and ip and udp and (ip[6:2] & 0x1fff) = 0 and ((dst portrange 0-1023 and not (dst port 53)) or (ip[2:2] - ((ip[0] & 0xf) << 2)) < 4)',
    );
    expect(bpfFilter({ proto: 'UDP', ports: { kind: 'list', ports: [7] } })).toBe(
      'inbound and ip and udp and (ip[6:2] & 0x1fff) = 0 and (dst port 7)',
    );
  });
  it('is empty when nothing can match', () => {
    expect(bpfFilter({ proto: 'UDP', ports: { kind: 'list', ports: [] } })).toBe('');
  });
});

describe('nftMatch6 and bpfFilter6 (ENABLE_IPV6)', () => {
  it('matches what the IPv4 rule matches, plus every AH packet for the decoder to look behind', () => {
    const tcp = { proto: 'TCP' as const, ports: { kind: 'list' as const, ports: [1, 2, 3, 79] } };
    expect(nftMatch6(tcp)).toBe('tcp dport { 1-3, 79 } tcp flags & (ack | rst) == 0\nmeta l4proto ah');
    expect(nftMatch6({ proto: 'UDP', ports: { kind: 'below', limit: 1024, except: [] } })).toBe(
      'udp dport 0-1023\nmeta l4proto ah',
    );
  });
  it('leaves out the IPv4-only rule for short UDP datagrams, and matches nothing when nothing is watched', () => {
    expect(nftMatch6({ proto: 'UDP', ports: { kind: 'list', ports: [0, 7] } })).toBe(
      'udp dport { 0, 7 }\nmeta l4proto ah',
    );
    expect(nftMatch6({ proto: 'TCP', ports: { kind: 'list', ports: [] } })).toBeNull();
  });
  it('taps inbound IPv6 to the local addresses, leaving ports and headers to the decoder', () => {
    const spec = { proto: 'TCP' as const, ports: { kind: 'all' as const } };
    expect(bpfFilter6(spec, ['::1', 'fd00::1'])).toBe('inbound and ip6 and (dst host ::1 or dst host fd00::1)');
    expect(bpfFilter6(spec)).toBe('inbound and ip6');
    expect(bpfFilter6({ proto: 'TCP', ports: { kind: 'list', ports: [] } })).toBe('');
  });
});
