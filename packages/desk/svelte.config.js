import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** A single-page app: every route renders in the browser; the API answers unknown paths under /desk with index.html. */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
    paths: { base: '/desk', relative: false },
    // Files SvelteKit writes beside the build go in one folder the API serves as immutable.
    appDir: '_app',
  },
};
