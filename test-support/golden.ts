/**
 * Golden files: an output compared byte for byte with a file kept in the repository. A missing
 * golden file is a failure, never written behind the test's back; every golden file is written
 * again, on purpose, by one command:
 *
 *   UPDATE_GOLDEN=1 npx vitest run src/render/golden.test.ts src/lint/corpus.test.ts
 *
 * (then review the diff with git diff before committing it).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { expect } from 'vitest';

/** UPDATE_GOLDEN=1: write the golden files instead of comparing with them */
const UPDATING_GOLDEN = process.env.UPDATE_GOLDEN === '1';

const REPO = new URL('..', import.meta.url).pathname;

/** the command that writes the golden files of `testFile` again */
const regenerateCommand = (testFile: string): string => `UPDATE_GOLDEN=1 npx vitest run ${relative(REPO, testFile)}`;

/**
 * Expects `actual` to be the content of the golden file `path` (read as `encoding`); with
 * UPDATE_GOLDEN=1, writes it there instead. `testFile` is the test's own path, for the message.
 */
export const expectGolden = (
  path: string,
  actual: string,
  testFile: string,
  encoding: BufferEncoding = 'utf8',
): void => {
  const name = relative(REPO, path);
  if (UPDATING_GOLDEN) {
    writeFileSync(path, actual, encoding);
    return;
  }
  if (!existsSync(path)) {
    expect.fail(
      `golden file ${name} is missing: write it with ${regenerateCommand(testFile)}, and review it before committing it`,
    );
  }
  expect(actual, `${name} differs: if the change is intended, ${regenerateCommand(testFile)}`).toBe(
    readFileSync(path, encoding),
  );
};

/**
 * Expects the golden files `present` (names in a directory) to be exactly `wanted`; with
 * UPDATE_GOLDEN=1, deletes those no longer wanted (the wanted ones are written by expectGolden).
 */
export const expectGoldenSet = (dir: string, present: string[], wanted: string[], testFile: string): void => {
  if (UPDATING_GOLDEN) {
    for (const name of present.filter((n) => !wanted.includes(n))) rmSync(`${dir}/${name}`);
    return;
  }
  expect([...present].sort(), `the golden files of ${relative(REPO, dir)}: ${regenerateCommand(testFile)}`).toEqual(
    [...wanted].sort(),
  );
};
