import { type FieldControl, fieldControl } from '../ui/field.ts';

/**
 * A form's checks: what is wrong with each field (a sentence, or null), shown only once the admin
 * has tried to send it; the controls of fields with a problem are marked (`aria-invalid`, the
 * problem as their description). Field ids are `{prefix}-{field}`.
 */
export class Checks<Field extends string> {
  /** Whether the admin has tried to send the form. */
  tried = $state(false);
  readonly #prefix: string;
  readonly #problems: () => Partial<Record<Field, string | null>>;

  constructor(prefix: string, problems: () => Partial<Record<Field, string | null>>) {
    this.#prefix = prefix;
    this.#problems = problems;
  }

  /** Whether any field has a problem now. */
  get invalid(): boolean {
    return Object.values(this.#problems()).some((problem) => typeof problem === 'string');
  }

  /** Whether the form was tried with problems, so the admin is asked to correct them. */
  get blocking(): boolean {
    return this.tried && this.invalid;
  }

  /** The field's id (its label's `for`). */
  id(field: Field): string {
    return `${this.#prefix}-${field}`;
  }

  /** The problem shown beside the field, once tried. */
  shown(field: Field): string | null {
    return this.tried ? (this.#problems()[field] ?? null) : null;
  }

  /** The field's control's attributes: its id, and the problem shown as its description. */
  control(field: Field): FieldControl {
    return fieldControl(this.id(field), { problem: this.shown(field) });
  }

  /** A try at sending: from now on the problems show; answers whether the form may go. */
  attempt(): boolean {
    this.tried = true;
    return !this.invalid;
  }

  /** A fresh form: nothing tried yet. */
  reset(): void {
    this.tried = false;
  }
}
