import type { CannedReplyDefinition } from './commands.js';

type Standard = Omit<CannedReplyDefinition, 'scope' | 'closeReason'> &
  Partial<Pick<CannedReplyDefinition, 'closeReason'>>;

/**
 * The support guide's four standard replies, in English and French, shared with the whole team:
 * the first answer, a request for information (the ticket then waits for the customer), the
 * solution (it resolves the ticket) and the closing of a ticket the customer never answered.
 * Ids are `standard-<reply>-<locale>`.
 */
export const STANDARD_CANNED_REPLIES: Readonly<Record<string, Standard>> = {
  'standard-initial-en': {
    name: 'Initial reply',
    locale: 'en',
    body: 'Hello {{customer.firstName}},\n\nThank you for contacting us about "{{ticket.subject}}". We have received your request and are looking into it; we will come back to you shortly.\n\nBest regards,\n{{agent.name}}',
    nextStatus: 'in_progress',
  },
  'standard-initial-fr': {
    name: 'Réponse initiale',
    locale: 'fr',
    body: 'Bonjour {{customer.firstName}},\n\nMerci de nous avoir contactés au sujet de « {{ticket.subject}} ». Nous avons bien reçu votre demande et nous l’étudions ; nous revenons vers vous très vite.\n\nCordialement,\n{{agent.name}}',
    nextStatus: 'in_progress',
  },
  'standard-information-en': {
    name: 'Request for information',
    locale: 'en',
    body: 'Hello {{customer.firstName}},\n\nTo go further with "{{ticket.subject}}", we need a few more details: could you describe the steps that lead to the problem, and send us a screenshot if you can?\n\nBest regards,\n{{agent.name}}',
    nextStatus: 'waiting_customer',
  },
  'standard-information-fr': {
    name: 'Demande d’informations',
    locale: 'fr',
    body: 'Bonjour {{customer.firstName}},\n\nPour avancer sur « {{ticket.subject}} », il nous manque quelques précisions : pourriez-vous décrire les étapes qui mènent au problème et, si possible, nous envoyer une capture d’écran ?\n\nCordialement,\n{{agent.name}}',
    nextStatus: 'waiting_customer',
  },
  'standard-solution-en': {
    name: 'Solution',
    locale: 'en',
    body: 'Hello {{customer.firstName}},\n\nGood news: the problem with "{{ticket.subject}}" is solved. If anything is still not right, just reply to this message and we will pick it up again.\n\nBest regards,\n{{agent.name}}',
    nextStatus: 'resolved',
  },
  'standard-solution-fr': {
    name: 'Solution',
    locale: 'fr',
    body: 'Bonjour {{customer.firstName}},\n\nBonne nouvelle : le problème « {{ticket.subject}} » est résolu. Si quelque chose ne va toujours pas, répondez simplement à ce message et nous reprendrons la demande.\n\nCordialement,\n{{agent.name}}',
    nextStatus: 'resolved',
  },
  'standard-closing-en': {
    name: 'Closing without response',
    locale: 'en',
    body: 'Hello {{customer.firstName}},\n\nWe have not heard from you about "{{ticket.subject}}", so we are closing this request. If you still need help, just reply to this message and we will pick it up again.\n\nBest regards,\n{{agent.name}}',
    nextStatus: 'closed',
    closeReason: 'no_customer_response',
  },
  'standard-closing-fr': {
    name: 'Clôture sans réponse',
    locale: 'fr',
    body: 'Bonjour {{customer.firstName}},\n\nSans nouvelles de votre part au sujet de « {{ticket.subject}} », nous clôturons cette demande. Si vous avez encore besoin d’aide, répondez simplement à ce message et nous reprendrons la demande.\n\nCordialement,\n{{agent.name}}',
    nextStatus: 'closed',
    closeReason: 'no_customer_response',
  },
};
