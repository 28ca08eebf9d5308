/**
 * A set of IPv4 addresses as 32-bit numbers, in one typed array (open addressing, linear probing):
 * 8 bytes an address at worst (half the slots stay empty), where a Set of strings costs about 50. The blocked-file index holds
 * one entry for each address a line can block, so a flood of spoofed sources that the daemon
 * blocks costs little memory per host.
 */
const EMPTY = 0;

export class AddressSet {
  /** slots hold addresses (0 marks an empty slot); address 0.0.0.0 is kept aside */
  private slots = new Uint32Array(1024);
  private count = 0;
  private hasZero = false;

  get size(): number {
    return this.count + (this.hasZero ? 1 : 0);
  }

  clear(): void {
    this.slots = new Uint32Array(1024);
    this.count = 0;
    this.hasZero = false;
  }

  add(address: number): void {
    if (address === EMPTY) {
      this.hasZero = true;
      return;
    }
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if (this.insert(this.slots, address)) this.count++;
  }

  has(address: number): boolean {
    if (address === EMPTY) return this.hasZero;
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = hash(address) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === address) return true;
      if (v === EMPTY) return false;
    }
  }

  private insert(slots: Uint32Array, key: number): boolean {
    const mask = slots.length - 1;
    for (let i = hash(key) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === key) return false;
      if (v === EMPTY) {
        slots[i] = key;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const next = new Uint32Array(old.length * 2);
    for (const v of old) if (v !== EMPTY) this.insert(next, v);
    this.slots = next;
  }
}

/** a multiplicative hash of the address (its low bits alone would cluster 127.1.x.y) */
const hash = (address: number): number => Math.imul(address ^ (address >>> 16), 0x45d9f3b) >>> 0;
