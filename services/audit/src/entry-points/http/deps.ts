import type { Topics } from '../../../../../libs/contracts/src/topics.js';
import type { JwtSettings } from '../../../../../libs/platform/src/auth/jwt-auth.js';
import type { Publisher } from '../../../../../libs/platform/src/kafka/publisher.js';
import type { Logger } from '../../../../../libs/platform/src/logger.js';
import type {
  ConnectionsRepository,
  SageTokens,
  VtigerCredentials,
} from '../../../../../libs/state/src/connections-repository.js';
import type { TenantsRepository } from '../../../../../libs/state/src/tenants-repository.js';
import type { OAuthStatesRepository } from '../../data-access/oauth-states-repository.js';
import type { SyncLogRepository } from '../../data-access/sync-log-repository.js';

/** The ports the operator API needs: built for real in main.ts, the same way in tests. */
export interface AuditApiDeps {
  tenants: TenantsRepository;
  connections: ConnectionsRepository;
  syncLog: SyncLogRepository;
  oauthStates: OAuthStatesRepository;
  publisher: Publisher;
  topics: Topics;
  jwt: JwtSettings;
  publicBaseUrl: string;
  logger: Logger;
  /** Logs in to Vtiger with the credentials; rejects with an operational error if they fail. */
  verifyVtiger(credentials: VtigerCredentials): Promise<void>;
  sage: {
    authorizeUrl(input: {
      state: string;
      codeChallenge: string;
      country: string;
      redirectUri: string;
    }): string;
    exchangeCode(code: string, codeVerifier: string, redirectUri: string): Promise<SageTokens>;
    /** The business the connection acts for: the lead business of the authorising user. */
    leadBusinessId(accessToken: string): Promise<string | undefined>;
    revoke(refreshToken: string): Promise<void>;
  };
}
