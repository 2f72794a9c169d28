import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The loader's .gz and .br copies beside it, as adapter-static writes them for the frame's files. */
function precompress(): Plugin {
  return {
    name: 'widget:loader-precompress',
    writeBundle(options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const path = join(options.dir ?? 'build', file.fileName);
        writeFileSync(`${path}.gz`, gzipSync(file.code, { level: 9 }));
        writeFileSync(`${path}.br`, brotliCompressSync(file.code));
      }
    },
  };
}

/**
 * The loader: one small script (an IIFE, no imports) that sites embed, written to build/loader.js
 * beside the frame's files after SvelteKit's build (which empties the folder first).
 */
export default defineConfig({
  plugins: [precompress()],
  build: {
    outDir: 'build',
    emptyOutDir: false,
    reportCompressedSize: false,
    target: 'es2020',
    lib: {
      entry: 'src/loader/index.ts',
      formats: ['iife'],
      name: 'SupportWidgetLoader',
      fileName: () => 'loader.js',
    },
  },
});
