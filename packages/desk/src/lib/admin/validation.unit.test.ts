import { describe, expect, it } from 'vitest';
import { isWebAddress, languagesProblem, listOf, listProblem, periodOf, wholeNumberProblem } from './validation.ts';

describe("the admins' form checks", () => {
  it('take whole numbers within their range only', () => {
    expect(wholeNumberProblem('5', 1, 20)).toBeNull();
    expect(wholeNumberProblem(' 20 ', 1, 20)).toBeNull();
    expect(wholeNumberProblem('0', 1, 20)).toBe('admin.invalid.range');
    expect(wholeNumberProblem('21', 1, 20)).toBe('admin.invalid.range');
    expect(wholeNumberProblem('2.5', 1, 20)).toBe('admin.invalid.wholeNumber');
    expect(wholeNumberProblem('-1', 1, 20)).toBe('admin.invalid.wholeNumber');
    expect(wholeNumberProblem('', 1, 20)).toBe('admin.invalid.wholeNumber');
  });

  it('read comma-separated lists trimmed, without empties or repeats', () => {
    expect(listOf(' billing, technical,,billing , ')).toEqual(['billing', 'technical']);
    expect(listOf('')).toEqual([]);
    expect(listProblem(['a'.repeat(100)], 100)).toBeNull();
    expect(listProblem(['a'.repeat(101)], 100)).toBe('admin.invalid.itemTooLong');
    expect(languagesProblem(['en', 'fr-CA'])).toBeNull();
    expect(languagesProblem(['English'])).toBe('admin.invalid.language');
  });

  it('make a period of whole UTC days, the last one included', () => {
    expect(periodOf('2026-11-01', '2026-11-30')).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
    expect(periodOf('2026-11-02', '2026-11-02')).toEqual({
      from: '2026-11-02T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
    });
    expect(periodOf('2026-11-30', '2026-11-01')).toBe('admin.invalid.periodOrder');
    expect(periodOf('', '2026-11-01')).toBe('admin.invalid.date');
  });

  it('take http and https addresses only', () => {
    expect(isWebAddress('https://crm.example.com/hooks')).toBe(true);
    expect(isWebAddress('http://127.0.0.1:8080/x')).toBe(true);
    expect(isWebAddress('ftp://example.com')).toBe(false);
    expect(isWebAddress('example.com')).toBe(false);
  });
});
