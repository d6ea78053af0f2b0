import { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError, modelOn } from '../../../../libs/platform/src/mongo.js';

/**
 * The binder: which Vtiger record is which Sage record, per tenant and module, with what was last
 * synced. Unique indexes on each side's id make a second link impossible; after linking nothing is
 * matched by name again. Sync is this collection's only writer.
 */
export interface LinkDoc {
  _id: string;
  tenantId: string;
  module: string;
  vtigerId: string;
  sageId: string;
  /** The last snapshot both sides agreed on; conflicts are merged against it. */
  snapshot: Record<string, unknown>;
  /** Hash of that snapshot: a change whose mapped content hashes the same needs no write (echoes). */
  snapshotHash: string;
  /** Facts about the Sage side worth showing (e.g. an invoice number). */
  sageDetails?: Record<string, string>;
  createdAt: Date;
  syncedAt: Date;
}

const linkSchema = new Schema<LinkDoc>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    module: { type: String, required: true },
    vtigerId: { type: String, required: true },
    sageId: { type: String, required: true },
    snapshot: { type: Schema.Types.Mixed, required: true },
    snapshotHash: { type: String, required: true },
    sageDetails: Schema.Types.Mixed,
    createdAt: Date,
    syncedAt: Date,
  },
  { versionKey: false, minimize: false },
);

export class LinkConflictError extends Error {
  constructor(readonly side: 'vtiger' | 'sage') {
    super(`the ${side} record is already linked to another record`);
  }
}

export function createLinksRepository(connection: Connection) {
  const Link = modelOn<LinkDoc>(connection, 'Link', linkSchema, 'links');
  const idFor = (tenantId: string, module: string, vtigerId: string) => `${tenantId}|${module}|${vtigerId}`;

  return {
    async ensureIndexes() {
      await Link.createCollection().catch(() => undefined);
      await Link.collection.createIndex(
        { tenantId: 1, module: 1, vtigerId: 1 },
        { unique: true, name: 'vtiger_side' },
      );
      await Link.collection.createIndex(
        { tenantId: 1, module: 1, sageId: 1 },
        { unique: true, name: 'sage_side' },
      );
    },
    findByVtigerId(tenantId: string, module: string, vtigerId: string) {
      return Link.findOne({ tenantId, module, vtigerId }).lean<LinkDoc>().exec();
    },
    findBySageId(tenantId: string, module: string, sageId: string) {
      return Link.findOne({ tenantId, module, sageId }).lean<LinkDoc>().exec();
    },
    /** Creates the link; a duplicate on either side is a LinkConflictError, never a second link. */
    async insert(link: Omit<LinkDoc, '_id' | 'createdAt' | 'syncedAt'>): Promise<LinkDoc> {
      const now = new Date();
      const doc: LinkDoc = {
        ...link,
        _id: idFor(link.tenantId, link.module, link.vtigerId),
        createdAt: now,
        syncedAt: now,
      };
      try {
        await Link.collection.insertOne(doc as never);
        return doc;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const existing = await Link.findById(doc._id).lean<LinkDoc>().exec();
        if (existing && existing.sageId === link.sageId) return existing; // the same link, written before a crash
        throw new LinkConflictError(existing ? 'vtiger' : 'sage');
      }
    },
    async recordSync(
      id: string,
      snapshot: Record<string, unknown>,
      snapshotHash: string,
      sageDetails?: Record<string, string>,
    ) {
      await Link.updateOne(
        { _id: id },
        { $set: { snapshot, snapshotHash, syncedAt: new Date(), ...(sageDetails ? { sageDetails } : {}) } },
      );
    },
  };
}
export type LinksRepository = ReturnType<typeof createLinksRepository>;
