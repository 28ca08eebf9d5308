/**
 * A set of IPv6 addresses (16 bytes each) in typed arrays (open addressing, linear probing): about
 * 40 bytes an address at worst (half the slots stay empty), where a Set of their texts costs some
 * 100. The blocked-file index holds one entry for each IPv6 host a line blocks, so a flood of
 * spoofed IPv6 sources that the daemon blocks costs little memory per host.
 */
export class Address6Set {
  /** four 32-bit words an address, slot i at words 4i..4i+3 */
  private words = new Uint32Array(4 * 256);
  private used = new Uint8Array(256);
  private count = 0;

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.words = new Uint32Array(4 * 256);
    this.used = new Uint8Array(256);
    this.count = 0;
  }

  /** adds the 16 bytes at b[at] */
  add(b: Uint8Array, at = 0): void {
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    const w0 = word(b, at);
    const w1 = word(b, at + 4);
    const w2 = word(b, at + 8);
    const w3 = word(b, at + 12);
    if (insert(this.words, this.used, w0, w1, w2, w3)) this.count++;
  }

  /** is the address of the 16 bytes at b[at] in the set? */
  has(b: Uint8Array, at = 0): boolean {
    const w0 = word(b, at);
    const w1 = word(b, at + 4);
    const w2 = word(b, at + 8);
    const w3 = word(b, at + 12);
    const { words, used } = this;
    const mask = used.length - 1;
    for (let i = hash(w0, w1, w2, w3) & mask; ; i = (i + 1) & mask) {
      if (used[i] === 0) return false;
      const k = 4 * i;
      if (words[k] === w0 && words[k + 1] === w1 && words[k + 2] === w2 && words[k + 3] === w3) return true;
    }
  }

  private grow(): void {
    const oldWords = this.words;
    const oldUsed = this.used;
    const words = new Uint32Array(oldWords.length * 2);
    const used = new Uint8Array(oldUsed.length * 2);
    for (let i = 0; i < oldUsed.length; i++) {
      if (oldUsed[i] === 0) continue;
      const k = 4 * i;
      insert(words, used, oldWords[k]!, oldWords[k + 1]!, oldWords[k + 2]!, oldWords[k + 3]!);
    }
    this.words = words;
    this.used = used;
  }
}

const word = (b: Uint8Array, at: number): number =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

const hash = (w0: number, w1: number, w2: number, w3: number): number => {
  let h = Math.imul(w0 ^ (w0 >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ w1 ^ (w1 >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ w2 ^ (w2 >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ w3 ^ (w3 >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
};

const insert = (words: Uint32Array, used: Uint8Array, w0: number, w1: number, w2: number, w3: number): boolean => {
  const mask = used.length - 1;
  for (let i = hash(w0, w1, w2, w3) & mask; ; i = (i + 1) & mask) {
    const k = 4 * i;
    if (used[i] === 0) {
      used[i] = 1;
      words[k] = w0;
      words[k + 1] = w1;
      words[k + 2] = w2;
      words[k + 3] = w3;
      return true;
    }
    if (words[k] === w0 && words[k + 1] === w1 && words[k + 2] === w2 && words[k + 3] === w3) return false;
  }
};
