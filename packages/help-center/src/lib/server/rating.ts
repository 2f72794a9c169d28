import { fail } from '@sveltejs/kit';

/** The longest rating comment the engine keeps. */
const MAX_RATING_COMMENT = 2_000;

/** A rating form's score (1 to 5) and comment (null when left empty); a 400 for anything else. */
export async function ratingOf(request: Request) {
  const form = await request.formData();
  const score = Number(form.get('score'));
  const comment = String(form.get('comment') ?? '').trim();
  if (!Number.isInteger(score) || score < 1 || score > 5 || comment.length > MAX_RATING_COMMENT)
    return fail(400, { form: 'rate', error: 'ticket.failed' as const, name: '' });
  return { score, comment: comment === '' ? null : comment };
}
