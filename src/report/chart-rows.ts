import type { DayFigures } from './report-data.js';

/** at most this many rows in the chart: days, else months, else years */
const MAX_ROWS = 62;

/** the chart's rows: days, or months, or years, so that there are at most MAX_ROWS */
export const chartRows = (
  days: DayFigures[],
): { unit: 'day' | 'month' | 'year'; rows: { label: string; value: number }[] } => {
  const by = (cut: number): { label: string; value: number }[] => {
    const rows: { label: string; value: number }[] = [];
    for (const d of days) {
      const label = d.date.slice(0, cut);
      const last = rows.at(-1);
      if (last !== undefined && last.label === label) last.value += d.tcp + d.udp;
      else rows.push({ label, value: d.tcp + d.udp });
    }
    return rows;
  };
  const perDay = by(10);
  if (perDay.length <= MAX_ROWS) return { unit: 'day', rows: perDay };
  const perMonth = by(7);
  if (perMonth.length <= MAX_ROWS) return { unit: 'month', rows: perMonth };
  return { unit: 'year', rows: by(4) };
};
