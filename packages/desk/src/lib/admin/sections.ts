/** The admins' screens, in the order the admin area lists them. */
export const ADMIN_SECTIONS = [
  { path: '/admin/agents', label: 'admin.section.agents', intro: 'admin.intro.agents' },
  { path: '/admin/policies', label: 'admin.section.policies', intro: 'admin.intro.policies' },
  { path: '/admin/calendars', label: 'admin.section.calendars', intro: 'admin.intro.calendars' },
  { path: '/admin/categories', label: 'admin.section.categories', intro: 'admin.intro.categories' },
  { path: '/admin/webhooks', label: 'admin.section.webhooks', intro: 'admin.intro.webhooks' },
  { path: '/admin/canned-replies', label: 'admin.section.canned', intro: 'admin.intro.canned' },
  { path: '/admin/mailboxes', label: 'mailboxes.section', intro: 'mailboxes.intro' },
  { path: '/admin/widgets', label: 'widgets.section', intro: 'widgets.intro' },
] as const;
