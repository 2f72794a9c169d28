/**
 * One recipient's mails about one ticket (or chat) go out in log order, one after the other: sent
 * side by side, "waiting for your reply" could arrive before the reply it is about.
 */
export function mailLine(recipient: string, streamId: string): string {
  return `email:${recipient.toLowerCase()}:${streamId}`;
}
