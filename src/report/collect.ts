import { closeSync } from 'node:fs';
import { fileChunks, openRegular } from '../system/file-chunks.js';
import { HistoryAggregate } from './aggregate.js';
import { findGenerations } from './generations.js';
import { readHistoryConfig } from './history-config.js';
import { LineSplitter } from './line-splitter.js';
import type { ReportData } from './report-data.js';

interface ReportOptions {
  configPath: string;
  /** --since: its text and length in milliseconds, or null for the whole history */
  since: { text: string; ms: number } | null;
  top: number;
  /** the report's time, ms since the epoch */
  now: number;
  /** told as bytes are read: done and total (bytes of the files, compressed ones as stored) */
  progress?: (done: number, total: number) => void;
}

/**
 * Reads the config's history file and the generations logrotate left, oldest first, streaming:
 * memory does not grow with the files (src/report/aggregate.ts). Every file is opened before any is
 * read, so a file that cannot be opened fails the report at once ("FILE: why"); a compressed file
 * found damaged part-way is reported in its figures (`error`) and the others are read.
 */
export const collectReport = async (options: ReportOptions): Promise<ReportData> => {
  const config = readHistoryConfig(options.configPath);
  const generations = findGenerations(config.historyFile);
  if (generations.length === 0)
    throw new Error(
      `${config.historyFile}: no history file (HISTORY_FILE of ${config.configPath}), and no generation of it (${config.historyFile}.1, ${config.historyFile}.2.gz ...)`,
    );
  const opened = generations.map((g) => {
    const o = openRegular(g.path);
    return { ...g, opened: o };
  });
  const failed = opened.find((g) => !g.opened.ok);
  if (failed !== undefined) {
    for (const g of opened) if (g.opened.ok) closeSync(g.opened.fd);
    const why = failed.opened.ok ? '' : failed.opened.why;
    throw new Error(`${failed.path}: cannot read the history file: ${why}`);
  }
  const total = opened.reduce((n, g) => n + (g.opened.ok ? g.opened.size : 0), 0);
  let done = 0;
  const fromEpoch = options.since === null ? null : Math.floor((options.now - options.since.ms) / 1000);
  const aggregate = new HistoryAggregate({ fromEpoch, nowEpoch: Math.floor(options.now / 1000), top: options.top });

  for (const g of opened) {
    if (!g.opened.ok) continue;
    const figures = aggregate.startFile(g.path, g.compressed);
    const splitter = new LineSplitter((line) => aggregate.line(line, figures));
    try {
      for await (const chunk of fileChunks(g.opened.fd, g.compressed, (n) => {
        figures.bytes += n;
        done += n;
        options.progress?.(done, total);
      }))
        splitter.push(chunk);
    } catch (err) {
      figures.error = (err as Error).message;
    }
    splitter.end();
  }
  return aggregate.result({
    config: config.configPath,
    historyFile: config.historyFile,
    blockingNow: config.blockingNow,
    since: options.since === null || fromEpoch === null ? null : { text: options.since.text, fromEpoch },
    generatedEpoch: Math.floor(options.now / 1000),
  });
};
