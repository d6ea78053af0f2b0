import { MODULES, DIRECTIONS } from '../../../../../libs/contracts/src/modules.js';
import { OUTCOMES, REASON_CODES } from '../../../../../libs/contracts/src/reason-codes.js';
import { PROBLEM_CODES } from '../../../../../libs/contracts/src/problem-codes.js';

const problem = { $ref: '#/components/schemas/Problem' };
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      { description: 'problem', content: { 'application/problem+json': { schema: problem } } },
    ]),
  );
const tenantParam = { name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

/** GET /v1/openapi.json: the operator API and the webhook, as served by this version. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.0.3',
    info: { title: 'vtiger-sage-bridge operator API', version: '1' },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string', enum: Object.keys(PROBLEM_CODES) },
            field: { type: 'string' },
          },
        },
        ModuleSetting: {
          type: 'object',
          required: ['enabled', 'direction'],
          properties: {
            enabled: { type: 'boolean' },
            direction: { type: 'string', enum: ['vtiger_to_sage', 'sage_to_vtiger', 'both'] },
          },
        },
        Settings: {
          type: 'object',
          required: ['modules'],
          properties: {
            modules: {
              type: 'object',
              properties: Object.fromEntries(
                MODULES.map((m) => [m, { $ref: '#/components/schemas/ModuleSetting' }]),
              ),
            },
            fieldMappings: {
              type: 'object',
              additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
            },
            accountMapping: {
              type: 'object',
              properties: {
                salesLedgerAccountId: { type: 'string' },
                purchaseLedgerAccountId: { type: 'string' },
                taxRates: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
            conflictPolicy: { type: 'string', enum: ['newest_wins', 'vtiger_wins', 'sage_wins'] },
            deletionPolicy: {
              type: 'object',
              additionalProperties: { type: 'string', enum: ['archive', 'propagate', 'ignore'] },
            },
          },
        },
        SyncLogEntry: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            at: { type: 'string', format: 'date-time' },
            runId: { type: 'string', nullable: true },
            module: { type: 'string', enum: [...MODULES] },
            direction: { type: 'string', enum: [...DIRECTIONS] },
            outcome: { type: 'string', enum: [...OUTCOMES] },
            reason: {
              type: 'object',
              nullable: true,
              properties: {
                code: { type: 'string', enum: [...REASON_CODES] },
                message: { type: 'string' },
                field: { type: 'string' },
              },
            },
            vtigerId: { type: 'string', nullable: true },
            sageId: { type: 'string', nullable: true },
            recordLabel: { type: 'string', nullable: true },
            changes: {
              type: 'array',
              items: { type: 'object', properties: { field: { type: 'string' }, from: {}, to: {} } },
            },
            links: {
              type: 'object',
              properties: {
                vtiger: { type: 'string', nullable: true },
                sage: { type: 'string', nullable: true },
              },
            },
          },
        },
        SyncLogPage: {
          type: 'object',
          properties: {
            items: { type: 'array', items: { $ref: '#/components/schemas/SyncLogEntry' } },
            nextCursor: { type: 'string', nullable: true },
          },
        },
      },
    },
    paths: {
      '/v1/webhooks/vtiger/{tenantId}': {
        post: {
          summary: 'Vtiger workflow webhook (ingest service); secret in X-Bridge-Secret or ?secret=',
          security: [],
          parameters: [tenantParam, { name: 'secret', in: 'query', schema: { type: 'string' } }],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['module', 'id'],
                  properties: { module: { type: 'string' }, id: { type: 'string' } },
                },
              },
              'application/x-www-form-urlencoded': { schema: { type: 'object', required: ['module', 'id'] } },
            },
          },
          responses: {
            '202': {
              description: 'durable',
              ...json({ type: 'object', properties: { eventId: { type: 'string' } } }),
            },
            ...errors(400, 401, 404, 413, 415, 503),
          },
        },
      },
      '/v1/tenants': {
        get: {
          summary: 'Tenants the caller may see',
          responses: { '200': { description: 'tenants' }, ...errors(401) },
        },
        post: {
          summary: 'Create a tenant (operators); answers its webhook secret once',
          requestBody: json({
            type: 'object',
            required: ['id', 'name'],
            properties: {
              id: { type: 'string' },
              name: { type: 'string' },
              webhookSecret: { type: 'string' },
            },
          }),
          responses: { '201': { description: 'created' }, ...errors(400, 401, 403, 409) },
        },
      },
      '/v1/tenants/{tenantId}': {
        get: {
          parameters: [tenantParam],
          responses: { '200': { description: 'tenant' }, ...errors(401, 403, 404) },
        },
      },
      '/v1/tenants/{tenantId}/connections/vtiger': {
        put: {
          parameters: [tenantParam],
          requestBody: json({
            type: 'object',
            required: ['url', 'username', 'accessKey'],
            properties: {
              url: { type: 'string' },
              username: { type: 'string' },
              accessKey: { type: 'string' },
            },
          }),
          responses: { '200': { description: 'connected' }, ...errors(400, 401, 403, 404, 422) },
        },
      },
      '/v1/tenants/{tenantId}/connections/sage/authorize': {
        get: {
          parameters: [
            tenantParam,
            { name: 'country', in: 'query', schema: { type: 'string', default: 'gb' } },
            { name: 'response', in: 'query', schema: { type: 'string', enum: ['redirect', 'json'] } },
          ],
          responses: {
            '302': { description: "to Sage's consent page (state and PKCE)" },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/v1/oauth/sage/callback': {
        get: {
          security: [],
          summary: "Sage's OAuth redirect target",
          responses: { '200': { description: 'connected' }, ...errors(400, 502) },
        },
      },
      '/v1/tenants/{tenantId}/connections/sage': {
        delete: {
          parameters: [tenantParam],
          summary: 'Revoke and forget the Sage connection',
          responses: { '204': { description: 'disconnected' }, ...errors(401, 403, 404) },
        },
      },
      '/v1/tenants/{tenantId}/settings': {
        get: {
          parameters: [tenantParam],
          responses: {
            '200': { description: 'settings', ...json({ $ref: '#/components/schemas/Settings' }) },
            ...errors(401, 403, 404),
          },
        },
        put: {
          parameters: [tenantParam],
          requestBody: json({ $ref: '#/components/schemas/Settings' }),
          responses: {
            '200': { description: 'saved', ...json({ $ref: '#/components/schemas/Settings' }) },
            ...errors(400, 401, 403, 404, 422),
          },
        },
      },
      '/v1/tenants/{tenantId}/sync-log': {
        get: {
          parameters: [
            tenantParam,
            ...['module', 'outcome', 'direction', 'runId', 'since', 'until', 'cursor', 'limit'].map(
              (name) => ({ name, in: 'query', schema: { type: 'string' } }),
            ),
          ],
          responses: {
            '200': { description: 'newest first', ...json({ $ref: '#/components/schemas/SyncLogPage' }) },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/v1/tenants/{tenantId}/sync-log/summary': {
        get: {
          parameters: [
            tenantParam,
            { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
          ],
          responses: {
            '200': { description: 'counts per module per outcome' },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/v1/tenants/{tenantId}/failures': {
        get: {
          parameters: [tenantParam],
          responses: {
            '200': {
              description: 'failed entries not yet retried',
              ...json({ $ref: '#/components/schemas/SyncLogPage' }),
            },
            ...errors(401, 403, 404),
          },
        },
      },
      '/v1/tenants/{tenantId}/failures/{id}/retry': {
        post: {
          parameters: [tenantParam, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '202': { description: 'queued' }, ...errors(401, 403, 404, 409, 503) },
        },
      },
    },
  };
}
