/** Spatial indexes over layers. */
export { LayerIndex, layerIndex } from './layer-index.js';
