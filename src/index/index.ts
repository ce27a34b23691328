/** Spatial indexes over layers. */
export { LayerIndex, layerIndex } from './layer-index.js';
export { TreeHits, searchTree } from './tree-search.js';
