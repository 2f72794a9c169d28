import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** A single-page app: every route renders in the browser; the API answers unknown paths under /desk with index.html. */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({
      pages: 'build',
      assets: 'build',
      fallback: 'index.html',
      // Every file also written as .br and .gz: the API answers them by Accept-Encoding.
      precompress: true,
      strict: true,
    }),
    paths: { base: '/desk', relative: false },
    // Files SvelteKit writes beside the build go in one folder the API serves as immutable.
    appDir: '_app',
    // The page says what it may load: only the engine's own files and API (its inline bootstrap
    // script allowed by hash). A meta tag, so frame-ancestors is the API's X-Frame-Options.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        // Inline styles: SvelteKit's route announcer and Svelte's transitions set style attributes.
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'connect-src': ['self'],
        'base-uri': ['none'],
        'form-action': ['self'],
        'object-src': ['none'],
      },
    },
  },
};
