import type { Outcome } from './types.js';

/**
 * One difference between the reference and ours. `field` says where ("syslog", "starts[0].stdout",
 * "files./var/lib/portsentry/portsentry.history.content", "scanners[2]"); `text` shows it, ref lines
 * prefixed "- ", ours "+ ", context "  ", each line JSON-quoted so that every byte is visible.
 */
export interface Difference {
  field: string;
  text: string;
}

type Op = { kind: 'same' | 'ref' | 'ours'; line: string };

/** Largest n*m for the LCS table; beyond it lines are compared position by position. */
const MAX_TABLE = 4_000_000;

/** Line diff (longest common subsequence), as a list of operations in order. */
export const diffLines = (a: string[], b: string[]): Op[] => {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_TABLE) {
    const ops: Op[] = [];
    for (let i = 0; i < Math.max(n, m); i++) {
      if (i < n && i < m && a[i] === b[i]) ops.push({ kind: 'same', line: a[i]! });
      else {
        if (i < n) ops.push({ kind: 'ref', line: a[i]! });
        if (i < m) ops.push({ kind: 'ours', line: b[i]! });
      }
    }
    return ops;
  }
  // lcs[i][j] = LCS length of a[i..], b[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: 'same', line: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ kind: 'ref', line: a[i++]! });
    else ops.push({ kind: 'ours', line: b[j++]! });
  }
  while (i < n) ops.push({ kind: 'ref', line: a[i++]! });
  while (j < m) ops.push({ kind: 'ours', line: b[j++]! });
  return ops;
};

const show = (op: Op): string =>
  `${op.kind === 'same' ? ' ' : op.kind === 'ref' ? '-' : '+'} ${JSON.stringify(op.line)}`;

/**
 * The hunks of a line diff: each run of changed lines with one line of context before and after.
 * Each hunk is a separate difference, so that a known difference can cover one hunk and not hide
 * another.
 */
export const lineHunks = (a: string[], b: string[]): string[] => {
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.kind === 'same') {
      k++;
      continue;
    }
    const startK = k;
    while (k < ops.length && ops[k]!.kind !== 'same') k++;
    const lines: string[] = [];
    if (startK > 0) lines.push(show(ops[startK - 1]!));
    for (let x = startK; x < k; x++) lines.push(show(ops[x]!));
    if (k < ops.length) lines.push(show(ops[k]!));
    hunks.push(lines.join('\n'));
  }
  return hunks;
};

/** Text split into lines, each keeping its "\n" (so a missing final newline shows). */
export const splitLines = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

const scalar = (field: string, ref: unknown, ours: unknown): Difference[] => {
  const r = JSON.stringify(ref);
  const o = JSON.stringify(ours);
  return r === o ? [] : [{ field, text: `- ${r}\n+ ${o}` }];
};

const textDiff = (field: string, ref: string, ours: string): Difference[] =>
  ref === ours ? [] : lineHunks(splitLines(ref), splitLines(ours)).map((text) => ({ field, text }));

export const diffOutcomes = (ref: Outcome, ours: Outcome): Difference[] => {
  const out: Difference[] = [];
  const starts = Math.max(ref.starts.length, ours.starts.length);
  for (let i = 0; i < starts; i++) {
    const r = ref.starts[i];
    const o = ours.starts[i];
    if (r === undefined || o === undefined) {
      out.push(...scalar(`starts[${i}]`, r ?? null, o ?? null));
      continue;
    }
    out.push(...scalar(`starts[${i}].argv`, r.argv, o.argv));
    out.push(...textDiff(`starts[${i}].stdout`, r.stdout, o.stdout));
    out.push(...textDiff(`starts[${i}].stderr`, r.stderr, o.stderr));
    out.push(
      ...scalar(`starts[${i}].exit`, { code: r.exitCode, signal: r.signal }, { code: o.exitCode, signal: o.signal }),
    );
  }
  if (JSON.stringify(ref.syslog) !== JSON.stringify(ours.syslog)) {
    for (const text of lineHunks(ref.syslog, ours.syslog)) out.push({ field: 'syslog', text });
  }
  const paths = [...new Set([...Object.keys(ref.files), ...Object.keys(ours.files)])].sort();
  for (const path of paths) {
    const r = ref.files[path];
    const o = ours.files[path];
    if (r === undefined || o === undefined || r === null || o === null || r.type !== o.type) {
      const brief = (f: typeof r) => (f === undefined || f === null ? 'absent' : f.type);
      if (brief(r) !== brief(o)) {
        out.push({ field: `files.${path}`, text: `- ${brief(r)}\n+ ${brief(o)}` });
        if (r && o) continue;
        const present = r ?? o;
        if (present && present.type === 'file' && present.content !== '') {
          out.push(...textDiff(`files.${path}.content`, r?.content ?? '', o?.content ?? ''));
        }
      }
      continue;
    }
    out.push(...scalar(`files.${path}.mode`, r.mode, o.mode));
    out.push(...textDiff(`files.${path}.content`, r.content, o.content));
  }
  const scanners = Math.max(ref.scanners.length, ours.scanners.length);
  for (let i = 0; i < scanners; i++)
    out.push(...scalar(`scanners[${i}]`, ref.scanners[i] ?? null, ours.scanners[i] ?? null));
  out.push(...scalar('alive', ref.alive, ours.alive));
  out.push(...scalar('leaders', ref.leaders, ours.leaders));
  out.push(...scalar('running', ref.running, ours.running));
  out.push(
    ...textDiff('harness', ref.harness.map((h) => `${h}\n`).join(''), ours.harness.map((h) => `${h}\n`).join('')),
  );
  return out;
};
