import { describe, expect, it } from 'vitest';
import { renderHtml } from './html.js';
import type { ReportData } from './report-data.js';

const seen = { epoch: 1767340800, when: '01/02/2026 08:00:00' };
const data: ReportData = {
  config: '/etc/portsentry/portsentry.conf',
  historyFile: '/var/lib/portsentry/portsentry.history',
  files: [{ path: '/var/lib/portsentry/portsentry.history', compressed: false, bytes: 100, lines: 2, error: null }],
  blockingNow: { BLOCK_TCP: 1, BLOCK_UDP: 0 },
  since: null,
  generatedEpoch: 1767657600,
  lines: {
    read: 2,
    history: 1,
    beforePeriod: 0,
    unreadable: {
      count: 1,
      first: { file: '/var/lib/portsentry/portsentry.history', line: 2, text: '<script>alert(1)</script>' },
      byReason: { 'portsentry-2': 0, binary: 0, 'too-long': 0, torn: 0, other: 1 },
    },
    outOfOrder: { count: 0, first: null },
  },
  blocks: { total: 1, tcp: 1, udp: 0, first: seen, last: seen },
  days: [{ date: '2026-01-02', tcp: 1, udp: 0 }],
  daysNotListed: 0,
  sources: {
    distinct: 1,
    exact: true,
    kept: 10000,
    top: [
      {
        address: '127.0.0.2',
        name: '"><img src=x onerror=alert(1)>\x07',
        count: 1,
        countError: 0,
        first: seen,
        last: seen,
        ports: ['80/TCP'],
        morePorts: false,
      },
    ],
  },
  ports: { distinct: 1, top: [{ proto: 'TCP', port: 80, count: 1 }] },
};

describe('renderHtml, the --html page', () => {
  it('escapes what came from the history and shows control bytes as \\xHH', () => {
    const html = renderHtml(data);
    expect(html).toContain(
      '<td data-json-printable="sources.top.0.name">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\\x07</td>',
    );
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<img/);
  });

  it('forbids every fetch and tags each figure with its --json field', () => {
    const html = renderHtml(data);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).toContain('<span data-json="blocks.total">1</span>');
    expect(html).toContain('<td class="n" data-json="ports.top.0.count">1</td>');
  });
});
