import { error, fail } from '@sveltejs/kit';
import { isLanguage } from '$lib/i18n';
import { MySettingsQuery, SetDeliveryPreferenceMutation, SetLanguageMutation } from '$lib/requests/queries';
import { ApiRefusal, askAsCustomer } from '$lib/server/api';
import { contextOf } from '$lib/server/context';
import { requireCustomer } from '$lib/server/customer';
import { keepLanguage } from '$lib/server/language';
import type { Actions, PageServerLoad } from './$types';

const PREFERENCES = ['both', 'email_only', 'web_only', 'none'] as const;
type Preference = (typeof PREFERENCES)[number];
const isPreference = (value: string): value is Preference => (PREFERENCES as readonly string[]).includes(value);

/** The customer's delivery preference and language, as their profile holds them. */
export const load: PageServerLoad = async ({ cookies, platform, url }) => {
  const context = contextOf(platform);
  const { customerToken, customerId } = await requireCustomer(context, cookies, url);
  const { customer } = await askAsCustomer(context, customerToken, MySettingsQuery, { id: customerId });
  if (customer === null) error(404, 'No profile');
  return { preferences: PREFERENCES, settings: customer };
};

export const actions: Actions = {
  /** Saves both; the help center speaks the chosen language from then on. */
  default: async ({ cookies, locals, platform, request, url }) => {
    const form = await request.formData();
    const preference = String(form.get('preference') ?? '');
    const language = String(form.get('language') ?? '');
    if (!isPreference(preference) || !isLanguage(language)) return fail(400, { error: 'ticket.failed' as const });
    const context = contextOf(platform);
    const { customerToken, customerId } = await requireCustomer(context, cookies, url);
    try {
      await askAsCustomer(context, customerToken, SetDeliveryPreferenceMutation, { customerId, preference });
      const { updateCustomerProfile } = await askAsCustomer(context, customerToken, SetLanguageMutation, {
        customerId,
        language,
      });
      await askAsCustomer(context, customerToken, MySettingsQuery, {
        id: customerId,
        consistencyToken: updateCustomerProfile.consistencyToken,
      });
    } catch (refusal) {
      if (refusal instanceof ApiRefusal) return fail(400, { error: 'ticket.failed' as const });
      throw refusal;
    }
    keepLanguage(cookies, url, language);
    locals.language = language;
    return { saved: true };
  },
};
