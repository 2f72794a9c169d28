import type { ApiConfig } from '../config.js';
import { helpCenterCustomerTokens } from '../customer-sign-in/secrets.js';
import { widgetCustomerTokens } from '../widget-identity/secrets.js';
import type { CustomerTokenIssuer } from './customer-tokens.js';

/** The engine's own issuers of customer tokens the deployment configures: the widget's and the help center's sign-in, each with its secret. */
export function customerTokenIssuers(config: ApiConfig): CustomerTokenIssuer[] {
  return [
    ...(config.widget.secret === null ? [] : [widgetCustomerTokens(config.widget.secret)]),
    ...(config.signIn.secret === null ? [] : [helpCenterCustomerTokens(config.signIn.secret)]),
  ];
}
