/** Test helper (not a test file): the widget settings the integration tests run with. */
import { API_CONFIG_DEFAULTS, type WidgetConfig } from '../config.js';

/** The deployment's widget secret in tests. */
export const WIDGET_TEST_SECRET = 'widget-integration-test-secret-of-32-chars';

/** The widget on, with the test secret and the default lifetimes and session budget. */
export const WIDGET_TEST_CONFIG: WidgetConfig = { ...API_CONFIG_DEFAULTS.widget, secret: WIDGET_TEST_SECRET };
