/**
 * The in-namespace half of the stealth benchmarks (started by stealth-bench-lib.ts as
 *   ip netns exec NS unshare -m --propagation private node stealth-bench-inner.js SPEC.json).
 * Lays out /etc/portsentry, /var/lib/portsentry and /dev/log over overlays (nothing on the host
 * changes), starts one implementation, runs the plan's steps, and writes what it measured.
 * Started with --send FILE it is the packet sender instead (a process of its own, so that the
 * syslog reader keeps draining while packets go out).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFrame, type CraftedPacket } from '../compat-tests/lib/crafted-packets.js';
import { buildFrame6 } from './ipv6-frames.js';

import type { BenchResult, BenchSpec } from './stealth-bench-lib.js';
import { CLEAN_ENV } from './clean-env.js';
import { isRunning, procStatFields } from '../src/daemon/proc-stat.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type SendPlan = NonNullable<BenchSpec['steps'][number]['send']>;

/** the i-th of the 62500 scanner sources 127.1.x.y */
const source = (i: number): string => {
  const n = i % 62500;
  return `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`;
};

/**
 * tcp-connect: `count` connections to 127.0.0.1:port, `concurrency` at a time, each from a source
 * of its own; one is connected when the handshake completes (the kernel's accept queue took it) and
 * completed when the daemon then closes it (1.2 closes each connection once it has handled it).
 * A connection still open (or still connecting) at the deadline is abandoned.
 */
const connectMain = async (plan: SendPlan): Promise<void> => {
  const { connect } = await import('node:net');
  const deadline = performance.now() + (plan.deadlineMs ?? 60_000);
  const startEpochMs = Date.now();
  const t0 = performance.now();
  let next = 0;
  let connected = 0;
  let completed = 0;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port: plan.port ?? 1,
        localAddress: source(i + (plan.sourceOffset ?? 0)),
      });
      const timer = setTimeout(() => socket.destroy(), Math.max(0, deadline - performance.now()));
      socket.on('connect', () => connected++);
      socket.on('data', () => undefined);
      socket.on('end', () => {
        completed++;
        socket.destroy();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  const worker = async (): Promise<void> => {
    while (next < plan.count && performance.now() < deadline) await one(next++);
  };
  await Promise.all(Array.from({ length: plan.concurrency ?? 1 }, worker));
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, startEpochMs, connected, completed }));
};

