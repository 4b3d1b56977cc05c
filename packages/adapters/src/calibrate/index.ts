export { checkFloorLayout } from './check-floor-layout.ts';
export { calibrationControlUrl } from './control-url.ts';
export type { CalibrationPage } from './read-sample.ts';
export { type FloorLayoutSuggestion, type RemovalShown, suggestFloorLayout } from './suggest-floor-layout.ts';
