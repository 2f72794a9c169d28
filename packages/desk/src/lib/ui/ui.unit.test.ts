import { describe, expect, it } from 'vitest';
import { fieldControl, hintId, problemId } from './field.ts';
import { labelOf, matchingOptions } from './options.ts';
import { priorityTone, statusTone } from './tone.ts';

describe('a field’s control', () => {
  it('is described by nothing, and valid, with neither hint nor problem', () => {
    expect(fieldControl('agent-tier', {})).toEqual({ id: 'agent-tier' });
  });

  it('is described by its hint and its problem, in that order, and invalid while there is a problem', () => {
    expect(fieldControl('agent-tier', { hint: 'From 1 to 3', problem: 'Too high' })).toEqual({
      id: 'agent-tier',
      'aria-describedby': 'agent-tier-hint agent-tier-problem',
      'aria-invalid': 'true',
    });
    expect(fieldControl('x', { hint: 'h', problem: null })).toEqual({ id: 'x', 'aria-describedby': 'x-hint' });
  });

  it('names the hint and the problem after the control (the admin forms point at {id}-problem)', () => {
    expect(hintId('a')).toBe('a-hint');
    expect(problemId('a')).toBe('a-problem');
  });
});

describe('a combobox’s options', () => {
  const agents = [
    { value: '', label: 'Nobody' },
    { value: 'agent-ada', label: 'Ada Lovelace (tier 1)' },
    { value: 'agent-eloise', label: 'Éloïse Martin (tier 2)' },
    { value: 'agent-linus', label: 'Linus Torvalds (tier 2)' },
  ];
  const values = (search: string) => matchingOptions(agents, search).map((option) => option.value);

  it('are all shown, in order, for an empty search', () => {
    expect(values('')).toEqual(['', 'agent-ada', 'agent-eloise', 'agent-linus']);
    expect(values('   ')).toHaveLength(4);
  });

  it('are those holding every word typed, in any order and case, accents ignored', () => {
    expect(values('ada')).toEqual(['agent-ada']);
    expect(values('TIER 2')).toEqual(['agent-eloise', 'agent-linus']);
    expect(values('2 linus')).toEqual(['agent-linus']);
    expect(values('eloise')).toEqual(['agent-eloise']);
    expect(values('ada 2')).toEqual([]);
  });

  it('give the label of a value, or nothing for one not listed', () => {
    expect(labelOf(agents, 'agent-linus')).toBe('Linus Torvalds (tier 2)');
    expect(labelOf(agents, '')).toBe('Nobody');
    expect(labelOf(agents, 'agent-gone')).toBe('');
  });
});

describe('tones', () => {
  it('tell open, waiting and resolved tickets apart, and unknown statuses are neutral', () => {
    expect(statusTone('new')).toBe('info');
    expect(statusTone('waiting_customer')).toBe('warning');
    expect(statusTone('resolved')).toBe('success');
    expect(statusTone('closed')).toBe('neutral');
    expect(statusTone('archived')).toBe('neutral');
  });

  it('draw high and urgent priorities apart from the others', () => {
    expect(priorityTone('urgent')).toBe('danger');
    expect(priorityTone('high')).toBe('warning');
    expect(priorityTone('normal')).toBe('neutral');
    expect(priorityTone('low')).toBe('neutral');
  });
});
