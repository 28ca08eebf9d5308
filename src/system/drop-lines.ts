/**
 * `content` without the lines `drop` picks; every other byte stays as it was, and text after the
 * last newline (a final line without one) stays without one. Returns the new text and the dropped
 * lines, in order, without their newlines.
 */
export const dropLines = (content: string, drop: (line: string) => boolean): { text: string; removed: string[] } => {
  const pieces = content.split('\n');
  const last = pieces.pop()!; // text after the last newline ('' when the file ends in one)
  const removed: string[] = [];
  let text = '';
  for (const line of pieces) {
    if (drop(line)) removed.push(line);
    else text += `${line}\n`;
  }
  if (last !== '') {
    if (drop(last)) removed.push(last);
    else text += last;
  }
  return { text, removed };
};
