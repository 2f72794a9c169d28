import { planKey } from '../shared/plan.js';
import type { TicketPriority } from '../shared/values.js';
import type { BusinessCalendar } from '../sla/calendar.js';
import type { SlaPolicy, SlaTargets } from '../sla/policy.js';
import type { TicketTimings } from '../ticket/timings.js';
import type { CategoryDefinition, SlaPolicyDefinition } from './definitions.js';
import type { SlaConfiguration, Versioned } from './state.js';

/**
 * The SLA terms that govern one ticket, resolved from the configuration: the policy (calendars
 * inlined, the category's targets and escalation threshold applied), the timings it overrides,
 * and a `key` that changes exactly when these terms do. A ticket records them
 * (`TicketSlaPolicyApplied`), so its workflow, the read models and an auditor all read the same.
 */
export interface GoverningSla {
  /** The policy's id and version; null when no configured policy applies (the bootstrap policy does). */
  readonly policyId: string | null;
  readonly policyVersion: number | null;
  readonly policy: SlaPolicy | null;
  /** The delays the policy or the deployment's configuration set; the rest are the deployment's defaults. */
  readonly timings: Partial<TicketTimings>;
  /** The skill the router requires of the ticket's agent: the nearest category's that names one. */
  readonly requiredSkill: string | null;
  readonly key: string;
}

/** At most this many ancestors are followed: a tree deeper than this is refused when saved. */
export const MAX_CATEGORY_DEPTH = 10;

/**
 * The terms that govern a ticket in `category` (or none) for a customer on `plan` (or none): the
 * policy the plan names, else that of the category or of its nearest ancestor that names one, else
 * the default policy (an entitlement bought is kept whatever the ticket is about; the category
 * still narrows the plan's policy by its targets and threshold); the category's (or nearest
 * ancestor's) escalation threshold over the policy's; the policy's targets for the category,
 * merged from the root of its tree down (for a category the tree does not know, its own); the
 * configured timings, the policy's over the deployment's; the nearest category's required skill. Null when the configuration sets nothing at all, so a deployment that never
 * configured SLAs keeps its bootstrap policy without recording anything on its tickets.
 */
export function governingSla(
  config: SlaConfiguration,
  category: string | null,
  plan: string | null = null,
): GoverningSla | null {
  const chain = categoryChain(config, category);
  const planned = plan === null ? undefined : config.planPolicies[planKey(plan)]?.policyId;
  const chosen = [planned, ...chain.map((c) => c.definition.slaPolicyId), config.defaultPolicyId]
    .map((id) => (id === undefined || id === null ? undefined : config.policies[id]))
    .find((policy) => policy !== undefined && config.calendars[policy.definition.calendarId] !== undefined);
  const policy = chosen === undefined ? null : effectivePolicy(config, chosen, category, chain);
  const timings = { ...config.timings?.definition, ...chosen?.definition.timings };
  const requiredSkill = categoryRequiredSkill(config, category);
  if (policy === null && Object.keys(timings).length === 0 && requiredSkill === null) return null;
  return {
    policyId: chosen?.id ?? null,
    policyVersion: chosen?.version ?? null,
    policy,
    timings,
    requiredSkill,
    // Without a required skill the key is what it was before skills were recorded, so tickets
    // whose terms did not change are not re-planned.
    key: termsKey({ policy, timings, requiredSkill: requiredSkill ?? undefined }),
  };
}

/** No configured terms: the bootstrap policy and the deployment's delays govern. */
export const NO_SLA_TERMS: GoverningSla = {
  policyId: null,
  policyVersion: null,
  policy: null,
  timings: {},
  requiredSkill: null,
  key: termsKey({ policy: null, timings: {}, requiredSkill: undefined }),
};

/**
 * The terms a ticket in `category`, of a customer on `plan`, whose last recorded terms have
 * `recordedKey` (null: it recorded none) should record now, or null when there is nothing to record: those that govern it, or, once the
 * configuration sets nothing any more for a ticket that recorded terms (its default policy
 * cleared), {@link NO_SLA_TERMS}, handing it back to the bootstrap policy.
 */
export function slaTermsToRecord(
  config: SlaConfiguration,
  category: string | null,
  recordedKey: string | null,
  plan: string | null = null,
): GoverningSla | null {
  const terms = governingSla(config, category, plan) ?? (recordedKey === null ? null : NO_SLA_TERMS);
  return terms === null || terms.key === recordedKey ? null : terms;
}

