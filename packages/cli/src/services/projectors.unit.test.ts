import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../config.js';
import { projectionsOptionsOf } from './projectors.js';

const DATABASE_URL = 'postgres://u:p@localhost:5432/db';

describe('projection settings', () => {
  it("hand the deployment's notification texts to the tickets projection, which writes the customer inbox", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'texts-')), 'templates.json');
    const texts = { en: { 'ticket.resolved': { title: 'All done', body: '{subject} is sorted.' } } };
    writeFileSync(file, JSON.stringify(texts));
    const config = loadRuntimeConfig({
      DATABASE_URL: 'postgres://u:p@localhost:5432/db',
      NOTIFICATION_TEMPLATES_FILE: file,
    });
    expect(projectionsOptionsOf(config).tickets?.templates).toEqual(texts);
    expect(projectionsOptionsOf(loadRuntimeConfig({ DATABASE_URL })).tickets?.templates).toBeUndefined();
  });

  it('hand the SLA policy the workflows run with to the tickets projection, so ticket.sla agrees with the timers', () => {
    const premium = projectionsOptionsOf(loadRuntimeConfig({ DATABASE_URL, SLA_POLICY: 'premium' })).tickets?.slaPolicy;
    expect(premium?.name).toBe('Premium 24/7');
    expect(premium?.targets.urgent.firstResponseMinutes).toBe(15);
    expect(projectionsOptionsOf(loadRuntimeConfig({ DATABASE_URL })).tickets?.slaPolicy?.name).toBe('Standard');
  });

  it('tell the chats projection how chats reach agents, which the queue’s wait estimate depends on', () => {
    const manual = loadRuntimeConfig({ DATABASE_URL, ROUTING_MODE: 'manual' });
    expect(projectionsOptionsOf(manual).chats?.pickUp).toBe('manual');
    expect(projectionsOptionsOf(loadRuntimeConfig({ DATABASE_URL })).chats?.pickUp).toBe('routed');
  });
});
