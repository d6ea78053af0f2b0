/** Opaque cursor for newest-first paging: the last entry's time and id, base64url JSON. */
export function encodeCursor(entry: { at: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ at: entry.at.toISOString(), id: entry.id })).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      at?: unknown;
      id?: unknown;
    };
    if (typeof value.at !== 'string' || typeof value.id !== 'string') return undefined;
    const at = new Date(value.at);
    return Number.isNaN(at.getTime()) ? undefined : { at, id: value.id };
  } catch {
    return undefined;
  }
}
