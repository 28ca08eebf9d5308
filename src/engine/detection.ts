import { log, triggerTooLarge } from '../messages/legacy-messages.js';
import type { Settings } from '../config/settings.js';
import { dispose } from '../responders/dispose.js';
import { writeBlocked } from '../outputs/blocked-files.js';
import { IgnoreList } from './ignore-list.js';
import { TriggerState } from './trigger-state.js';
import { BlockedFile } from './blocked-check.js';
import { resolveHost } from './resolve-host.js';

/** One packet or connection that hit a watched port, as a detector reports it. */
export interface Hit {
  target: string;
  proto: 'TCP' | 'UDP';
  /** the port 1.2 names in its messages and files */
  port: number;
  /** classic modes: the text of the attack line; stealth modes supply their own through `report` */
  kind: 'classic' | 'stealth';
  /** stealth TCP: "TCP SYN/Normal scan" and the like; stealth UDP: undefined */
  scanType?: string;
  /** stealth: the IP header carried options */
  ipOptions?: boolean;
  /** the port named in the IP-options line (1.2 uses the incoming port there) */
  optionsPort?: number;
  /** classic modes: called once the host has triggered, before resolving (banner, close) */
  onTriggered?: () => void;
  /** called when handling is over, whatever happened (closes a classic TCP connection) */
  onDone?: () => void;
}

type Emit = (text: string) => void;

/**
 * The per-hit pipeline every mode shares: ignore file, trigger state, resolving, the
 * already-blocked check, the responses and the blocked/history files, with each mode's texts.
 */
export class Engine {
  readonly state: TriggerState;
  /** IsBlocked() over an index of the blocked file, kept up to date with our own appends */
  private readonly blockedFile: BlockedFile;
  /** NeverBlock() over the ignore file, parsed again only when it changed */
  private readonly ignoreList: IgnoreList;

  constructor(
    readonly settings: Settings,
    private readonly emit: Emit,
  ) {
    this.state = new TriggerState(settings.triggerCount);
    this.blockedFile = new BlockedFile(settings.blockedFile);
    this.ignoreList = new IgnoreList(settings.ignoreFile);
  }

  handle = async (hit: Hit): Promise<void> => {
    try {
      await this.process(hit);
    } finally {
      hit.onDone?.();
    }
  };

  private checkState(target: string): boolean {
    let triggered = this.state.visit(target);
    if (this.state.tooLarge) {
      this.emit(triggerTooLarge(this.state.trigger));
      this.emit(log.triggerAdjust);
      this.emit(log.triggerBlockAnyway);
      triggered = true;
    }
    return triggered;
  }

  private async process(hit: Hit): Promise<void> {
    const { settings, emit } = this;
    const { target } = hit;
    let verdict = this.ignoreList.verdict(target, emit);
    if (verdict === 'unreadable') {
      emit(log.ignoreFileMissing);
      verdict = 'not-ignored';
    }
    if (verdict === 'ignored') return;
    if (!this.checkState(target)) return;

    hit.onTriggered?.();

    let resolved = target;
    if (settings.resolveHost) {
      const name = await resolveHost(target);
      if (name === null) emit(log.resolveFailed[settings.mode]);
      else resolved = name;
    }

    if (hit.kind === 'classic') emit(log.connect(resolved, target, hit.proto, hit.port));
    else if (hit.proto === 'TCP') emit(log.stealthScan(hit.scanType ?? '', resolved, target, hit.port));
    else emit(log.udpScan(resolved, target, hit.port));
    if (hit.kind === 'stealth' && hit.ipOptions)
      emit(log.ipOptions(resolved, target, hit.proto, hit.optionsPort ?? hit.port));

    let blocked = this.blockedFile.isBlocked(target);
    if (blocked === null) {
      emit(log.cannotReadBlocked(settings.blockedFile));
      blocked = false;
    }
    if (blocked) {
      emit(hit.kind === 'classic' ? log.alreadyBlockedClassic(target) : log.alreadyBlockedStealth(resolved, target));
      return;
    }
    if (await dispose(settings, hit.proto, target, hit.port, emit)) {
      // the index learns of our line through the watch, on the descriptor it is written through; a
      // line waiting for a FIFO's reader is written later while the daemon goes on (it never rejects)
      void writeBlocked(
        target,
        resolved,
        hit.port,
        settings.blockedFile,
        settings.historyFile,
        hit.proto,
        emit,
        this.blockedFile.watch,
      );
    } else if (hit.kind === 'classic') {
      emit(log.couldNotBlockClassic(target));
    } else if (settings.mode === 'stcp') {
      emit(log.couldNotBlockStealthTcp(resolved, target));
    } else {
      emit(log.couldNotBlockStealth(resolved, target));
    }
  }
}
