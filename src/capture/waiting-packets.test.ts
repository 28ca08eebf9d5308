import { describe, expect, it } from 'vitest';
import { EventQueue } from '../engine/event-queue.js';
import { PacketKind, WaitingPackets } from './waiting-packets.js';

describe('WaitingPackets', () => {
  it('gives back what each slot was given: the IPv4 source as inet_ntoa writes it, the IPv6 one as given', () => {
    const w = new WaitingPackets(4);
    const a = w.put(PacketKind.Hit, 0x7f010203, 31337, 0x02, 6);
    const b = w.put(PacketKind.Illegal, 0xff000001, 0, 0, 3);
    const c = w.put(PacketKind.Hit6, 0, 1, 0x29, 5, 'fd00::2');
    expect([a, b, c]).toEqual([0, 1, 2]);
    expect([w.kind[a], w.takeSource(a), w.dport[a], w.flags[a], w.ihl[a]]).toEqual([
      PacketKind.Hit,
      '127.1.2.3',
      31337,
      2,
      6,
    ]);
    expect([w.kind[b], w.takeSource(b), w.ihl[b]]).toEqual([PacketKind.Illegal, '255.0.0.1', 3]);
    expect([w.kind[c], w.takeSource(c), w.dport[c], w.flags[c]]).toEqual([PacketKind.Hit6, 'fd00::2', 1, 0x29]);
  });

  it('never reuses a slot still waiting in a full queue of its size, nor the one the queue drops for the newest', async () => {
    const limit = 3;
    const w = new WaitingPackets(limit);
    const handled: string[] = [];
    const dropped: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const queue = new EventQueue<number>(
      async (slot) => {
        const source = w.takeSource(slot);
        await gate;
        handled.push(source);
      },
      limit,
      undefined,
      (slot) => dropped.push(w.takeSource(slot)),
    );
    // seven at once: the queue keeps the three newest (5, 6, 7), dropping each oldest for the next
    for (let i = 1; i <= 7; i++) queue.push(w.put(PacketKind.Hit, 0x7f000000 + i, i, 0, 5));
    // after a turn of the loop the handler holds 5; 8 fits, 9 drops 6
    await new Promise((r) => setImmediate(r));
    for (let i = 8; i <= 9; i++) queue.push(w.put(PacketKind.Hit, 0x7f000000 + i, i, 0, 5));
    release();
    await new Promise((r) => setTimeout(r, 50));
    expect(dropped).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.6']);
    expect(handled).toEqual(['127.0.0.5', '127.0.0.7', '127.0.0.8', '127.0.0.9']);
  });
});
