/** The presences an agent chooses from, in the order the console offers them. */
export const PRESENCES = ['available', 'busy', 'break', 'training', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

/** A presence as the API answers it, its deprecated spellings (`online`, `away`) as what they mean now. */
export function presenceOf(availability: Presence | 'online' | 'away'): Presence {
  if (availability === 'online') return 'available';
  if (availability === 'away') return 'break';
  return availability;
}
