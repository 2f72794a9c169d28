import { graphql } from '../graphql/index.ts';

// The admins' screens: agents, the SLA configuration (policies with their what-if, calendars,
// categories), webhooks and canned replies.

/** The team, those who left included, for the agents' form. */
export const AdminAgents = graphql(`
  query AdminAgents($consistencyToken: String) {
    agents(includeDeactivated: true, consistencyToken: $consistencyToken) {
      id
      name
      skills
      languages
      tier
      capacity
      ticketCapacity
      activeChats
      activeTickets
      deactivatedAt
    }
  }
`);

/** An agent's skills and languages, replaced together. */
export const UpdateAgentSkills = graphql(`
  mutation UpdateAgentSkills($input: UpdateAgentSkillsInput!) {
    updateAgentSkills(input: $input) {
      consistencyToken
    }
  }
`);

/** An agent's tier (1 to 3). */
export const SetAgentTier = graphql(`
  mutation SetAgentTier($input: SetAgentTierInput!) {
    setAgentTier(input: $input) {
      consistencyToken
    }
  }
`);

/** An agent's chats at once. */
export const SetAgentCapacity = graphql(`
  mutation SetAgentCapacity($input: SetAgentCapacityInput!) {
    setAgentCapacity(input: $input) {
      consistencyToken
    }
  }
`);

/** An agent's open tickets at once (null: no cap). */
export const SetAgentTicketCapacity = graphql(`
  mutation SetAgentTicketCapacity($input: SetAgentTicketCapacityInput!) {
    setAgentTicketCapacity(input: $input) {
      consistencyToken
    }
  }
`);

/** The SLA configuration: calendars, policies, categories and the default policy. */
export const AdminSlaConfiguration = graphql(`
  query AdminSlaConfiguration($consistencyToken: String) {
    slaConfiguration(consistencyToken: $consistencyToken) {
      defaultPolicyId
      chatHoursCalendarId
      planPolicies {
        plan
        policyId
      }
      calendars {
        id
        version
        name
        definition
      }
      policies {
        id
        version
        name
        definition
      }
      categories {
        id
        version
        name
        parentId
        defaultPriority
        slaPolicyId
        requiredSkill
        escalationThresholdMinutes
      }
    }
  }
`);

/**
 * What a draft policy would have produced for the tickets of its own policy opened in [from, to),
 * and which tickets' SLA outcome it would have changed.
 */
export const AdminSlaWhatIf = graphql(`
  query AdminSlaWhatIf($policy: SlaPolicyDefinitionInput!, $from: DateTime!, $to: DateTime!, $policyId: ID) {
    slaWhatIf(policy: $policy, from: $from, to: $to, policyId: $policyId) {
      from
      to
      overall {
        actual { tickets breaches warnings escalations compliance { firstResponse { met breached rate } nextResponse { met breached rate } resolution { met breached rate } } }
        whatIf { tickets breaches warnings escalations compliance { firstResponse { met breached rate } nextResponse { met breached rate } resolution { met breached rate } } }
      }
      changedTickets {
        ticketId
        priority
        actual { breached warned escalated }
        whatIf { breached warned escalated }
      }
      byPriority {
        key
        actual { tickets breaches warnings escalations }
        whatIf { tickets breaches warnings escalations }
      }
    }
  }
`);

/** A new version of a policy. */
export const UpdateSlaPolicy = graphql(`
  mutation UpdateSlaPolicy($input: UpdateSlaPolicyInput!) {
    updateSlaPolicy(input: $input) {
      consistencyToken
    }
  }
`);

/** A new version of a calendar (its holidays among its definition). */
export const UpdateSlaCalendar = graphql(`
  mutation UpdateSlaCalendar($input: UpdateSlaCalendarInput!) {
    updateSlaCalendar(input: $input) {
      consistencyToken
    }
  }
`);

/** A new category. */
export const CreateTicketCategory = graphql(`
  mutation CreateTicketCategory($input: CreateTicketCategoryInput!) {
    createTicketCategory(input: $input) {
      consistencyToken
    }
  }
`);

