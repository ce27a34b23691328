// Smoke test of the ES module build (dist/index.js), run by CI after the build (checks: smoke-checks.cjs).
import smoke from './smoke-checks.cjs';
import * as t from '../dist/index.js';

await smoke.check(t);
console.log('ES module build: ok');
