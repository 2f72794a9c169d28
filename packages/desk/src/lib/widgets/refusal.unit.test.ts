import { DOMAIN_ERROR_CODES } from '@support-engine/domain';
import { describe, expect, it } from 'vitest';
import { useCatalogue } from '../i18n/catalogue.ts';
import { en } from '../i18n/en.ts';
import { fr } from '../i18n/fr.ts';
import { WIDGET_REFUSALS, widgetRefusalText } from './refusal.ts';

const refusal = (code: string, path?: string) => ({
  message: 'refused',
  extensions: { code, ...(path ? { issues: [{ path, message: 'refused' }] } : {}) },
});

useCatalogue(en);

describe('the widget keys’ refusals', () => {
  it('are codes of the domain (or the API’s own, for a deployment without a widget secret), each with a sentence in both languages', () => {
    for (const code of WIDGET_REFUSALS) {
      if (code !== 'WIDGETS_NOT_CONFIGURED') expect(DOMAIN_ERROR_CODES, code).toContain(code);
      expect(en, code).toHaveProperty(`widgets.error.${code}`);
      expect(fr[`widgets.error.${code}`], code).not.toBe(en[`widgets.error.${code}`]);
    }
  });

  it('name the origin or topic the engine refused by its place in what was sent', () => {
    const sent = {
      allowedOrigins: ['https://ok.example', 'https://shop.example/path'],
      topics: [{ id: 'a' }, { id: 'a' }],
    };
    expect(
      widgetRefusalText(
        { graphQLErrors: [refusal('WIDGET_ORIGIN_INVALID', 'definition.allowedOrigins.1')] as never },
        sent,
      ),
    ).toMatch(/^“https:\/\/shop\.example\/path” is not an origin/);
    expect(
      widgetRefusalText(
        { graphQLErrors: [refusal('WIDGET_TOPIC_DUPLICATE', 'definition.topics.1.id')] as never },
        sent,
      ),
    ).toBe('Two topics have the id “a”: give each its own.');
    expect(widgetRefusalText({ graphQLErrors: [refusal('FORBIDDEN')] as never })).toBeNull();
  });
});
