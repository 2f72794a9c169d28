/**
 * A form's texts, one per key of `blank`: the item's value written as text ('' where it has none),
 * or with no item (a new one) `blank`'s own.
 */
export function textsOf<Texts extends Record<string, string>>(
  item: { readonly [Key in keyof Texts]?: string | number | null } | null,
  blank: Texts,
): Texts {
  const texts: Record<string, string> = {};
  for (const [key, fallback] of Object.entries(blank)) texts[key] = item ? String(item[key] ?? '') : fallback;
  return texts as Texts;
}
