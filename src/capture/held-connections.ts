/**
 * Classic TCP mode keeps each accepted connection open while its hit waits in the queue, so that
 * the banner can be written once the host triggers. At most `limit` are held at once: past that,
 * a new connection is closed as soon as it is accepted (its hit is still handled; only its banner
 * is lost), so that a flood cannot use up the process's descriptors.
 */
interface ConnectionCalls {
  /** write data without blocking, then close */
  writeAndClose(fd: number, data: Buffer): number;
  closeFd(fd: number): number;
}

/** One accepted connection: `finish` writes (possibly nothing) and closes, once; later calls do nothing. */
interface HeldConnection {
  readonly held: boolean;
  finish(data: Buffer): void;
}

export class HeldConnections {
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly calls: ConnectionCalls,
  ) {}

  /** how many are open now */
  get open(): number {
    return this.count;
  }

  take(fd: number): HeldConnection {
    if (this.count >= this.limit) {
      this.calls.closeFd(fd);
      return { held: false, finish: () => undefined };
    }
    this.count++;
    let open = true;
    return {
      held: true,
      finish: (data: Buffer) => {
        if (!open) return;
        open = false;
        this.count--;
        this.calls.writeAndClose(fd, data);
      },
    };
  }
}
