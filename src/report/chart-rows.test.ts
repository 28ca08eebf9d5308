import { describe, expect, it } from 'vitest';
import { chartRows } from './chart-rows.js';

const days = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    date: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
    tcp: 1,
    udp: i % 2,
  }));

describe('chartRows, the rows of the terminal chart', () => {
  it('is one row per day up to 62 days', () => {
    const r = chartRows(days('2026-01-01', 62));
    expect([r.unit, r.rows.length, r.rows[1]]).toEqual(['day', 62, { label: '2026-01-02', value: 2 }]);
  });

  it('groups by month past 62 days, and by year past 62 months', () => {
    const months = chartRows(days('2026-01-01', 63));
    expect(months).toEqual({
      unit: 'month',
      rows: [
        { label: '2026-01', value: 31 + 15 },
        { label: '2026-02', value: 28 + 14 },
        { label: '2026-03', value: 4 + 2 },
      ],
    });
    const years = chartRows(days('2020-01-01', 366 * 6));
    expect([years.unit, years.rows.map((x) => x.label)]).toEqual([
      'year',
      ['2020', '2021', '2022', '2023', '2024', '2025', '2026'],
    ]);
  });
});
