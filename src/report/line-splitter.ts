/**
 * Bytes to lines with a bound: a file of any size, with or without newlines (a 2 GB file of binary
 * junk, /dev/zero copied into the history), is cut into lines without holding more than
 * MAX_LINE_BYTES of any one. A line longer than that is reported as too long, with its first bytes.
 * Text is latin1, as the tools read the history file elsewhere (src/blocked/blocked-lines.ts): every
 * byte is one character, nothing is replaced.
 */

/**
 * A history line is about 80 bytes; 1.2's resolved name is at most DNSMAXBUF (1024) bytes. 4 KiB
 * holds any line 1.2 can write, with room.
 */
export const MAX_LINE_BYTES = 4096;

export interface SplitLine {
  /** the line without its newline, latin1; for a line too long, its first MAX_LINE_BYTES bytes */
  text: string;
  /** 1-based, counting newlines of the file */
  line: number;
  tooLong: boolean;
  /** true for a last line without its newline (a line being written, or torn) */
  unterminated: boolean;
}

export class LineSplitter {
  private readonly held = Buffer.alloc(MAX_LINE_BYTES);
  private heldLength = 0;
  private overflow = false;
  private lineNumber = 0;

  constructor(private readonly onLine: (line: SplitLine) => void) {}

  /** the number of lines given so far */
  get lines(): number {
    return this.lineNumber;
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      if (this.heldLength === 0 && !this.overflow && nl !== -1 && end - start <= MAX_LINE_BYTES) {
        // the common case: a whole line inside this chunk, decoded without copying
        this.emit(Buffer.from(chunk.buffer, chunk.byteOffset + start, end - start).toString('latin1'), false, false);
      } else {
        this.hold(chunk, start, end);
        if (nl !== -1) this.flush(false);
      }
      if (nl === -1) return;
      start = nl + 1;
    }
  }

  /** the end of the input: a last line without a newline is given now */
  end(): void {
    if (this.heldLength > 0 || this.overflow) this.flush(true);
  }

  private hold(chunk: Uint8Array, start: number, end: number): void {
    const room = MAX_LINE_BYTES - this.heldLength;
    const take = Math.min(room, end - start);
    if (take > 0) {
      this.held.set(chunk.subarray(start, start + take), this.heldLength);
      this.heldLength += take;
    }
    if (end - start > take) this.overflow = true;
  }

  private flush(unterminated: boolean): void {
    const text = this.held.toString('latin1', 0, this.heldLength);
    const tooLong = this.overflow;
    this.heldLength = 0;
    this.overflow = false;
    this.emit(text, tooLong, unterminated);
  }

  private emit(text: string, tooLong: boolean, unterminated: boolean): void {
    this.lineNumber++;
    this.onLine({ text, line: this.lineNumber, tooLong, unterminated });
  }
}
