import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../../platform/src/mongo.js';
import type { SecretBox } from '../../platform/src/secret-box.js';

export type SageConnectionStatus = 'connected' | 'reauthorization_required' | 'disconnected';

interface ConnectionDoc {
  _id: string; // `${tenantId}:vtiger` or `${tenantId}:sage`
  tenantId: string;
  kind: 'vtiger' | 'sage';
  // Vtiger
  url?: string;
  username?: string;
  accessKeySealed?: string;
  // Sage
  status?: SageConnectionStatus;
  country?: string;
  businessId?: string;
  accessTokenSealed?: string;
  accessTokenExpiresAt?: Date;
  refreshTokenSealed?: string;
  refreshTokenExpiresAt?: Date;
  /** Incremented on every token write, so concurrent refreshers can compare-and-set. */
  tokenVersion?: number;
  /** Cross-replica single-flight for refreshes: who holds the refresh, and until when. */
  refreshLock?: { owner: string; until: Date } | null;
  updatedAt: Date;
}

const connectionSchema = new Schema<ConnectionDoc>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    kind: { type: String, required: true },
    url: String,
    username: String,
    accessKeySealed: String,
    status: String,
    country: String,
    businessId: String,
    accessTokenSealed: String,
    accessTokenExpiresAt: Date,
    refreshTokenSealed: String,
    refreshTokenExpiresAt: Date,
    tokenVersion: Number,
    refreshLock: { type: Schema.Types.Mixed, default: null },
    updatedAt: Date,
  },
  { versionKey: false },
);

export interface VtigerCredentials {
  url: string;
  username: string;
  accessKey: string;
}

export interface SageTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export interface SageConnection {
  tenantId: string;
  status: SageConnectionStatus;
  country?: string;
  businessId?: string;
  tokens?: SageTokens;
  tokenVersion: number;
}

/**
 * Credentials per tenant, sealed at rest with ENCRYPTION_KEY. Audit writes connections (connect,
 * disconnect); token rotation is a compare-and-set on tokenVersion so any replica of any service
 * may refresh without losing a rotated refresh token.
 */
export function createConnectionsRepository(connection: Connection, box: SecretBox) {
  const Model = modelOn<ConnectionDoc>(connection, 'Connection', connectionSchema, 'connections');

  function toSage(doc: ConnectionDoc): SageConnection {
    const tokens =
      doc.accessTokenSealed && doc.refreshTokenSealed && doc.accessTokenExpiresAt && doc.refreshTokenExpiresAt
        ? {
            accessToken: box.open(doc.accessTokenSealed),
            accessTokenExpiresAt: doc.accessTokenExpiresAt,
            refreshToken: box.open(doc.refreshTokenSealed),
            refreshTokenExpiresAt: doc.refreshTokenExpiresAt,
          }
        : undefined;
    return {
      tenantId: doc.tenantId,
      status: doc.status ?? 'disconnected',
      country: doc.country,
      businessId: doc.businessId,
      tokens,
      tokenVersion: doc.tokenVersion ?? 0,
    };
  }

  function sealTokens(tokens: SageTokens) {
    return {
      accessTokenSealed: box.seal(tokens.accessToken),
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      refreshTokenSealed: box.seal(tokens.refreshToken),
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    };
  }

  return {
    async ensureIndexes() {
      await Model.createCollection().catch(() => undefined);
      await Model.collection.createIndex({ tenantId: 1 });
    },
    async saveVtiger(tenantId: string, creds: VtigerCredentials): Promise<void> {
      await Model.updateOne(
        { _id: `${tenantId}:vtiger` },
        {
          $set: {
            tenantId,
            kind: 'vtiger',
            url: creds.url,
            username: creds.username,
            accessKeySealed: box.seal(creds.accessKey),
            updatedAt: new Date(),
          },
        },
        { upsert: true },
      );
    },
    async findVtiger(tenantId: string): Promise<VtigerCredentials | null> {
      const doc = await Model.findById(`${tenantId}:vtiger`).lean<ConnectionDoc>().exec();
      if (!doc?.url || !doc.username || !doc.accessKeySealed) return null;
      return { url: doc.url, username: doc.username, accessKey: box.open(doc.accessKeySealed) };
    },
    /** The Vtiger connection without its secret, for the API. */
    async describeVtiger(
      tenantId: string,
    ): Promise<{ url: string; username: string; updatedAt: Date } | null> {
      const doc = await Model.findById(`${tenantId}:vtiger`).lean<ConnectionDoc>().exec();
      return doc?.url && doc.username
        ? { url: doc.url, username: doc.username, updatedAt: doc.updatedAt }
        : null;
    },
    async saveSageConnected(
      tenantId: string,
      details: { country?: string; businessId?: string },
      tokens: SageTokens,
    ) {
      await Model.updateOne(
        { _id: `${tenantId}:sage` },
        {
          $set: {
            tenantId,
            kind: 'sage',
            status: 'connected',
            country: details.country,
            businessId: details.businessId,
            ...sealTokens(tokens),
            refreshLock: null,
            updatedAt: new Date(),
          },
          $inc: { tokenVersion: 1 },
        },
        { upsert: true },
      );
    },
    async findSage(tenantId: string): Promise<SageConnection | null> {
      const doc = await Model.findById(`${tenantId}:sage`).lean<ConnectionDoc>().exec();
      return doc ? toSage(doc) : null;
    },
    /** Takes the refresh lock if nobody holds a live one. */
    async tryLockRefresh(tenantId: string, owner: string, forMs: number): Promise<boolean> {
      const now = new Date();
      const result = await Model.updateOne(
        { _id: `${tenantId}:sage`, $or: [{ refreshLock: null }, { 'refreshLock.until': { $lt: now } }] },
        { $set: { refreshLock: { owner, until: new Date(now.getTime() + forMs) } } },
      );
      return result.modifiedCount === 1;
    },
    /** Gives the refresh lock back after a failed refresh, so the next caller need not wait it out. */
    async releaseRefreshLock(tenantId: string, owner: string): Promise<void> {
      await Model.updateOne(
        { _id: `${tenantId}:sage`, 'refreshLock.owner': owner },
        { $set: { refreshLock: null } },
      );
    },
    /** Stores rotated tokens only if nobody else rotated them since `expectedVersion`. */
    async storeRotatedTokens(
      tenantId: string,
      expectedVersion: number,
      tokens: SageTokens,
    ): Promise<boolean> {
      const result = await Model.updateOne(
        { _id: `${tenantId}:sage`, tokenVersion: expectedVersion },
        {
          $set: { ...sealTokens(tokens), refreshLock: null, updatedAt: new Date() },
          $inc: { tokenVersion: 1 },
        },
      );
      return result.modifiedCount === 1;
    },
    async markSage(tenantId: string, status: SageConnectionStatus): Promise<void> {
      const unset = status === 'connected' ? {} : { $unset: { accessTokenSealed: 1, refreshTokenSealed: 1 } };
      await Model.updateOne(
        { _id: `${tenantId}:sage` },
        { $set: { status, refreshLock: null, updatedAt: new Date() }, ...unset },
      );
    },
  };
}
export type ConnectionsRepository = ReturnType<typeof createConnectionsRepository>;
