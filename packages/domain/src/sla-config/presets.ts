import { ALWAYS_OPEN, DUBAI_BUSINESS_HOURS } from '../sla/calendar.js';
import type { SlaPreset } from './commands.js';
import type { CalendarDefinition, CategoryDefinition, SlaPolicyDefinition } from './definitions.js';

/** What one preset creates: calendars, policies and categories by id, and the policy it offers as default. */
export interface SlaPresetContent {
  readonly calendars: Readonly<Record<string, CalendarDefinition>>;
  readonly policies: Readonly<Record<string, SlaPolicyDefinition>>;
  readonly categories: Readonly<Record<string, CategoryDefinition>>;
  readonly defaultPolicyId: string;
}

const hours = (n: number) => n * 60;

const BUSINESS_HOURS: CalendarDefinition = { name: 'Business hours (UTC+4)', calendar: DUBAI_BUSINESS_HOURS };
const AROUND_THE_CLOCK: CalendarDefinition = { name: '24/7', calendar: ALWAYS_OPEN };

const same = (firstResponseMinutes: number, nextResponseMinutes: number, resolutionMinutes: number) => {
  const targets = { firstResponseMinutes, nextResponseMinutes, resolutionMinutes };
  return { low: targets, normal: targets, high: targets, urgent: targets };
};

/**
 * The shipped presets, from the support documents (docs/policies.md#presets):
 * - `standard` (seed 003): 2 h first response, 4 h next response, 24 h resolution in business
 *   hours (weekdays 08:00-20:00, weekends 10:00-18:00, UTC+4), 80 % goal;
 * - `premium` (seed 000): 24/7, first response urgent 15 min, high 30 min, normal 2 h (low 4 h);
 *   next response twice the first, capped at the 2 h update promise for urgent; resolution
 *   urgent 4 h, high 8 h, normal 24 h, low 48 h; a critical incident's callback within 10 minutes;
 * - `categories` (seed 004): business hours beside 24/7 emergency support (urgent tickets count
 *   24/7), first response by priority (normal 4 h, high 2 h, urgent 1 h, low 6 h) and by category
 *   (outage 1 h, bug 2 h, billing 4 h, account and general 6 h), escalation after 6 business hours.
 */
export const SLA_PRESETS: Readonly<Record<SlaPreset, SlaPresetContent>> = {
  standard: {
    calendars: { 'business-hours': BUSINESS_HOURS },
    policies: {
      standard: {
        name: 'Standard',
        calendarId: 'business-hours',
        targets: same(hours(2), hours(4), hours(24)),
        categoryTargets: {},
        warnAtFraction: 0.8,
        complianceGoal: 0.8,
      },
    },
    categories: {},
    defaultPolicyId: 'standard',
  },
  premium: {
    calendars: { '24-7': AROUND_THE_CLOCK },
    policies: {
      premium: {
        name: 'Premium 24/7',
        calendarId: '24-7',
        targets: {
          urgent: { firstResponseMinutes: 15, nextResponseMinutes: 30, resolutionMinutes: hours(4) },
          high: { firstResponseMinutes: 30, nextResponseMinutes: hours(1), resolutionMinutes: hours(8) },
          normal: { firstResponseMinutes: hours(2), nextResponseMinutes: hours(4), resolutionMinutes: hours(24) },
          low: { firstResponseMinutes: hours(4), nextResponseMinutes: hours(8), resolutionMinutes: hours(48) },
        },
        categoryTargets: {},
        warnAtFraction: 0.8,
        callbackTargetMinutes: 10,
      },
    },
    categories: {},
    defaultPolicyId: 'premium',
  },
  categories: {
    calendars: { 'business-hours': BUSINESS_HOURS, '24-7': AROUND_THE_CLOCK },
    policies: {
      'support-categories': {
        name: 'Support categories',
        calendarId: 'business-hours',
        calendarByPriority: { urgent: '24-7' },
        targets: {
          low: { firstResponseMinutes: hours(6), nextResponseMinutes: hours(4), resolutionMinutes: hours(24) },
          normal: { firstResponseMinutes: hours(4), nextResponseMinutes: hours(4), resolutionMinutes: hours(24) },
          high: { firstResponseMinutes: hours(2), nextResponseMinutes: hours(4), resolutionMinutes: hours(24) },
          urgent: { firstResponseMinutes: hours(1), nextResponseMinutes: hours(2), resolutionMinutes: hours(24) },
        },
        categoryTargets: {
          outage: { firstResponseMinutes: hours(1) },
          bug: { firstResponseMinutes: hours(2) },
          billing: { firstResponseMinutes: hours(4) },
          account: { firstResponseMinutes: hours(6) },
          general: { firstResponseMinutes: hours(6) },
        },
        warnAtFraction: 0.8,
        escalationThresholdMinutes: hours(6),
      },
    },
    categories: {
      technical: { name: 'Technical', parentId: null, slaPolicyId: 'support-categories', requiredSkill: 'technical' },
      outage: { name: 'Outage', parentId: 'technical', defaultPriority: 'urgent' },
      bug: { name: 'Bug', parentId: 'technical', defaultPriority: 'high' },
      billing: { name: 'Billing', parentId: null, slaPolicyId: 'support-categories', requiredSkill: 'billing' },
      account: { name: 'Account', parentId: null, slaPolicyId: 'support-categories', requiredSkill: 'account' },
      general: { name: 'General', parentId: null, slaPolicyId: 'support-categories', defaultPriority: 'normal' },
    },
    defaultPolicyId: 'support-categories',
  },
};
