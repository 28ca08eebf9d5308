/**
 * A unified diff (diff -u, 3 lines of context) between two texts with the same number of lines,
 * which is what migrate produces: it replaces lines, it never adds or removes one.
 */
export const unifiedDiff = (oldText: string, newText: string, oldName: string, newName: string): string => {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  if (a.length !== b.length)
    throw new Error(`unifiedDiff: expected texts with the same number of lines, found ${a.length} and ${b.length}`);
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
