/** The desk's messages for a staff member's own profile (how alerts reach them), in English (the reference) and French. */
export const en = {
  'profile.title': 'Your profile',
  'profile.formTitle': 'How alerts reach you',
  'profile.intro':
    'How the engine’s alerts reach you: the name they are addressed to, where they go, their language and the time zone their times are shown in.',
  'profile.unset':
    'You have not set your profile yet: alerts reach you in the desk only, in English, with times in UTC.',
  'profile.name': 'Name on alerts',
  'profile.email': 'Email address for alerts',
  'profile.language': 'Language of alerts',
  'profile.languageDefault': 'English (default)',
  'profile.timeZone': 'Time zone of alert times',
  'profile.timeZoneDefault': 'UTC (default)',
  'profile.timeZoneBrowser': 'This browser’s time zone is {zone}.',
  'profile.channels': 'Send alerts',
  'profile.channel.web': 'In the desk (the Alerts page)',
  'profile.channel.email': 'By email',
  'profile.channel.push': 'As push notifications, on the devices you registered',
  'profile.groups': 'Alert groups',
  'profile.group.supervisors': 'Supervisors: SLA breaches, escalations to supervisors, low ratings',
  'profile.group.on_call': 'On call: critical incidents',
  'profile.groupsOfLeads': 'Supervisors and admins choose the alert groups. Yours: {groups}.',
  'profile.noGroups': 'none',
  'profile.saved': 'Saved. Alerts reach you this way from now on.',
  'profile.check.name': 'Enter the name alerts are addressed to.',
  'profile.check.email': 'Enter an email address such as ada@example.com.',
  'profile.check.emailNeeded': 'Alerts by email need an email address: enter one, or untick “By email”.',
  'profile.check.channels': 'Choose at least one way to receive alerts.',
} as const;

/** French. */
export const fr: Readonly<Record<keyof typeof en, string>> = {
  'profile.title': 'Votre profil',
  'profile.formTitle': 'Comment les alertes vous parviennent',
  'profile.intro':
    'Comment les alertes du moteur vous parviennent : le nom auquel elles s’adressent, où elles arrivent, leur langue et le fuseau horaire de leurs heures.',
  'profile.unset':
    'Vous n’avez pas encore défini votre profil : les alertes vous parviennent dans le desk seulement, en anglais, avec les heures en UTC.',
  'profile.name': 'Nom sur les alertes',
  'profile.email': 'Adresse e-mail des alertes',
  'profile.language': 'Langue des alertes',
  'profile.languageDefault': 'Anglais (par défaut)',
  'profile.timeZone': 'Fuseau horaire des heures des alertes',
  'profile.timeZoneDefault': 'UTC (par défaut)',
  'profile.timeZoneBrowser': 'Le fuseau horaire de ce navigateur est {zone}.',
  'profile.channels': 'Envoyer les alertes',
  'profile.channel.web': 'Dans le desk (la page Alertes)',
  'profile.channel.email': 'Par e-mail',
  'profile.channel.push': 'En notifications push, sur les appareils enregistrés',
  'profile.groups': 'Groupes d’alerte',
  'profile.group.supervisors': 'Superviseurs : dépassements de SLA, escalades aux superviseurs, notes basses',
  'profile.group.on_call': 'Astreinte : incidents critiques',
  'profile.groupsOfLeads':
    'Les superviseurs et les administrateurs choisissent les groupes d’alerte. Les vôtres : {groups}.',
  'profile.noGroups': 'aucun',
  'profile.saved': 'Enregistré. Les alertes vous parviennent ainsi dès maintenant.',
  'profile.check.name': 'Saisissez le nom auquel les alertes s’adressent.',
  'profile.check.email': 'Saisissez une adresse e-mail comme ada@example.com.',
  'profile.check.emailNeeded':
    'Les alertes par e-mail demandent une adresse : saisissez-en une, ou décochez « Par e-mail ».',
  'profile.check.channels': 'Choisissez au moins une façon de recevoir les alertes.',
};
