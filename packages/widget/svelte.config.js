import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * The widget's frame: one page rendered in the browser, served by the API under /widget (its
 * frame-ancestors header, from the widget key in its address, says which sites may frame it).
 */
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
    paths: { base: '/widget', relative: false },
    appDir: '_app',
    // Only the engine's own files and API (the inline bootstrap script allowed by hash); uploads go
    // to the URL the API hands out, which may be the object store's origin (the API adds it).
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
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
