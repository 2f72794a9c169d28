import { graphql } from '../graphql/index.ts';

/** The ticket's properties, SLA clocks and callbacks, for the ticket page's side panel. */
export const TicketPanelTicket = graphql(`
  query TicketPanelTicket($id: ID!, $consistencyToken: String) {
    ticket(id: $id, consistencyToken: $consistencyToken) {
      id
      version
      status
      priority
      category
      tags
      tier
      withSupervisors
      assigneeId
      customerId
      plan
      language
      callbacks {
        callbackId
        at
        timeZone
        phone
        reason
        status
      }
    }
    ticketSla(ticketId: $id, consistencyToken: $consistencyToken) {
      at
      metrics {
        metric
        state
        remainingBusinessMs
        warningAt
        breachAt
        breachedAt
        completedAt
      }
    }
  }
`);

/** What the panel's fields offer: the team (assignees) and the ticket categories. */
export const TicketPanelOptions = graphql(`
  query TicketPanelOptions {
    agents {
      id
      name
      tier
    }
    slaConfiguration {
      categories {
        id
        name
      }
    }
  }
`);

/** The customer panel: their profile, their tickets and chats, and how they rated them. */
export const TicketPanelCustomer = graphql(`
  query TicketPanelCustomer($customerId: ID!, $consistencyToken: String) {
    customer(id: $customerId, consistencyToken: $consistencyToken) {
      customerId
      name
      email
      # Whether mail to that address comes back: for good (told in-app instead), or last failed for now.
      emailBounced
      emailSoftBouncedAt
      company
      plan
      language
    }
    tickets(filter: { customerId: $customerId }, order: updated, first: 20, consistencyToken: $consistencyToken) {
      items {
        id
        subject
        status
        csat {
          score
        }
      }
    }
    chats(customerId: $customerId, consistencyToken: $consistencyToken) {
      id
      status
      startedAt
      csat {
        score
      }
    }
  }
`);

/** Each change of the customer's profile, tickets or chats: the card reads them again with its token. */
export const TicketPanelCustomerUpdated = graphql(`
  subscription TicketPanelCustomerUpdated($customerId: ID!) {
    customerUpdated(customerId: $customerId) {
      kind
      id
      consistencyToken
    }
  }
`);

/** Each change of the ticket, whoever made it (read again with its consistency token). */
export const TicketPanelUpdated = graphql(`
  subscription TicketPanelUpdated($ticketId: ID!, $afterVersion: Int) {
    ticketUpdated(ticketId: $ticketId, afterVersion: $afterVersion) {
      version
      consistencyToken
    }
  }
`);

export const PanelChangeStatus = graphql(`
  mutation PanelChangeStatus($input: ChangeTicketStatusInput!) {
    changeTicketStatus(input: $input) {
      consistencyToken
    }
  }
`);

export const PanelChangePriority = graphql(`
  mutation PanelChangePriority($input: ChangeTicketPriorityInput!) {
    changeTicketPriority(input: $input) {
      consistencyToken
    }
  }
`);

export const PanelChangeCategory = graphql(`
  mutation PanelChangeCategory($input: ChangeTicketCategoryInput!) {
    changeTicketCategory(input: $input) {
      consistencyToken
    }
  }
`);

export const PanelAddTags = graphql(`
  mutation PanelAddTags($input: AddTicketTagsInput!) {
    addTicketTags(input: $input) {
      consistencyToken
    }
  }
`);

export const PanelRemoveTags = graphql(`
  mutation PanelRemoveTags($input: RemoveTicketTagsInput!) {
    removeTicketTags(input: $input) {
      consistencyToken
    }
  }
`);

export const PanelAssign = graphql(`
  mutation PanelAssign($input: AssignTicketInput!) {
    assignTicket(input: $input) {
      consistencyToken
    }
  }
`);

export const PanelUnassign = graphql(`
  mutation PanelUnassign($input: UnassignTicketInput!) {
    unassignTicket(input: $input) {
      consistencyToken
    }
  }
`);

export const PanelEscalate = graphql(`
  mutation PanelEscalate($input: EscalateTicketInput!) {
    escalateTicket(input: $input) {
      consistencyToken
    }
  }
`);

export const PanelScheduleCallback = graphql(`
  mutation PanelScheduleCallback($input: ScheduleCallbackInput!) {
    scheduleCallback(input: $input) {
      consistencyToken
    }
  }
`);
