import { MAX_TIER, slaCompliance } from '@support-engine/domain/ticket';
import { type MetricsGroup, share, type TicketMetrics } from '@support-engine/projections';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, ticketMetricsCsv } from './metrics-csv.js';

const group = (tickets: number, goal: number | null = null): MetricsGroup => {
  const compliance = slaCompliance(3, 1, goal);
  return {
    tickets,
    firstResponse: { count: tickets, averageMs: 1_500, medianMs: 1_000 },
    resolution: { count: 2, averageMs: null, medianMs: null },
    slaCompliance: { first_response: compliance, next_response: compliance, resolution: compliance },
    resolutionDistribution: { under1h: 1, from1hTo4h: 1, from4hTo24h: 0, over24h: 0 },
    csat: { count: 0, average: null },
    firstContactResolution: share(1, 2),
    reopens: share(0, 2),
    escalation: share(1, tickets),
    escalationByTier: Array.from({ length: MAX_TIER }, (_, i) => ({ tier: i + 1, ...share(0, 0) })),
  };
};

const report: TicketMetrics = {
  from: new Date('2025-03-01T00:00:00Z'),
  to: new Date('2025-04-01T00:00:00Z'),
  overall: group(4),
  byAgent: { 'agent-b': group(1), 'agent-a': group(3) },
  byChannel: { email: group(4) },
  byPriority: {},
  byCategory: {},
  byTier: {},
  byTag: { '=cmd|x': group(2), 'a,b': group(2) },
  byPolicy: { premium: group(1, 0.9), standard: group(3, 0.75) },
};

describe('the ticket metrics CSV', () => {
  it('writes the header, then one row per group of each grouping asked for, keys in order', () => {
    const lines = [...ticketMetricsCsv(report, ['overall', 'agent', 'tag'])];
    expect(lines[0]).toBe(`${CSV_HEADER.join(',')}\r\n`);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      'overall,',
      'agent,agent-a',
      'agent,agent-b',
      "tag,'=cmd|x",
      'tag,"a',
    ]);
    for (const line of lines) expect(line.endsWith('\r\n')).toBe(true);
  });

  it('gives every row a cell per column, empty where a figure is null', () => {
    const [header, overall] = [...ticketMetricsCsv(report, ['overall'])];
    const names = header!.trim().split(',');
    const cells = overall!.trim().split(',');
    expect(cells).toHaveLength(names.length);
    const cell = (name: string) => cells[names.indexOf(name)];
    expect(cell('tickets')).toBe('4');
    expect(cell('resolution_average_ms')).toBe('');
    expect(cell('sla_first_response_rate')).toBe('0.75');
    expect(cell('first_contact_resolution_rate')).toBe('0.5');
    expect(cell(`tier_${MAX_TIER}_escalated_rate`)).toBe('');
  });

  it("holds each policy's rows to its goal, and leaves the goal empty where a group has none", () => {
    const [header, ...rows] = [...ticketMetricsCsv(report, ['overall', 'policy'])];
    const names = header!.trim().split(',');
    const cell = (row: string, name: string) => row.trim().split(',')[names.indexOf(name)];
    expect(
      rows.map((row) => [cell(row, 'key'), cell(row, 'sla_resolution_goal'), cell(row, 'sla_resolution_meets_goal')]),
    ).toEqual([
      ['', '', ''],
      ['premium', '0.9', 'false'],
      ['standard', '0.75', 'true'],
    ]);
  });

  it('writes only the header for an empty breakdown', () => {
    expect([...ticketMetricsCsv(report, ['priority'])]).toHaveLength(1);
  });
});
