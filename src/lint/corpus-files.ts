import { lintCorpusDir } from '../system/package-paths.js';

/**
 * The configs of the lint corpus (src/lint/corpus/README.md says where each comes from): golden
 * outputs, the --effective agreement tests and the compat-tests lint-effective scenarios use them.
 */
export const CORPUS_CONFIGS = [
  'upstream-1.2.conf',
  'debian-1.2-14.conf',
  'tutorial-aldarias.conf',
  'tutorial-ocr.conf',
  'broken-syntax.conf',
  'broken-ports.conf',
  'broken-responses.conf',
  'broken-legacy.conf',
  'broken-mandatory.conf',
  'broken-crlf.conf',
] as const;

/** src/lint/corpus, also from dist/src/lint (the corpus is not compiled) */
export const corpusDir = (): string => lintCorpusDir();
