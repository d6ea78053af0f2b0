/**
 * The demo's fixed values (DESIGN.md section 3), used by `npm start` and `npm run token` and by
 * nothing else. None of them is a secret: never use them outside a local demo.
 */
export const DEMO = {
  tenantId: 'demo',
  tenantName: 'Demo Company',
  webhookSecret: 'demo-webhook-secret',
  jwtSecret: 'dev-only-jwt-secret-change-me',
  jwtIssuer: 'vtiger-sage-bridge',
  jwtAudience: 'vtiger-sage-bridge',
  /** 32 bytes, base64: the fixed dev-only credential encryption key. */
  encryptionKey: Buffer.from('dev-only-encryption-key-32-bytes').toString('base64'),
  sageClientId: 'demo-client',
  sageClientSecret: 'demo-client-secret',
  vtiger: { username: 'bridge', accessKey: 'bridgeAccessKey1' },
  vtigerAdmin: { username: 'admin', accessKey: 'demoAccessKey123' },
  ports: { ingest: 3001, sync: 3002, audit: 3003, vtigerSim: 3011, sageSim: 3012 },
} as const;
