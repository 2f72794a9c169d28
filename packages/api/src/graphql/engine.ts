/**
 * The one import of the `graphql` package. graphql 16 ships ESM (`index.mjs`) and CJS
 * (`index.js`) copies; Node (and so graphql-yoga) loads the CJS one, while bundler-style
 * resolution (vitest) would pick the ESM one for our sources, and graphql refuses to mix
 * types from two copies. Naming the file pins every runtime to the copy yoga uses.
 */
export * from 'graphql/index.js';
