import { somethingAt } from '../system/file-chunks.js';

/** One file of the history: the current one or one logrotate left. */
interface Generation {
  path: string;
  /** read through gunzip (".gz") */
  compressed: boolean;
}

/** logrotate keeps `rotate N` generations; nobody keeps a thousand */
const MAX_GENERATION = 1000;
/** a number missing here and there (a generation deleted by hand) does not end the search; three in a row do */
const MISSING_IN_A_ROW = 3;

/**
 * The history file and the generations logrotate left beside it, oldest first: FILE.N.gz ... FILE.2.gz,
 * FILE.1, FILE. Debian's rule (templates/logrotate.hbs: compress + delaycompress) leaves FILE.1 plain
 * and the older ones compressed; with nocompress they are all plain (FILE.N), and both are looked for
 * at each number. `exists` is the probe (the file system's by default).
 */
export const findGenerations = (base: string, exists: (path: string) => boolean = somethingAt): Generation[] => {
  const rotated: Generation[] = [];
  let missing = 0;
  for (let n = 1; n <= MAX_GENERATION && missing < MISSING_IN_A_ROW; n++) {
    const found = [
      { path: `${base}.${n}`, compressed: false },
      { path: `${base}.${n}.gz`, compressed: true },
    ].filter((g) => exists(g.path));
    missing = found.length === 0 ? missing + 1 : 0;
    // newest first here (reversed below); at one number the compressed one is taken as the older
    rotated.push(...found);
  }
  const current = exists(base) ? [{ path: base, compressed: false }] : [];
  return [...rotated.reverse(), ...current];
};
