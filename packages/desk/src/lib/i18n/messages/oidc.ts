/** The desk's messages for sign-in with the organisation's identity provider (OpenID Connect), in English (the reference) and French. */
export const en = {
  'oidc.signInWith': 'Sign in with {name}',
  'oidc.intro': 'Sign in with your organisation’s account.',
  'oidc.signingIn': 'Signing you in…',
  'oidc.failed': 'The identity provider did not sign you in: {reason}',
  'oidc.again': 'Back to sign-in',
  'oidc.error.NO_DESK_ROLE':
    'Your account has no role in the desk (agent, supervisor, admin or auditor): ask your administrator to give you one at the identity provider.',
} as const;

export const fr: Readonly<Record<keyof typeof en, string>> = {
  'oidc.signInWith': 'Se connecter avec {name}',
  'oidc.intro': 'Connectez-vous avec le compte de votre organisation.',
  'oidc.signingIn': 'Connexion en cours…',
  'oidc.failed': 'Le fournisseur d’identité ne vous a pas connecté·e : {reason}',
  'oidc.again': 'Retour à la connexion',
  'oidc.error.NO_DESK_ROLE':
    'Votre compte n’a aucun rôle dans le bureau (agent, superviseur, administrateur ou auditeur) : demandez à votre administrateur de vous en donner un auprès du fournisseur d’identité.',
};
