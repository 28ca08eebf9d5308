/**
 * A unified diff (diff -u, 3 lines of context) between two texts, which is what migrate produces:
 * it replaces lines, and adds at most one block of lines (KILL_ROUTE6 after KILL_ROUTE, see
 * blockDiff).
 */
export const unifiedDiff = (oldText: string, newText: string, oldName: string, newName: string): string => {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  if (a.length !== b.length) return blockDiff(oldText, newText, oldName, newName);
  // split() gives one more piece than there are lines when the text ends in a newline
  const endsWithNewline = (t: string) => t.endsWith('\n');
  const count = endsWithNewline(oldText) || oldText === '' ? a.length - 1 : a.length;
  const changed: number[] = [];
  for (let i = 0; i < count; i++) if (a[i] !== b[i]) changed.push(i);
  if (changed.length === 0) return '';
  const CONTEXT = 3;
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const start = Math.max(0, i - CONTEXT);
    const end = Math.min(count - 1, i + CONTEXT);
    const last = hunks.at(-1);
    if (last !== undefined && start <= last[1] + 1) last[1] = end;
    else hunks.push([start, end]);
  }
  const noNewline = (text: string, i: number) =>
    i === count - 1 && !endsWithNewline(text) ? '\n\\ No newline at end of file' : '';
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  for (const [start, end] of hunks) {
    const len = end - start + 1;
    out += `@@ -${start + 1},${len} +${start + 1},${len} @@\n`;
    for (let i = start; i <= end; i++) {
      if (a[i] === b[i]) out += ` ${a[i]}${noNewline(oldText, i)}\n`;
      else out += `-${a[i]}${noNewline(oldText, i)}\n+${b[i]}${noNewline(newText, i)}\n`;
    }
  }
  return out;
};

const CONTEXT_LINES = 3;

/**
 * Texts whose line counts differ: one hunk from the first line that differs to the last, its old
 * lines then its new ones (what diff -u prints for one changed block).
 */
const blockDiff = (oldText: string, newText: string, oldName: string, newName: string): string => {
  const lines = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));
  const a = lines(oldText);
  const b = lines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const start = Math.max(0, head - CONTEXT_LINES);
  const after = Math.min(tail, CONTEXT_LINES);
  const oldEnd = a.length - tail + after;
  const newEnd = b.length - tail + after;
  const range = (from: number, to: number) =>
    to - from === 1 ? `${from + 1}` : to - from === 0 ? `${from},0` : `${from + 1},${to - from}`;
  let out = `--- ${oldName}\n+++ ${newName}\n@@ -${range(start, oldEnd)} +${range(start, newEnd)} @@\n`;
  const mark = (text: string, all: string[], i: number) =>
    i === all.length - 1 && text !== '' && !text.endsWith('\n') ? '\\ No newline at end of file\n' : '';
  for (let i = start; i < head; i++) out += ` ${a[i]}\n${mark(oldText, a, i)}`;
  for (let i = head; i < a.length - tail; i++) out += `-${a[i]}\n${mark(oldText, a, i)}`;
  for (let i = head; i < b.length - tail; i++) out += `+${b[i]}\n${mark(newText, b, i)}`;
  for (let i = a.length - tail; i < oldEnd; i++) out += ` ${a[i]}\n${mark(oldText, a, i)}`;
  return out;
};
