import type { FastifyReply } from 'fastify';
import { refuseInContract } from '../errors/http.js';

/** The HTTP status of each refusal the widget's endpoints answer with. */
const STATUS: Readonly<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  WIDGET_IDENTITY_INVALID: 401,
  WIDGET_ORIGIN_REFUSED: 403,
  WIDGET_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  WIDGETS_NOT_CONFIGURED: 503,
};

/** A refusal code of the widget's endpoints (docs/widget.md#refusals). */
export type WidgetRefusalCode = keyof typeof STATUS & string;

/**
 * Answers a widget request with a refusal in the widget contract's shape,
 * `{ "error": { "code", "message" } }`, and the code's status. Never a CORS header: a page of an
 * origin the key does not list reads nothing.
 */
export function refuseWidget(reply: FastifyReply, code: WidgetRefusalCode, message: string) {
  return refuseInContract(reply, STATUS[code] ?? 400, code, message);
}
