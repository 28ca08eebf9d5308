import { describe, expect, it } from 'vitest';
import { netfilterSocketDrops } from './pcap-source.js';

const TABLE =
  's                Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n' +
  '00000000a1b2c3d4 0   1          00000000 0        0        0     2        0        1001\n' +
  '00000000a1b2c3d5 12  29241      00000000 0        0        0     2        502      1690986\n' +
  '00000000a1b2c3d6 12  0          00000000 0        0        0     2        0        1002\n';

describe('netfilterSocketDrops', () => {
  it('reads the drops of each NETLINK_NETFILTER socket by inode from /proc/net/netlink', () => {
    expect([...netfilterSocketDrops(TABLE)]).toEqual([
      ['1690986', 502],
      ['1002', 0],
    ]);
  });
  it('reads nothing from an empty or unreadable table', () => {
    expect(netfilterSocketDrops('').size).toBe(0);
  });
});
