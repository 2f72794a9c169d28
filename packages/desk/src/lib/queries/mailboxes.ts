import { graphql } from '../graphql/index.ts';

// The admins' mailboxes screen: the mailboxes mail comes in at, and the categories they may give.

/** Every mailbox (inactive ones included) and the categories a mailbox may name. */
export const AdminMailboxes = graphql(`
  query AdminMailboxes($consistencyToken: String) {
    mailboxes(includeInactive: true, consistencyToken: $consistencyToken) {
      address
      name
      category
      language
      priority
      active
      version
      smtpServer
    }
    slaConfiguration {
      categories {
        id
        name
      }
    }
  }
`);

/** Adds a mailbox (`adding`) or replaces one's definition. */
export const ConfigureMailbox = graphql(`
  mutation ConfigureMailbox($input: ConfigureMailboxInput!) {
    configureMailbox(input: $input) {
      id
      consistencyToken
    }
  }
`);

/** Removes a mailbox. */
export const RemoveMailbox = graphql(`
  mutation RemoveMailbox($input: RemoveMailboxInput!) {
    removeMailbox(input: $input) {
      id
      consistencyToken
    }
  }
`);

/** Another admin's change to the mailboxes: the screen reads them again. */
export const AdminMailboxesUpdated = graphql(`
  subscription AdminMailboxesUpdated {
    mailboxesUpdated {
      address
    }
  }
`);
