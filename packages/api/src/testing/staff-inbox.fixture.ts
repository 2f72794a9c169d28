/**
 * An alert of a staff member's inbox as the notifier writes it (an SLA warning about ticket-9),
 * raised `minute` minutes past 10:00 on 2025-03-03, for tests that fill the inbox directly.
 */
export function staffAlertRow(id: string, staffId: string, minute: number) {
  return {
    notification_id: id,
    staff_id: staffId,
    ticket_id: 'ticket-9',
    kind: 'warning',
    template: 'staff.sla.warning',
    title: `Alert ${id}`,
    text: 'First response due soon',
    created_at: new Date(Date.UTC(2025, 2, 3, 10, minute)),
  };
}
