/** A board's `areas:` for the readers' tests: one area any guest reads, one for members only. */
export const PUBLIC_AND_MEMBERS_AREAS = `
areas:
  - { name: general, title: General, description: Anything goes, read: new, post: new }
  - { name: members, title: Members, description: For members only, read: member, post: member }
`;
