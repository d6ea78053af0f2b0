import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Sage user-data ids are 32-character lowercase hex GUIDs without hyphens. */
export function newId(): string {
  return randomUUID().replaceAll('-', '');
}

/**
 * Seeded records (business, ledger accounts) get ids derived from their identity so they are the
 * same after every reset and on every run: tests and the launcher can rely on them.
 */
export function stableId(...parts: string[]): string {
  return createHash('md5').update(parts.join('|')).digest('hex');
}

export function randomToken(bytes = 48): string {
  return randomBytes(bytes).toString('base64url');
}
