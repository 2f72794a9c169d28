import { type ChatMetricsGroup, share } from '@support-engine/projections';
import { describe, expect, it } from 'vitest';
import { CHAT_CSV_HEADER, chatMetricsCsv } from './chat-metrics-csv.js';

const group = (chats: number): ChatMetricsGroup => ({
  chats,
  waitTime: { count: chats, averageMs: 60_000, medianMs: 60_000 },
  duration: { count: 0, averageMs: null, medianMs: null },
  abandonment: share(0, 0),
  conversion: share(1, chats),
  csat: { count: 0, average: null },
});

const report = {
  from: new Date('2025-03-01T00:00:00Z'),
  to: new Date('2025-03-02T00:00:00Z'),
  overall: group(3),
  byAgent: { 'agent-b': group(2), unassigned: group(1) },
  byCategory: { '@billing': group(3) },
  utilisation: [
    { agentId: 'agent-b', availableMs: 3_600_000, busyMs: 1_800_000, rate: 0.5 },
    { agentId: 'agent-a', availableMs: 600_000, busyMs: 0, rate: 0 },
  ],
};

const rows = (lines: Iterable<string>) =>
  [...lines].slice(1).map((line) =>
    Object.fromEntries(
      line
        .trimEnd()
        .split(',')
        .map((cell, i) => [CHAT_CSV_HEADER[i], cell]),
    ),
  );

describe('the chat metrics CSV', () => {
  it('gives every agent a row: figures for chats held, utilisation for time at work, empty cells for neither', () => {
    const agents = rows(chatMetricsCsv(report, ['agent']));
    expect(agents.map((row) => [row.key, row.chats, row.converted_rate, row.busy_ms, row.utilisation_rate])).toEqual([
      ['agent-a', '', '', '0', '0'],
      ['agent-b', '2', '0.5', '1800000', '0.5'],
      ['unassigned', '1', '1', '', ''],
    ]);
  });

  it('writes the groupings in the order asked, a name a spreadsheet would run as text', () => {
    const lines = [...chatMetricsCsv(report, ['category', 'overall'])];
    expect(lines[0]).toBe(`${CHAT_CSV_HEADER.join(',')}\r\n`);
    expect(
      rows(lines).map((row) => [row.grouping, row.key, row.chats, row.wait_median_ms, row.duration_average_ms]),
    ).toEqual([
      ['category', "'@billing", '3', '60000', ''],
      ['overall', '', '3', '60000', ''],
    ]);
  });
});
