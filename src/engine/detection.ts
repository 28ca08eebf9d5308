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
  /**
   * the source address: a dotted quad, or (only with ENABLE_IPV6) the canonical IPv6 text of
   * ipv6Text() in ipv6-address.ts, an IPv4-mapped address written as the dotted quad
   */
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
 * What the extensions (status counters, metrics, CrowdSec) learn of each hit's fate, after the
 * engine has done what 1.2 does with it. An observer never changes what the engine emits or
 * writes, and must not throw or block: it only takes note (queue what it must send elsewhere).
 */
export interface EngineObserver {
  /** every hit the engine takes, before the ignore file */
  hit?(hit: Hit): void;
  /** the host is in the ignore file */
  ignored?(hit: Hit): void;
  /** the host reached SCAN_TRIGGER: `line` is the attack line just logged, `resolved` the name used in it */
  triggered?(hit: Hit, resolved: string, line: string): void;
  /** the host was already in the blocked file */
  alreadyBlocked?(hit: Hit): void;
  /** the responses ran and the host was written to the blocked and history files */
  blocked?(hit: Hit, resolved: string): void;
  /** a response failed (1.2's "Could not block host" lines) */
  responseFailed?(hit: Hit): void;
}

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
  private readonly observers: EngineObserver[] = [];

  constructor(
    readonly settings: Settings,
    private readonly emit: Emit,
  ) {
    this.state = new TriggerState(settings.triggerCount);
    this.blockedFile = new BlockedFile(settings.blockedFile, settings.extensions.ipv6);
    this.ignoreList = new IgnoreList(settings.ignoreFile, settings.extensions.ipv6);
  }

  /** adds an extension's observer (see EngineObserver); none are there unless an extension is on */
  observe(observer: EngineObserver): void {
    this.observers.push(observer);
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
    const { observers } = this;
    // an IPv6 source is only ever handed over with ENABLE_IPV6; without it, 1.2 sees no IPv6 at all
    if (!settings.extensions.ipv6 && target.includes(':')) return;
    for (const o of observers) o.hit?.(hit);
    let verdict = this.ignoreList.verdict(target, emit);
    if (verdict === 'unreadable') {
      emit(log.ignoreFileMissing);
      verdict = 'not-ignored';
    }
    if (verdict === 'ignored') {
      for (const o of observers) o.ignored?.(hit);
      return;
    }
    if (!this.checkState(target)) return;

    hit.onTriggered?.();

    let resolved = target;
    if (settings.resolveHost) {
      const name = await resolveHost(target);
      if (name === null) emit(log.resolveFailed[settings.mode]);
      else resolved = name;
    }

    const attack =
      hit.kind === 'classic'
        ? log.connect(resolved, target, hit.proto, hit.port)
        : hit.proto === 'TCP'
          ? log.stealthScan(hit.scanType ?? '', resolved, target, hit.port)
          : log.udpScan(resolved, target, hit.port);
    emit(attack);
    for (const o of observers) o.triggered?.(hit, resolved, attack);
    if (hit.kind === 'stealth' && hit.ipOptions)
      emit(log.ipOptions(resolved, target, hit.proto, hit.optionsPort ?? hit.port));

    let blocked = this.blockedFile.isBlocked(target);
    if (blocked === null) {
      emit(log.cannotReadBlocked(settings.blockedFile));
      blocked = false;
    }
    if (blocked) {
      emit(hit.kind === 'classic' ? log.alreadyBlockedClassic(target) : log.alreadyBlockedStealth(resolved, target));
      for (const o of observers) o.alreadyBlocked?.(hit);
      return;
    }
    // the responses' outcome is known at once unless one had to wait (a command still running)
    const disposed = dispose(settings, hit.proto, target, hit.port, emit);
    if (typeof disposed === 'boolean' ? disposed : await disposed) {
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
      for (const o of observers) o.blocked?.(hit, resolved);
      return;
    }
    if (hit.kind === 'classic') emit(log.couldNotBlockClassic(target));
    else if (settings.mode === 'stcp') emit(log.couldNotBlockStealthTcp(resolved, target));
    else emit(log.couldNotBlockStealth(resolved, target));
    for (const o of observers) o.responseFailed?.(hit);
  }
}
