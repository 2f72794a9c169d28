import { graphql } from '../graphql/index.ts';

// Fragments are unmasked (their fields typed in the documents using them) and not exported: the
// documents carry them, and a fragment alone is no document to validate.

/** The live board's figures, as `liveBoard` and each `liveBoardUpdated` give them. */
const LiveBoardFields = graphql(`
  fragment LiveBoardFields on LiveBoard @_unmask {
    at
    tickets {
      total
      new
      inProgress
      waitingCustomer
      resolved
      closed
    }
    waitingChats {
      count
      longestWaitMs
    }
    waitingTickets {
      count
      longestWaitMs
    }
    agents {
      available
      busy
      break
      training
      offline
    }
    slaBreachesLastHour
    slaAtRisk
    callbacksDue
    escalations
    openFollowUps
    queues {
      category
      tickets {
        count
        longestWaitMs
      }
      chats {
        count
        longestWaitMs
      }
      ticketsByTier {
        tier
        count
      }
    }
  }
`);

/** Everything the supervisors' board shows: the figures, the supervisors' queue, the open CSAT follow-ups, the team, the categories' names. */
export const SupervisorBoard = graphql(
  `
    query SupervisorBoard($consistencyToken: String) {
      liveBoard {
        ...LiveBoardFields
      }
      supervisorQueue(first: 50) {
        id
        subject
        priority
        customerId
        assigneeId
        updatedAt
        openedAt
      }
      csatFollowUps(state: open, first: 50, consistencyToken: $consistencyToken) {
        kind
        id
        customerId
        agentId
        subject
        score
        comment
        requestedAt
      }
      slaConfiguration {
        categories {
          id
          name
        }
      }
      agents {
        id
        name
        tier
        availability
        capacity
        ticketCapacity
        activeTickets
        activeChats
        workload
      }
    }
  `,
  [LiveBoardFields],
);

/** A supervisor records a ticket's low-rating follow-up as done, with what was done. */
export const CompleteTicketFollowUp = graphql(`
  mutation CompleteTicketFollowUp($input: CompleteTicketFollowUpInput!) {
    completeTicketFollowUp(input: $input) {
      consistencyToken
    }
  }
`);

/** A supervisor records a chat's low-rating follow-up as done, with what was done. */
export const CompleteChatFollowUp = graphql(`
  mutation CompleteChatFollowUp($input: CompleteChatFollowUpInput!) {
    completeChatFollowUp(input: $input) {
      consistencyToken
    }
  }
`);

/** The board after each ticket, chat or agent change. */
export const LiveBoardUpdated = graphql(
  `
    subscription LiveBoardUpdated {
      liveBoardUpdated {
        ...LiveBoardFields
      }
    }
  `,
  [LiveBoardFields],
);

/** One report group's ticket figures. */
const ReportMetricsFields = graphql(`
  fragment ReportMetricsFields on MetricsGroup @_unmask {
    tickets
    firstResponse {
      medianMs
    }
    resolution {
      medianMs
    }
    slaCompliance {
      resolution {
        rate
      }
    }
    csat {
      count
      average
    }
    firstContactResolution {
      rate
    }
    reopens {
      rate
    }
    escalation {
      rate
    }
  }
`);

/** One report group's chat figures. */
const ReportChatFields = graphql(`
  fragment ReportChatFields on ChatMetricsGroup @_unmask {
    chats
    waitTime {
      medianMs
    }
    duration {
      medianMs
    }
    abandonment {
      rate
    }
    conversion {
      rate
    }
    csat {
      count
      average
    }
  }
`);

/** The reports of a period: ticket and chat figures with their breakdowns, the tickets opened against the period before (cut in the user's time zone), and the agents' names. */
export const SupervisorReports = graphql(
  `
    query SupervisorReports($from: DateTime!, $to: DateTime!, $interval: ReportInterval!, $timeZone: String) {
      ticketMetrics(from: $from, to: $to) {
        overall {
          ...ReportMetricsFields
        }
        byAgent {
          key
          metrics {
            ...ReportMetricsFields
          }
        }
        byChannel {
          key
          metrics {
            ...ReportMetricsFields
          }
        }
        byPriority {
          key
          metrics {
            ...ReportMetricsFields
          }
        }
        byCategory {
          key
          metrics {
            ...ReportMetricsFields
          }
        }
        byTier {
          key
          metrics {
            ...ReportMetricsFields
          }
        }
        byTag {
          key
          metrics {
            ...ReportMetricsFields
          }
        }
      }
      chatMetrics(from: $from, to: $to) {
        overall {
          ...ReportChatFields
        }
        byAgent {
          key
          metrics {
            ...ReportChatFields
          }
        }
      }
      agents(includeDeactivated: true) {
        id
        name
      }
      ticketTimeSeries(from: $from, to: $to, interval: $interval, timeZone: $timeZone) {
        timeZone
        current {
          buckets {
            start
            opened
          }
        }
        previous {
          buckets {
            start
            opened
          }
        }
        peakHours {
          hour
          opened
        }
      }
    }
  `,
  [ReportMetricsFields, ReportChatFields],
);
