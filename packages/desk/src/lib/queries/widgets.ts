import { graphql } from '../graphql/index.ts';

// The admins' widget keys screen (docs/widget.md): the keys host pages embed, and the categories a
// pre-chat topic may open its chat or ticket in.

/** Every widget key, and the categories of the SLA configuration. */
export const AdminWidgets = graphql(`
  query AdminWidgets($consistencyToken: String) {
    widgets(consistencyToken: $consistencyToken) {
      widgetKey
      name
      allowedOrigins
      topics {
        id
        label {
          language
          text
        }
        categoryId
      }
      greeting {
        language
        text
      }
      version
    }
    slaConfiguration {
      categories {
        id
        name
      }
    }
  }
`);

/** Adds a widget key (`adding`) or replaces its definition. */
export const ConfigureWidget = graphql(`
  mutation ConfigureWidget($input: ConfigureWidgetInput!) {
    configureWidget(input: $input) {
      id
      consistencyToken
    }
  }
`);

/** Removes a widget key. */
export const RemoveWidget = graphql(`
  mutation RemoveWidget($input: RemoveWidgetInput!) {
    removeWidget(input: $input) {
      id
      consistencyToken
    }
  }
`);

/** The identity secret a host's server signs its users with (admins only; shown on demand). */
export const WidgetIdentitySecret = graphql(`
  query WidgetIdentitySecret($widgetKey: String!) {
    widgetIdentitySecret(widgetKey: $widgetKey)
  }
`);

/** Another admin's change to the widget keys: the screen reads them again. */
export const AdminWidgetsUpdated = graphql(`
  subscription AdminWidgetsUpdated {
    widgetsUpdated {
      widgetKey
    }
  }
`);
