/** Sage renders timestamps to the second, e.g. 2025-03-01T10:00:00Z. */
export function isoSeconds(ms: number): string {
  return new Date(truncateToSecond(ms)).toISOString().replace('.000Z', 'Z');
}

export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Sage's own attributes example shows money as a string ("110.0"), while the spec types it as a
 * number; the simulator sends strings so clients are forced to accept both.
 */
export function decimal(n: number, places = 2): string {
  const factor = 10 ** places;
  const rounded = Math.round(n * factor) / factor;
  return Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded);
}

export function roundMoney(n: number): number {
  return Math.round(n * 100) / 100;
}

export interface Link {
  id: string;
  displayed_as: string;
  $path: string;
}

export function link(resource: string, id: string, displayedAs: string): Link {
  return { id, displayed_as: displayedAs, $path: `/${resource}/${id}` };
}
