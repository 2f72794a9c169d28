/** What a field's control carries so that its label, hint and problem are read with it. */
export interface FieldControl {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
}

/** The id of a field's hint (the admin forms' inputs point at `{id}-problem` the same way). */
export const hintId = (id: string): string => `${id}-hint`;
/** The id of what is wrong with a field. */
export const problemId = (id: string): string => `${id}-problem`;

/**
 * The attributes of a field's control: its id (the label's `for`), `aria-describedby` naming the
 * hint and the problem shown, and `aria-invalid` while there is a problem.
 */
export function fieldControl(id: string, shown: { hint?: string | null; problem?: string | null }): FieldControl {
  const described = [shown.hint ? hintId(id) : null, shown.problem ? problemId(id) : null].filter(
    (part): part is string => part !== null,
  );
  return {
    id,
    ...(described.length > 0 ? { 'aria-describedby': described.join(' ') } : {}),
    ...(shown.problem ? { 'aria-invalid': 'true' as const } : {}),
  };
}
