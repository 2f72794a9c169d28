import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Pages rendered on the server (they work without JavaScript; hydrated when it runs), built to a
 * request handler (build/handler.js) the API mounts under /help.
 */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // Its settings (ORIGIN, BODY_SIZE_LIMIT...) under a prefix of their own, never the engine's variables.
    adapter: adapter({ out: 'build', precompress: true, envPrefix: 'SUPPORT_HELP_CENTER_NODE_' }),
    paths: { base: '/help', relative: false },
    appDir: '_app',
    // Every page says what it may load: the engine's own files only (the widget's loader and frame
    // included), its inline bootstrap allowed by a nonce. Never framed (the API also sends
    // X-Frame-Options: DENY).
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        // The widget's loader places its launcher with style attributes.
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'connect-src': ['self'],
        'frame-src': ['self'],
        'frame-ancestors': ['none'],
        'base-uri': ['none'],
        'form-action': ['self'],
        'object-src': ['none'],
      },
    },
  },
};
