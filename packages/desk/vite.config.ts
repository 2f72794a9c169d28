import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';
import { cataloguePerLanguage } from './vite-plugins/catalogue-per-language.ts';

export default defineConfig({
  plugins: [sveltekit(), cataloguePerLanguage()],
  // The domain's pure functions the desk imports (the ticket lifecycle) come from its sources.
  resolve: { conditions: ['@support-engine/source', ...defaultClientConditions] },
  build: { reportCompressedSize: false },
  // SvelteKit's build-time server imports `cookie`: bundled from SvelteKit's own copy, since the
  // workspace's hoisted one (fastify's, a later major) exports other names.
  ssr: {
    noExternal: ['cookie', '@support-engine/domain'],
    resolve: { conditions: ['@support-engine/source', ...defaultServerConditions] },
  },
});
