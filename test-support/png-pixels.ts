/**
 * The pixels of a PNG as Chromium's --screenshot writes it (8-bit RGB or RGBA, not interlaced), to
 * count the pixels of a colour: enough to tell a page that drew its charts from a blank one.
 */
import { inflateSync } from 'node:zlib';

interface Pixels {
  width: number;
  height: number;
  /** count of pixels of exactly this colour */
  count(r: number, g: number, b: number): number;
}

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

export const readPng = (png: Buffer): Pixels => {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('expected a PNG signature');
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0)
        throw new Error(`expected an 8-bit RGB(A) PNG, not interlaced; found depth ${depth}, colour type ${colour}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      const v = line[x]!;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predicted === undefined) throw new Error(`PNG: unknown filter ${filter} on row ${y}`);
      out[y * stride + x] = (v + predicted) & 0xff;
    }
  }
  return {
    width,
    height,
    count(r, g, b) {
      let n = 0;
      for (let i = 0; i < out.length; i += channels) if (out[i] === r && out[i + 1] === g && out[i + 2] === b) n++;
      return n;
    },
  };
};