/** A new version of a category. */
export const UpdateTicketCategory = graphql(`
  mutation UpdateTicketCategory($input: UpdateTicketCategoryInput!) {
    updateTicketCategory(input: $input) {
      consistencyToken
    }
  }
`);

/** Every webhook endpoint, and the event types one may subscribe to. */
export const AdminWebhooks = graphql(`
  query AdminWebhooks {
    webhookEndpoints { id url eventTypes description enabled secretVersion createdAt }
    webhookEventTypes
  }
`);

/** A new endpoint and its secret, shown once. */
export const RegisterWebhookEndpoint = graphql(`
  mutation RegisterWebhookEndpoint($input: RegisterWebhookEndpointInput!) {
    registerWebhookEndpoint(input: $input) {
      endpoint { id url eventTypes description enabled secretVersion createdAt }
      secret
    }
  }
`);

/** A new secret for an endpoint, shown once. */
export const RotateWebhookSecret = graphql(`
  mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) {
      endpoint { id url eventTypes description enabled secretVersion createdAt }
      secret
    }
  }
`);

/** A test event sent to an endpoint. */
export const TestWebhookEndpoint = graphql(`
  mutation TestWebhookEndpoint($input: TestWebhookEndpointInput!) {
    testWebhookEndpoint(input: $input) {
      id
    }
  }
`);

/** An endpoint's deliveries, newest first; only the dead ones (dead letters) with status dead. */
export const AdminWebhookDeliveries = graphql(`
  query AdminWebhookDeliveries($endpointId: ID!, $status: WebhookDeliveryStatus) {
    webhookDeliveries(endpointId: $endpointId, status: $status, first: 50) {
      edges {
        node {
          id
          eventType
          status
          attemptCount
          createdAt
          deliveredAt
          lastStatusCode
          lastError
        }
      }
    }
  }
`);

/** A delivery sent again. */
export const RedeliverWebhookDelivery = graphql(`
  mutation RedeliverWebhookDelivery($input: RedeliverWebhookDeliveryInput!) {
    redeliverWebhookDelivery(input: $input) {
      id
    }
  }
`);

/** The canned replies the admin may use and edit. */
export const AdminCannedReplies = graphql(`
  query AdminCannedReplies($consistencyToken: String) {
    cannedReplies(consistencyToken: $consistencyToken) {
      id
      name
      locale
      body
      nextStatus
      scope
    }
  }
`);

/** A canned reply created (no id) or edited. */
export const SaveCannedReply = graphql(`
  mutation SaveCannedReply($input: SaveCannedReplyInput!) {
    saveCannedReply(input: $input) {
      consistencyToken
    }
  }
`);

/** A canned reply deleted. */
export const DeleteCannedReply = graphql(`
  mutation DeleteCannedReply($input: DeleteCannedReplyInput!) {
    deleteCannedReply(input: $input) {
      consistencyToken
    }
  }
`);

/** A new agent on the team. */
export const RegisterAgent = graphql(`
  mutation RegisterAgent($input: RegisterAgentInput!) {
    registerAgent(input: $input) {
      consistencyToken
    }
  }
`);

/** An agent taken off the team (refused while they hold work). */
export const DeactivateAgent = graphql(`
  mutation DeactivateAgent($input: DeactivateAgentInput!) {
    deactivateAgent(input: $input) {
      consistencyToken
    }
  }
`);

/** A deactivated agent back on the team. */
export const ReactivateAgent = graphql(`
  mutation ReactivateAgent($input: ReactivateAgentInput!) {
    reactivateAgent(input: $input) {
      consistencyToken
    }
  }
`);

/** A new calendar. */
export const CreateSlaCalendar = graphql(`
  mutation CreateSlaCalendar($input: CreateSlaCalendarInput!) {
    createSlaCalendar(input: $input) {
      consistencyToken
    }
  }
`);

