import { t } from '../i18n/locale.svelte.ts';
import { PRIORITIES, type Priority } from './policy.ts';

/** A choice of a select: its value and its words. */
export interface Option<Value extends string = string> {
  readonly value: Value;
  readonly label: string;
}

/** Things with an id and a name (policies, calendars, categories) as choices. */
export const namedOptions = (items: readonly { readonly id: string; readonly name: string }[]): Option[] =>
  items.map((item) => ({ value: item.id, label: item.name }));

/** The ticket priorities as choices, in the user's language. */
export const priorityOptions = (): Option<Priority>[] =>
  PRIORITIES.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }));

/** The name of the item `id` names among `items`; `unset` when there is none, the id when unknown. */
export const nameAmong = (
  id: string | null,
  items: readonly { readonly id: string; readonly name: string }[],
  unset: string,
): string => (id === null ? unset : (items.find((item) => item.id === id)?.name ?? id));
