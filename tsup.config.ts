import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    // flatbush and robust-predicates ship only as ES modules; bundled, the CommonJS build gets working classes
    // instead of a namespace object whose `.default` is not a constructor.
    noExternal: ['flatbush', 'robust-predicates'],
    // import.meta.url in the CommonJS build (src/parallel finds its worker file next to the running bundle;
    // src/crs loads proj4 on first use through createRequire).
    shims: true,
  },
  {
    // The worker-thread entry of src/parallel, a file of its own next to index.js / index.cjs.
    entry: { 'tabulate-worker': 'src/parallel/tabulate-worker.ts' },
    format: ['esm', 'cjs'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    noExternal: ['flatbush', 'robust-predicates'],
    // import.meta.url in the CommonJS build (src/crs loads proj4 on first use through createRequire).
    shims: true,
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
