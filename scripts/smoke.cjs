// Smoke test of the CommonJS build (dist/index.cjs), run by CI after the build (checks: smoke-checks.cjs).
const { check } = require('./smoke-checks.cjs');

check(require('../dist/index.cjs')).then(
  () => console.log('CommonJS build: ok'),
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
