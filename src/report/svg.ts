/**
 * The report's charts as inline SVG (no script, no fetch): a column chart and a horizontal bar
 * chart. Labels are escaped by the caller's `escape`; numbers are drawn as text too.
 */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Bar {
  label: string;
  value: number;
}

const WIDTH = 900;

/** columns, one per row (days, months or years), the largest reaching the top */
export const columnChart = (bars: Bar[], title: string): string => {
  const height = 220;
  const base = height - 30;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = bars.length === 0 ? WIDTH : (WIDTH - 60) / bars.length;
  const labelEvery = Math.max(1, Math.ceil(bars.length / 12));
  const parts = bars.map((b, i) => {
    const h = Math.round((b.value / max) * (base - 20));
    const x = 50 + i * step;
    const label =
      i % labelEvery === 0
        ? `<text x="${(x + step / 2).toFixed(1)}" y="${height - 12}" class="axis" text-anchor="middle">${escapeHtml(b.label)}</text>`
        : '';
    return `<rect x="${x.toFixed(1)}" y="${base - h}" width="${Math.max(0.5, step - 1).toFixed(1)}" height="${h}" class="bar"><title>${escapeHtml(b.label)}: ${b.value}</title></rect>${label}`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<line x1="48" y1="${base}" x2="${WIDTH - 10}" y2="${base}" class="line"/>`,
    `<text x="44" y="24" class="axis" text-anchor="end">${max}</text><text x="44" y="${base}" class="axis" text-anchor="end">0</text>`,
    ...parts,
    '</svg>',
  ].join('');
};

/** one horizontal bar per row, with its label left and its value right */
export const barChart = (bars: Bar[], title: string): string => {
  const row = 22;
  const height = Math.max(1, bars.length) * row + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const room = WIDTH - 260;
  const parts = bars.map((b, i) => {
    const y = 4 + i * row;
    const w = Math.max(b.value > 0 ? 1 : 0, Math.round((b.value / max) * room));
    return (
      `<text x="150" y="${y + 15}" class="axis" text-anchor="end">${escapeHtml(b.label)}</text>` +
      `<rect x="160" y="${y + 3}" width="${w}" height="${row - 6}" class="bar"><title>${escapeHtml(b.label)}: ${b.value}</title></rect>` +
      `<text x="${166 + w}" y="${y + 15}" class="axis">${b.value}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}">${parts.join('')}</svg>`;
};
