import { describe, expect, it } from 'vitest';
import { splitShellLine } from './shell-words.js';

describe('splitShellLine', () => {
  it('splits commands at && and | and removes the quotes of quoted words', () => {
    expect(splitShellLine("/bin/echo 'block in log on eth0 from $TARGET$/32 to any' | /sbin/ipf -f -")).toEqual({
      ok: true,
      pieces: [
        { kind: 'command', words: ['/bin/echo', 'block in log on eth0 from $TARGET$/32 to any'] },
        { kind: 'operator', op: '|' },
        { kind: 'command', words: ['/sbin/ipf', '-f', '-'] },
      ],
    });
    expect(splitShellLine('a  b\\ c&&d;e')).toEqual({
      ok: true,
      pieces: [
        { kind: 'command', words: ['a', 'b c'] },
        { kind: 'operator', op: '&&' },
        { kind: 'command', words: ['d'] },
        { kind: 'operator', op: ';' },
        { kind: 'command', words: ['e'] },
      ],
    });
  });

  it('names the shell syntax it does not interpret, with its column', () => {
    expect(splitShellLine("echo 'x")).toEqual({ ok: false, why: "an unterminated ' quote at column 6" });
    expect(splitShellLine('a $(b)')).toEqual({ ok: false, why: 'a command substitution at column 3' });
    expect(splitShellLine('a `b`')).toEqual({ ok: false, why: 'a command substitution at column 3' });
    expect(splitShellLine('a 2>/dev/null')).toEqual({ ok: false, why: 'a redirection at column 4' });
    expect(splitShellLine('a &')).toEqual({ ok: false, why: "a background '&' at column 3" });
    expect(splitShellLine('&& a')).toEqual({ ok: false, why: "'&&' without a command before it at column 1" });
    expect(splitShellLine('a &&')).toEqual({ ok: false, why: "nothing after the last '&&'" });
    expect(splitShellLine('  ')).toEqual({ ok: false, why: 'an empty command' });
  });
});
