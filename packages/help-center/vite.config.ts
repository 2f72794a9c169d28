import { sveltekit } from '@sveltejs/kit/vite';
import { defaultServerConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  build: { reportCompressedSize: false },
  // SvelteKit's server imports `cookie`: bundled from SvelteKit's own copy, since the workspace's
  // hoisted one (fastify's, a later major) exports other names.
  ssr: {
    noExternal: ['cookie'],
    resolve: { conditions: ['@support-engine/source', ...defaultServerConditions] },
  },
});
