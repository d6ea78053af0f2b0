/**
 * How Vtiger 8.2.0 stores and prints values: no validation, PHP-style number coercion, decimals padded
 * as MySQL returns them, and HTML-encoded labels.
 */

/** PHP's (float) cast on a user string: leading number or 0; "1,234.56" is 1 (',' groups digits). */
export function phpFloat(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = Number.parseFloat(String(value ?? '').trim());
  return Number.isFinite(n) ? n : 0;
}

export function phpInt(value: unknown): number {
  return Math.trunc(phpFloat(value));
}

export function fixed(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** Half-up rounding, as PHP's round() does (toFixed alone rounds 1.005 down). */
export function roundHalfUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round((value + Math.sign(value) * Number.EPSILON) * factor) / factor;
}

/** Checkboxes store 1 only for "1", 1, true and "on"; "true", "yes" and "off" store 0. */
export function phpBoolean(value: unknown): string {
  return value === true || value === 1 || value === '1' || value === 'on' ? '1' : '0';
}

/** Dates are stored as YYYY-MM-DD; a dd-mm-yyyy input is converted silently. */
export function normalizeDate(value: unknown): string {
  const text = String(value ?? '').trim();
  const dmy = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text);
  if (dmy) return `${dmy[3]}-${dmy[2]}-${dmy[1]}`;
  return text;
}

/** Server times: UTC "YYYY-MM-DD HH:MM:SS", one-second resolution. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&#039;',
  '<': '&lt;',
  '>': '&gt;',
  '\u00a0': '&nbsp;',
  à: '&agrave;',
  á: '&aacute;',
  â: '&acirc;',
  ä: '&auml;',
  ç: '&ccedil;',
  è: '&egrave;',
  é: '&eacute;',
  ê: '&ecirc;',
  ë: '&euml;',
  í: '&iacute;',
  ï: '&iuml;',
  ñ: '&ntilde;',
  ó: '&oacute;',
  ô: '&ocirc;',
  ö: '&ouml;',
  ú: '&uacute;',
  ü: '&uuml;',
  ß: '&szlig;',
  É: '&Eacute;',
  Ä: '&Auml;',
  Ö: '&Ouml;',
  Ü: '&Uuml;',
};

/** The record label is stored through htmlentities(), while the field itself keeps raw UTF-8. */
export function htmlEntities(text: string): string {
  return text.replace(/[&"'<>\u00a0\u00c0-\u00ff]/g, (ch) => ENTITIES[ch] ?? ch);
}

/** PHP json_encode output: "/" escaped as "\/" and non-ASCII as \uXXXX (what 8.2 sends). */
export function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
