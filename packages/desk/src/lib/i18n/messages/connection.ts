/** The desk's messages about its live connection to the engine, in English (the reference) and French. */
export const en = {
  'connection.lost':
    'The connection to the engine was lost: reconnecting… What changes meanwhile will show once it is back.',
} as const;

export const fr: Readonly<Record<keyof typeof en, string>> = {
  'connection.lost':
    'La connexion au moteur est perdue : reconnexion en cours… Ce qui change entre-temps s’affichera dès son retour.',
};
