/** The next timer an automation waits for: which duty it is (its purpose) and when it is due. */
export interface NextTimer {
  readonly purpose: string;
  /** Epoch milliseconds. */
  readonly at: number;
}
