import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { ENGINE_ONLY_CSP } from '../../scripts/front-end-csp.mjs';

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
      directives: ENGINE_ONLY_CSP,
    },
  },
};
