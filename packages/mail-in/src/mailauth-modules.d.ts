// mailauth's root module loads its BIMI support, which loads an undici that needs a newer Node
// than the engine supports (20.19): the engine imports the parts it uses, which load nothing
// else. Their types are the root module's.

declare module 'mailauth/lib/dkim/verify.js' {
  export const dkimVerify: typeof import('mailauth').dkimVerify;
}

declare module 'mailauth/lib/spf/index.js' {
  export const spf: typeof import('mailauth').spf;
}

declare module 'mailauth/lib/dkim/sign.js' {
  export const dkimSign: typeof import('mailauth').dkimSign;
}
