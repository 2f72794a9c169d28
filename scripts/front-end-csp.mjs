// What every front end's pages may load (the desk, the widget's frame, the help center): only the
// engine's own files and API; inline styles because SvelteKit's route announcer, Svelte's
// transitions and the widget's launcher set style attributes. Each svelte.config.js adds its own.
/** @type {Record<string, string[]>} */
export const ENGINE_ONLY_CSP = {
  'default-src': ['self'],
  'script-src': ['self'],
  'style-src': ['self', 'unsafe-inline'],
  'img-src': ['self', 'data:'],
  'connect-src': ['self'],
  'base-uri': ['none'],
  'form-action': ['self'],
  'object-src': ['none'],
};
