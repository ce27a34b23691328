import { InputError } from '../errors.js';
import type { Layer } from './types.js';

/**
 * A layer must carry the configured attribute on some feature, else the configuration names the wrong field
 * (a typo there would otherwise read as "no value" on every feature).
 *
 * @example
 * requireField(landuse, 'DLBM', 'land-use', 'fields.landClass');
 */
export function requireField(layer: Layer, field: string, what: string, key: string): void {
  if (layer.featureCount === 0) return;
  for (let f = 0; f < layer.featureCount; f++) if (layer.attributes[f][field] !== undefined) return;
  const fields = Object.keys(layer.attributes[0]);
  throw new InputError(
    `${what} layer "${layer.name}": expected a field "${field}" (configuration ${key}), found none on any feature ` +
      `(fields: ${fields.length > 0 ? fields.join(', ') : 'none'})`,
  );
}