const sendMain = (file: string): void => {
  const plan = JSON.parse(readFileSync(file, 'utf8')) as SendPlan;
  if (plan.kind === 'tcp-connect') {
    void connectMain(plan);
    return;
  }
  writeFileSync('/proc/sys/net/ipv4/conf/lo/route_localnet', '1');
  writeFileSync('/proc/sys/net/ipv4/conf/all/route_localnet', '1');
  const { Cap } = createRequire(import.meta.url)('cap') as {
    Cap: new () => {
      open(d: string, f: string, n: number, b: Buffer): string;
      send(b: Buffer, n: number): void;
      close(): void;
    };
  };
  const cap = new Cap();
  cap.open('lo', '', 1 << 20, Buffer.alloc(65535));
  const frames: Buffer[] = [];
  const off = plan.sourceOffset ?? 0;
  for (let i = 0; plan.ipv6 && i < plan.count; i++) {
    const n = i + off;
    if (plan.kind === 'ack-noise') {
      const lo = plan.portFrom ?? 1;
      const hi = plan.portTo ?? 1024;
      frames.push(
        buildFrame6({ proto: 'tcp', source: 0, port: lo + (i % (hi - lo + 1)), flags: 0x10 }, 1024 + (i % 60000)),
      );
    } else if (plan.kind === 'udp-burst') {
      const ports = plan.ports ?? [plan.port ?? 7];
      frames.push(buildFrame6({ proto: 'udp', source: n, port: ports[i % ports.length]! }, 1024 + (i % 60000)));
    } else frames.push(buildFrame6({ proto: 'tcp', source: n, port: plan.port ?? 1 }, 1024 + (i % 60000)));
  }
  for (let i = 0; !plan.ipv6 && i < plan.count; i++) {
    // sources stay in 127.1.x.y (62500 of them, then again from the first): a source seen 62500
    // packets ago is as new to the daemon as a fresh one (its state engine keeps 50)
    const n = (i + off) % 62500;
    const from = plan.from ?? `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    let p: CraftedPacket;
    if (plan.kind === 'ack-noise') {
      const lo = plan.portFrom ?? 1;
      const hi = plan.portTo ?? 1024;
      p = { proto: 'tcp', from: '127.1.2.3', port: lo + (i % (hi - lo + 1)), flags: 'A' };
    } else if (plan.kind === 'udp-burst') {
      // datagrams to the ports in turn (1 byte each), from distinct sources
      const ports = plan.ports ?? [plan.port ?? 7];
      p = { proto: 'udp', from, port: ports[i % ports.length]! };
    } else p = { proto: 'tcp', from, port: plan.port ?? 1, flags: 'S' };
    frames.push(buildFrame(p, 1024 + (i % 60000)));
  }
  const startEpochMs = Date.now();
  const t0 = process.hrtime.bigint();
  for (const f of frames) cap.send(f, f.length);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  cap.close();
  process.stdout.write(JSON.stringify({ ms, startEpochMs }));
};

/** both daemons start with a clean environment (see clean-env.ts) */
const DAEMON_ENV = CLEAN_ENV;

const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });

const main = async (specFile: string): Promise<void> => {
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as BenchSpec;
  const result: BenchResult = {
    label: spec.label,
    startupMs: null,
    daemonPid: null,
    samples: {},
    sends: [],
    attacks: 0,
    historyLines: 0,
    lastAttackMs: null,
    lastAttackEpochMs: null,
    syslogTotal: 0,
    seen: {},
    phases: {},
    notes: [],
  };
  // ---- lay out (overlays: nothing on the host changes)
  const script = ['set -e', 'ip link set lo up'];
  for (const dir of ['/etc', '/var/lib', '/dev']) {
    const upper = join(spec.tmp, 'ov', 'upper', dir);
    const work = join(spec.tmp, 'ov', 'work', dir);
    mkdirSync(upper, { recursive: true });
    mkdirSync(work, { recursive: true });
    script.push(`mount -t overlay overlay -o lowerdir=${dir},upperdir=${upper},workdir=${work} ${dir}`);
  }
  script.push('mkdir -p /etc/portsentry /var/lib/portsentry', 'rm -f /dev/log');
  // systemd's sysctl.d/50-default.conf raises this to 512 on Debian hosts; the kernel default (10)
  // limits any non-blocking syslog writer. Per network namespace: the host is not touched.
  if (spec.dgramQlen !== undefined) script.push(`echo ${spec.dgramQlen} > /proc/sys/net/unix/max_dgram_qlen`);
  // IPv6 steps (ENABLE_IPV6): the victim fd00::1 on the namespace's own loopback
  if (spec.steps.some((s) => s.send?.ipv6)) script.push('ip addr add fd00::1/128 dev lo nodad');
  run('/bin/sh', ['-c', script.join('\n')]);
  writeFileSync('/etc/portsentry/portsentry.conf', spec.config);
  writeFileSync('/etc/portsentry/portsentry.ignore', '127.0.0.1\n');
  const addon = createRequire(import.meta.url)(spec.addon) as {
    bindDatagram(p: string): number;
    recvDatagram(fd: number, ms: number): Buffer | null;
  };
  const logFd = addon.bindDatagram('/dev/log');
  if (logFd < 0) throw new Error(`bindDatagram(/dev/log) failed: ${logFd}`);

  const t0 = performance.now();
  let active: number | null = null;
  const watched = spec.steps.flatMap((st) => (st.waitLine ? [st.waitLine.text] : []));
  const drain = (): void => {
    for (;;) {
      const d = addon.recvDatagram(logFd, 0);
      if (d === null) return;
      result.syslogTotal++;
      const line = d.toString('latin1');
      for (const text of watched)
        if (result.seen[text] === undefined && line.includes(text)) result.seen[text] = Date.now();
      if (active === null && line.includes('PortSentry is now active and listening')) {
        active = performance.now();
        const m = /portsentry\[(\d+)\]/.exec(line);
        if (m) result.daemonPid = Number(m[1]);
      }
      if (line.includes('attackalert: ') && / from host: /.test(line) && !line.includes('has IP options')) {
        result.attacks++;
        result.lastAttackMs = performance.now() - t0;
        result.lastAttackEpochMs = Date.now();
      }
    }
  };
  const child = spawn(spec.command[0]!, [...spec.command.slice(1), ...spec.argv], {
    cwd: '/',
    stdio: 'ignore',
    env: { ...DAEMON_ENV, ...spec.env },
  });
  // the loop below blocks the event loop, so the child's exit is seen in /proc (a zombie until reaped)
  const invokerGone = (): boolean => !isRunning(child.pid!);
  const until = performance.now() + 10_000;
  while ((active === null || result.phases.invokerExitMs === undefined) && performance.now() < until) {
    if (result.phases.invokerExitMs === undefined && invokerGone())
      result.phases.invokerExitMs = performance.now() - t0;
    const d = addon.recvDatagram(logFd, 2);
    if (d !== null) {
      result.syslogTotal++;
      const line = d.toString('latin1');
      if (result.phases.startingLineMs === undefined && line.includes('is starting'))
        result.phases.startingLineMs = performance.now() - t0;
      if (line.includes('PortSentry is now active and listening')) {
        active = performance.now();
        const m = /portsentry\[(\d+)\]/.exec(line);
        if (m) result.daemonPid = Number(m[1]);
      }
    }
  }
  result.startupMs = active === null ? null : active - t0;
  if (result.daemonPid === null) result.notes.push('no "now active" line within 10 s');
  const pump = setInterval(drain, 1);
  void child;

  const sample = (label: string): void => {
    const pid = result.daemonPid;
    if (pid === null) return;
    try {
      const f = procStatFields(pid);
      if (f === null) throw new Error(`process ${pid} is gone`);
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      const status = readFileSync(`/proc/${pid}/status`, 'latin1');
      // BENCH_SMAPS=DIR keeps the daemon's memory map at each sample (to see what the RSS is made of)
      const smaps = process.env.BENCH_SMAPS;
      if (smaps !== undefined)
        writeFileSync(
          join(smaps, `${spec.label}-${label}.smaps`.replace(/[ /]/g, '_')),
          readFileSync(`/proc/${pid}/smaps`),
        );
      const kib = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
      result.samples[label] = {
        cpuTicks: ticks,
        selfTicks: Number(f[11]) + Number(f[12]),
        rssKiB: kib('VmRSS'),
        peakKiB: kib('VmHWM'),
        anonKiB: kib('RssAnon'),
        atMs: performance.now() - t0,
      };
    } catch (e) {
      result.notes.push(`sample ${label}: ${(e as Error).message}`);
    }
  };

  for (const step of spec.steps) {
    if (step.sleepMs !== undefined) await sleep(step.sleepMs);
    if (step.send !== undefined) {
      const file = join(spec.tmp, `send-${result.sends.length}.json`);
      writeFileSync(file, JSON.stringify(step.send));
      const out = await new Promise<string>((resolve) => {
        const s = spawn(process.execPath, [process.argv[1]!, '--send', file], { stdio: ['ignore', 'pipe', 'inherit'] });
        let o = '';
        s.stdout.on('data', (b: Buffer) => (o += b.toString()));
        s.on('close', () => resolve(o));
      });
      try {
        const o = JSON.parse(out) as { ms: number; startEpochMs: number; connected?: number; completed?: number };
        result.sends.push({ kind: step.send.kind, count: step.send.count, ...o });
      } catch {
        result.notes.push(`sender failed: ${out.slice(0, 200)}`);
      }
    }
    if (step.waitAttacks !== undefined) {
      let last = result.attacks;
      let lastChange = performance.now();
      const hardStop = performance.now() + 120_000;
      while (
        result.attacks < step.waitAttacks &&
        performance.now() - lastChange < 5_000 &&
        performance.now() < hardStop
      ) {
        await sleep(20);
        if (result.attacks !== last) {
          last = result.attacks;
          lastChange = performance.now();
        }
      }
      await sleep(300);
    }
    if (step.waitLine !== undefined) {
      const hardStop = performance.now() + step.waitLine.ms;
      while (result.seen[step.waitLine.text] === undefined && performance.now() < hardStop) await sleep(5);
    }
    if (step.sample !== undefined) sample(step.sample);
  }
  clearInterval(pump);
  drain();
  try {
    result.historyLines = readFileSync('/var/lib/portsentry/portsentry.history', 'latin1')
      .split('\n')
      .filter(Boolean).length;
  } catch {
    result.historyLines = 0;
  }
  if (result.daemonPid !== null) {
    try {
      process.kill(result.daemonPid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  await sleep(300);
  // what is still running in this namespace is killed by the outer script, by pid
  const own = readlinkSync('/proc/self/ns/net');
  result.notes.push(
    `left in namespace: ${
      readdirSync('/proc').filter(
        (p) =>
          /^\d+$/.test(p) &&
          Number(p) !== process.pid &&
          (() => {
            try {
              return readlinkSync(`/proc/${p}/ns/net`) === own;
            } catch {
              return false;
            }
          })(),
      ).length
    }`,
  );
  writeFileSync(spec.resultFile, JSON.stringify(result));
  process.exit(0);
};

if (process.argv[2] === '--send') sendMain(process.argv[3]!);
else
  main(process.argv[2]!).catch((e: unknown) => {
    process.stderr.write(`stealth-bench-inner: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
