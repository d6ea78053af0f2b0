import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../../../../libs/platform/src/mongo.js';
import type { SecretBox } from '../../../../libs/platform/src/secret-box.js';

interface OAuthStateDoc {
  _id: string; // the state parameter
  tenantId: string;
  codeVerifierSealed: string;
  country: string;
  createdBy: string;
  expiresAt: Date;
}

const schema = new Schema<OAuthStateDoc>(
  {
    _id: String,
    tenantId: String,
    codeVerifierSealed: String,
    country: String,
    createdBy: String,
    expiresAt: Date,
  },
  { versionKey: false },
);

/**
 * Pending Sage authorisations: the state parameter (CSRF) and the PKCE verifier, used once.
 * FerretDB has no TTL indexes, so expired ones are purged on a schedule.
 */
export function createOAuthStatesRepository(connection: Connection, box: SecretBox) {
  const State = modelOn<OAuthStateDoc>(connection, 'OAuthState', schema, 'oauth_states');
  return {
    async ensureIndexes() {
      await State.createCollection().catch(() => undefined);
      await State.collection.createIndex({ expiresAt: 1 });
    },
    async save(
      state: string,
      value: { tenantId: string; codeVerifier: string; country: string; createdBy: string; expiresAt: Date },
    ) {
      await State.collection.insertOne({
        _id: state,
        tenantId: value.tenantId,
        codeVerifierSealed: box.seal(value.codeVerifier),
        country: value.country,
        createdBy: value.createdBy,
        expiresAt: value.expiresAt,
      } as never);
    },
    /** Takes the state out, so a replayed callback finds nothing. */
    async consume(state: string, now = new Date()) {
      const doc = await State.findOneAndDelete({ _id: state }).lean<OAuthStateDoc>().exec();
      if (!doc || doc.expiresAt < now) return null;
      return { tenantId: doc.tenantId, codeVerifier: box.open(doc.codeVerifierSealed), country: doc.country };
    },
    async purgeExpired(now = new Date()): Promise<number> {
      const result = await State.deleteMany({ expiresAt: { $lt: now } });
      return result.deletedCount;
    },
  };
}
export type OAuthStatesRepository = ReturnType<typeof createOAuthStatesRepository>;