/** A calendar deleted (refused while a policy counts in it). */
export const DeleteSlaCalendar = graphql(`
  mutation DeleteSlaCalendar($input: DeleteSlaCalendarInput!) {
    deleteSlaCalendar(input: $input) {
      consistencyToken
    }
  }
`);

/** The events of an iCalendar file added to a calendar's holidays (the API reads the file). */
export const ImportSlaCalendarHolidays = graphql(`
  mutation ImportSlaCalendarHolidays($input: ImportSlaCalendarHolidaysInput!) {
    importSlaCalendarHolidays(input: $input) {
      consistencyToken
    }
  }
`);

/** A new policy. */
export const CreateSlaPolicy = graphql(`
  mutation CreateSlaPolicy($input: CreateSlaPolicyInput!) {
    createSlaPolicy(input: $input) {
      consistencyToken
    }
  }
`);

/** A policy deleted (refused while it is the default or a category's or plan's). */
export const DeleteSlaPolicy = graphql(`
  mutation DeleteSlaPolicy($input: DeleteSlaPolicyInput!) {
    deleteSlaPolicy(input: $input) {
      consistencyToken
    }
  }
`);

/** The policy of a plan's customers' tickets (none: the plan names none any more). */
export const SetPlanSlaPolicy = graphql(`
  mutation SetPlanSlaPolicy($input: SetPlanSlaPolicyInput!) {
    setPlanSlaPolicy(input: $input) {
      consistencyToken
    }
  }
`);

/** An endpoint's address, event types or note changed. */
export const UpdateWebhookEndpoint = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) { id url eventTypes description enabled secretVersion createdAt }
  }
`);

/** Deliveries to an endpoint stopped until it is enabled again. */
export const DisableWebhookEndpoint = graphql(`
  mutation DisableWebhookEndpoint($input: DisableWebhookEndpointInput!) {
    disableWebhookEndpoint(input: $input) { id url eventTypes description enabled secretVersion createdAt }
  }
`);

/** Deliveries to a disabled endpoint resumed. */
export const EnableWebhookEndpoint = graphql(`
  mutation EnableWebhookEndpoint($input: EnableWebhookEndpointInput!) {
    enableWebhookEndpoint(input: $input) { id url eventTypes description enabled secretVersion createdAt }
  }
`);

// Live: each tells of another admin's change; the screen then reads its list again (the update
// is sent once the API's reads include it).

/** A change to the SLA configuration (the policies' and calendars' screens). */
export const AdminSlaConfigurationUpdated = graphql(`
  subscription AdminSlaConfigurationUpdated {
    slaConfigurationUpdated {
      defaultPolicyId
    }
  }
`);

/** A change to an agent. */
export const AdminAgentUpdated = graphql(`
  subscription AdminAgentUpdated {
    agentUpdated {
      id
    }
  }
`);

/** A webhook endpoint after a change (null: deleted); the screen replaces its row with it. */
export const AdminWebhookEndpointUpdated = graphql(`
  subscription AdminWebhookEndpointUpdated {
    webhookEndpointUpdated {
      endpointId
      endpoint { id url eventTypes description enabled secretVersion createdAt }
    }
  }
`);

// The configuration's slots, each naming one of its items (omitted: the deployment's default).

/** The default policy (omitted: the deployment's bootstrap policy). */
export const SetDefaultSlaPolicy = graphql(`
  mutation SetDefaultSlaPolicy($input: SetDefaultSlaPolicyInput!) { setDefaultSlaPolicy(input: $input) { consistencyToken } }
`);

/** The calendar of the chat desk's opening hours (omitted: open at all hours). */
export const SetChatHours = graphql(`
  mutation SetChatHours($input: SetChatHoursInput!) { setChatHours(input: $input) { consistencyToken } }
`);

/** Deletes a webhook endpoint: its deliveries stop, its secret is forgotten. */
export const DeleteWebhookEndpoint = graphql(`
  mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) { deleteWebhookEndpoint(input: $input) { id } }
`);
