import mongoose, { type Connection, type Model, type Schema } from 'mongoose';
import type { Logger } from './logger.js';

/**
 * One connection per service. Kept to what FerretDB 1.x also supports: no transactions, no TTL
 * indexes, no $lookup/$facet (DESIGN.md section 2).
 */
export async function connectMongo(url: string, logger: Logger): Promise<Connection> {
  const connection = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: 20,
    // Index builds are explicit (ensureIndexes) so start-up order and failures are visible.
    autoIndex: false,
    autoCreate: false,
  });
  connection.on('disconnected', () => logger.warn('MongoDB disconnected'));
  connection.on('reconnected', () => logger.info('MongoDB reconnected'));
  await connection.asPromise();
  return connection;
}

export async function pingMongo(connection: Connection): Promise<void> {
  if (!connection.db) throw new Error('not connected');
  await connection.db.admin().command({ ping: 1 });
}

/** Whether a write failed on a unique index, the signal for "someone else got there first". */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** The connection's model for a collection, compiled once per connection. */
export function modelOn<T>(
  connection: Connection,
  name: string,
  schema: Schema<T>,
  collection: string,
): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema, collection);
}