/** The category and its ancestors, nearest first; unknown categories end the chain. */
export function categoryChain(config: SlaConfiguration, category: string | null): Versioned<CategoryDefinition>[] {
  const chain: Versioned<CategoryDefinition>[] = [];
  for (let id = category; id !== null && chain.length < MAX_CATEGORY_DEPTH; ) {
    const node = config.categories[id];
    if (node === undefined || chain.includes(node)) break;
    chain.push(node);
    id = node.definition.parentId;
  }
  return chain;
}

/** The priority a ticket opened in `category` without one gets: the nearest category's default, else none. */
export function categoryDefaultPriority(config: SlaConfiguration, category: string | null): TicketPriority | null {
  return categoryChain(config, category).find((c) => c.definition.defaultPriority)?.definition.defaultPriority ?? null;
}

/** The skill a ticket in `category` requires of its agent: the nearest category's, else none. */
export function categoryRequiredSkill(config: SlaConfiguration, category: string | null): string | null {
  return categoryChain(config, category).find((c) => c.definition.requiredSkill)?.definition.requiredSkill ?? null;
}

/**
 * A policy definition as the calculator takes it, its calendars inlined from the configuration:
 * a draft for a what-if, or a saved policy before a category narrows it. Throws `NOT_FOUND` (via
 * the caller's checks) when a calendar is missing.
 */
export function resolvePolicy(config: SlaConfiguration, id: string, definition: SlaPolicyDefinition): SlaPolicy {
  const policy = effectivePolicy(config, { id, version: 0, definition }, null, []);
  return { ...policy, categoryTargets: definition.categoryTargets };
}

/**
 * A policy definition's terms for a ticket in `category`, narrowed by the category tree exactly as
 * {@link governingSla} narrows a saved policy's: a what-if's draft applied to one ticket.
 */
export function narrowedPolicy(
  config: SlaConfiguration,
  id: string,
  definition: SlaPolicyDefinition,
  category: string | null,
): SlaPolicy {
  return effectivePolicy(config, { id, version: 0, definition }, category, categoryChain(config, category));
}

function effectivePolicy(
  config: SlaConfiguration,
  { id, definition }: Versioned<SlaPolicyDefinition>,
  category: string | null,
  chain: readonly Versioned<CategoryDefinition>[],
): SlaPolicy {
  const calendar = (calendarId: string): BusinessCalendar =>
    config.calendars[calendarId]?.definition.calendar ?? calendarOf(config, definition.calendarId);
  const byPriority = Object.entries(definition.calendarByPriority ?? {}).map(
    ([priority, calendarId]) => [priority, calendar(calendarId)] as const,
  );
  // Root first, so the nearest category's targets win. A category the tree does not know is a
  // chain of its own: the policy's targets for it still apply.
  const path = chain.length === 0 && category !== null ? [category] : chain.map((c) => c.id).reverse();
  const categoryTargets: Partial<SlaTargets> = Object.assign({}, ...path.map((id) => definition.categoryTargets[id]));
  const escalation =
    chain.find((c) => c.definition.escalationThresholdMinutes)?.definition.escalationThresholdMinutes ??
    definition.escalationThresholdMinutes;
  return {
    id,
    name: definition.name,
    calendar: calendarOf(config, definition.calendarId),
    ...(byPriority.length === 0 ? {} : { calendarByPriority: Object.fromEntries(byPriority) }),
    targets: definition.targets,
    categoryTargets:
      category !== null && Object.keys(categoryTargets).length > 0 ? { [category]: categoryTargets } : {},
    warnAtFraction: definition.warnAtFraction,
    ...(escalation === undefined ? {} : { escalationThresholdMinutes: escalation }),
    ...(definition.complianceGoal === undefined ? {} : { complianceGoal: definition.complianceGoal }),
    ...(definition.callbackTargetMinutes === undefined
      ? {}
      : { callbackTargetMinutes: definition.callbackTargetMinutes }),
  };
}

function calendarOf(config: SlaConfiguration, calendarId: string): BusinessCalendar {
  const found = config.calendars[calendarId];
  if (found === undefined) throw new Error(`calendar ${calendarId} is not configured`);
  return found.definition.calendar;
}

/**
 * A short digest of the terms, over their canonical JSON: equal terms give equal keys whatever
 * the order of their fields, so an edit that changes nothing for a ticket re-plans nothing.
 */
export function termsKey(terms: unknown): string {
  const text = canonicalJson(terms);
  // Two 32-bit FNV-1a passes with different offsets: 64 bits, plenty for telling versions apart.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
