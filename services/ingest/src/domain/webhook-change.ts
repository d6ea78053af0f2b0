import { z } from 'zod';
import { moduleForVtigerModule, VTIGER_MODULE_OF } from '../../../../libs/contracts/src/modules.js';
import type { ChangeEvent } from '../../../../libs/contracts/src/events.js';

/**
 * What a Vtiger workflow webhook must tell us: the module and the record id. Everything else in
 * the body (Vtiger Cloud sends the record's fields) is accepted and ignored: events are hints and
 * sync re-reads the record.
 */
const webhookBodySchema = z
  .object({
    module: z
      .string({ error: 'is required (the Vtiger module name, e.g. "Accounts")' })
      .min(1, 'must not be empty'),
    id: z
      .string({ error: 'is required (the Vtiger record id, e.g. "11x42")' })
      .regex(/^\d+x\d+$/, 'must be a Vtiger webservice id such as "11x42"'),
    event: z.enum(['save', 'delete']).optional(),
  })
  .loose();

export type WebhookDecision =
  { ok: true; event: ChangeEvent } | { ok: false; field: string; message: string };

export function changeFromWebhook(
  tenantId: string,
  body: unknown,
  ids: { eventId: string; now: Date },
): WebhookDecision {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      field: '(body)',
      message: 'the body must be a JSON object or a form with module and id',
    };
  }
  const parsed = webhookBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(body)';
    return { ok: false, field, message: `${field} ${issue.message}` };
  }
  const module = moduleForVtigerModule(parsed.data.module);
  if (!module) {
    return {
      ok: false,
      field: 'module',
      message: `module "${parsed.data.module}" is not synced; expected one of ${Object.values(VTIGER_MODULE_OF).join(', ')}`,
    };
  }
  const at = ids.now.toISOString();
  return {
    ok: true,
    event: {
      schema: 'vsb.change.v1',
      eventId: ids.eventId,
      tenantId,
      occurredAt: at,
      source: 'vtiger',
      module,
      recordId: parsed.data.id,
      kind: parsed.data.event === 'delete' ? 'delete' : 'upsert',
      trigger: 'webhook',
      detectedAt: at,
    },
  };
}
