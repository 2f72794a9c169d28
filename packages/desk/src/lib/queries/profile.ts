import { graphql } from '../graphql/index.ts';

// A staff member's own alert profile: the name alerts are addressed to, where and in which
// language they arrive, the time zone their times are shown in.

/** The caller's profile; null until one is set. */
export const MyStaffProfile = graphql(`
  query MyStaffProfile {
    myStaffProfile {
      staffId
      name
      email
      language
      timeZone
      channels
      groups
    }
  }
`);

/** Sets the caller's profile, whole. */
export const SetMyStaffProfile = graphql(`
  mutation SetMyStaffProfile($input: SetStaffProfileInput!) {
    setStaffProfile(input: $input) {
      id
      consistencyToken
    }
  }
`);
