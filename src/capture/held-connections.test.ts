import { describe, expect, it } from 'vitest';
import { HeldConnections } from './held-connections.js';

const recorder = () => {
  const calls: string[] = [];
  return {
    calls,
    writeAndClose: (fd: number, data: Buffer) => (
      calls.push(`write+close ${fd} ${JSON.stringify(data.toString('latin1'))}`),
      0
    ),
    closeFd: (fd: number) => (calls.push(`close ${fd}`), 0),
  };
};

describe('HeldConnections', () => {
  it('writes the data and closes a held connection exactly once', () => {
    const r = recorder();
    const held = new HeldConnections(2, r);
    const c = held.take(7);
    expect(held.open).toBe(1);
    c.finish(Buffer.from('banner\n'));
    c.finish(Buffer.alloc(0));
    expect(r.calls).toEqual(['write+close 7 "banner\\n"']);
    expect(held.open).toBe(0);
  });

  it('closes a connection at once when the limit is reached, and holds again once one is finished', () => {
    const r = recorder();
    const held = new HeldConnections(2, r);
    const a = held.take(5);
    held.take(6);
    const c = held.take(7);
    expect(c.held).toBe(false);
    expect(r.calls).toEqual(['close 7']);
    c.finish(Buffer.from('banner'));
    expect(r.calls).toEqual(['close 7']);
    a.finish(Buffer.alloc(0));
    expect(held.take(8).held).toBe(true);
    expect(held.open).toBe(2);
    expect(r.calls).toEqual(['close 7', 'write+close 5 ""']);
  });
});
