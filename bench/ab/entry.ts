// What bench/ab.sh bundles from each revision: the reader and the table function.
export { readLayer } from '../../src/io/read.js';
export { tabulate, tabulateLayers } from '../../src/overlay/tabulate.js';
