import { controlPath, controlTokens } from '../not-found/control-address.ts';
import { pathOf, pathPattern } from './path-pattern.ts';

/**
 * The address no product has that the calibration asks (the negative control), shaped like the
 * given product pages' own addresses — not like the floor's configured layout, which may be the
 * guess being calibrated. Null when the addresses have no common shape with an id.
 */
export function calibrationControlUrl(productUrls: readonly string[], seed: string): string | null {
  const [first] = productUrls;
  const pattern = pathPattern(productUrls.map(pathOf));
  if (!first || !pattern) return null;
  const path = controlPath(pathOf(first), new RegExp(pattern, 'u'), controlTokens(seed));
  return path ? new URL(path, first).href : null;
}
