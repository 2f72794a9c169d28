/**
 * `noun` with its indefinite article: "an auditor", "an agent", "a supervisor". Decided by the
 * first letter, which is right for every role name the engine has (none starts with a silent
 * "h" or a "u" said "you").
 */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/**
 * The sentence every role refusal reads as: "An auditor may not close a ticket"; the automation
 * is one, so "The system may not ...".
 */
export function mayNot(role: string, action: string): string {
  const subject = role === 'system' ? 'the system' : withArticle(role);
  return `${subject.charAt(0).toUpperCase()}${subject.slice(1)} may not ${action}`;
}
