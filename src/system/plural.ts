/** "1 host", "2 hosts": a count with its noun. */
export const plural = (n: number, word: string, words = `${word}s`): string => `${n} ${pluralWord(n, word, words)}`;

/** The noun alone, as a count of `n` takes it: "line" or "lines". */
export const pluralWord = (n: number, word: string, words = `${word}s`): string => (n === 1 ? word : words);
