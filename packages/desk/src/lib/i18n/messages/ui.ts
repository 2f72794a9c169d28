/** The desk's component library's own words ($lib/ui), in English (the reference) and French. */
export const en = {
  'ui.close': 'Close',
  'ui.combobox.toggle': 'Show the choices',
  'ui.combobox.noMatch': 'Nothing matches “{search}”.',
} as const;

export const fr: Readonly<Record<keyof typeof en, string>> = {
  'ui.close': 'Fermer',
  'ui.combobox.toggle': 'Afficher les choix',
  'ui.combobox.noMatch': 'Rien ne correspond à « {search} ».',
};
