import { describe, expect, it } from 'vitest';
import { timeZoneChoices } from './time-zones';

describe('timeZoneChoices', () => {
  it("offers the runtime's zones and UTC, sorted, each once", () => {
    const zones = timeZoneChoices(null);
    expect(zones).toContain('Europe/Paris');
    expect(zones).toContain('America/Toronto');
    expect(zones).toContain('UTC');
    expect(new Set(zones).size).toBe(zones.length);
    expect([...zones].sort()).toEqual(zones);
  });

  it("adds the customer's zone on file when the list names it otherwise", () => {
    expect(timeZoneChoices('Asia/Kolkata')).toContain('Asia/Kolkata');
    expect(timeZoneChoices('Europe/Paris')).toEqual(timeZoneChoices(null));
  });
});
