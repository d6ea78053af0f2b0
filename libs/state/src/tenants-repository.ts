import { createHash, timingSafeEqual } from 'node:crypto';
import { modelOn } from '../../platform/src/mongo.js';
import { createReadCache } from '../../platform/src/read-cache.js';
import { Schema, type Connection } from 'mongoose';
import type { TenantSettings } from './tenant-settings.js';

export interface TenantDoc {
  _id: string;
  name: string;
  webhookSecretHash: string;
  settings: TenantSettings;
  settingsVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

const tenantSchema = new Schema<TenantDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    webhookSecretHash: { type: String, required: true },
    settings: { type: Schema.Types.Mixed, required: true },
    settingsVersion: { type: Number, default: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export function hashWebhookSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function webhookSecretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashWebhookSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * The tenants collection. Audit is its only writer; ingest and sync read it (settings and the
 * webhook secret's hash). The secret itself is never stored.
 */
export function createTenantsRepository(connection: Connection) {
  const Tenant = modelOn<TenantDoc>(connection, 'Tenant', tenantSchema, 'tenants');
  return {
    async ensureIndexes() {
      await Tenant.createCollection().catch(() => undefined);
    },
    async find(tenantId: string): Promise<TenantDoc | null> {
      return Tenant.findById(tenantId).lean<TenantDoc>().exec();
    },
    async list(ids?: string[]): Promise<TenantDoc[]> {
      return Tenant.find(ids ? { _id: { $in: ids } } : {})
        .sort({ _id: 1 })
        .lean<TenantDoc[]>()
        .exec();
    },
    /** Inserts a new tenant; rejects with a duplicate-key error when the id is taken. */
    async insert(doc: Omit<TenantDoc, 'createdAt' | 'updatedAt' | 'settingsVersion'>): Promise<TenantDoc> {
      const now = new Date();
      const full = { ...doc, settingsVersion: 1, createdAt: now, updatedAt: now };
      await Tenant.collection.insertOne(full as never);
      return full;
    },
    async updateSettings(tenantId: string, settings: TenantSettings): Promise<TenantDoc | null> {
      return Tenant.findByIdAndUpdate(
        tenantId,
        { $set: { settings, updatedAt: new Date() }, $inc: { settingsVersion: 1 } },
        { new: true },
      )
        .lean<TenantDoc>()
        .exec();
    },
  };
}
export type TenantsRepository = ReturnType<typeof createTenantsRepository>;

/**
 * A short-lived read cache in front of the tenants collection for hot paths (every webhook and
 * every change event read the tenant). Settings changes take effect within `ttlMs`.
 */
export function createTenantCache(
  repository: Pick<TenantsRepository, 'find'>,
  ttlMs = 5_000,
  now = () => Date.now(),
) {
  return createReadCache((tenantId) => repository.find(tenantId), ttlMs, now);
}
export type TenantCache = ReturnType<typeof createTenantCache>;
