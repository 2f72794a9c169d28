/** One choice of a list a person picks from (a combobox's or a menu's). */
export interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

/** Lower case and without accents, so that "eloise" finds "Éloïse". */
const folded = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();

/**
 * The options whose label holds every word typed, in any order and case, accents ignored; all of
 * them for an empty search. Their order is kept.
 */
export function matchingOptions<O extends Option>(options: readonly O[], search: string): O[] {
  const words = folded(search).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  return options.filter((option) => {
    const label = folded(option.label);
    return words.every((word) => label.includes(word));
  });
}

/** The label of the option holding `value`, or '' when none does. */
export const labelOf = (options: readonly Option[], value: string): string =>
  options.find((option) => option.value === value)?.label ?? '';

/** One action of a menu ($lib/ui/DropdownMenu); `danger` draws it in the danger tone. */
export interface MenuAction {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
}
