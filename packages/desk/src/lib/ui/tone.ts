/** The tones of badges and alerts: each a pair of colours of the desk's tokens (app.css). */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'internal';

const STATUS_TONES: Record<string, Tone> = {
  new: 'info',
  in_progress: 'info',
  waiting_customer: 'warning',
  resolved: 'success',
  closed: 'neutral',
};

const PRIORITY_TONES: Record<string, Tone> = {
  low: 'neutral',
  normal: 'neutral',
  high: 'warning',
  urgent: 'danger',
};

/** A ticket status's tone (open work blue, waiting amber, resolved green); neutral for one it does not know. */
export const statusTone = (status: string): Tone => STATUS_TONES[status] ?? 'neutral';

/** A priority's tone: high amber, urgent red, the others neutral. */
export const priorityTone = (priority: string): Tone => PRIORITY_TONES[priority] ?? 'neutral';
