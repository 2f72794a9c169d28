/** Longest comment a vote carries (the domain's bound on a vote's comment). */
export const MAX_COMMENT = 2_000;
