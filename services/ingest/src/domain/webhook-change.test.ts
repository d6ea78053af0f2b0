import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { changeEventSchema, type ChangeEvent } from '../../../../libs/contracts/src/events.js';
import { changeFromWebhook, type WebhookDecision } from './webhook-change.js';

const NOW = new Date('2025-03-01T12:00:00.000Z');
const ids = { eventId: 'evt-0001-abcd', now: NOW };

/** A Vtiger workflow webhook body; Vtiger Cloud also sends the record's fields, which are ignored. */
/** The refusal a decision carries; fails the test when the webhook was accepted. */
function refusal(decision: WebhookDecision): { field: string; message: string } {
  if (decision.ok) assert.fail(`expected a refusal, got ${JSON.stringify(decision.event)}`);
  return decision;
}

/** The change event a decision carries; fails the test when the webhook was refused. */
function accepted(decision: WebhookDecision): ChangeEvent {
  if (!decision.ok) assert.fail(`expected a change, got ${decision.field}: ${decision.message}`);
  return decision.event;
}

function aWebhookBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { module: 'Accounts', id: '11x42', accountname: 'Acme', ...overrides };
}

describe('a change from a Vtiger webhook', () => {
  test('when the body names a synced module and a record id, it becomes an upsert change event', () => {
    assert.deepEqual(changeFromWebhook('acme', aWebhookBody(), ids), {
      ok: true,
      event: {
        schema: 'vsb.change.v1',
        eventId: 'evt-0001-abcd',
        tenantId: 'acme',
        occurredAt: NOW.toISOString(),
        source: 'vtiger',
        module: 'organizations',
        recordId: '11x42',
        kind: 'upsert',
        trigger: 'webhook',
        detectedAt: NOW.toISOString(),
      },
    });
  });

  test('the change event it makes passes the change event schema', () => {
    const decision = changeFromWebhook('acme', aWebhookBody(), ids);
    assert.equal(changeEventSchema.safeParse(accepted(decision)).success, true);
  });

  test('a form-shaped body (all strings, as urlencoded parsing gives) is accepted the same way', () => {
    const form = Object.assign(Object.create(null) as object, {
      module: 'Invoice',
      id: '7x9',
      event: 'save',
    });
    const decision = changeFromWebhook('acme', form, ids);
    assert.equal(accepted(decision).module, 'invoices');
    assert.equal(accepted(decision).kind, 'upsert');
  });

  for (const [vtigerModule, module] of [
    ['Accounts', 'organizations'],
    ['contacts', 'contacts'],
    ['Products', 'products'],
    ['Services', 'services'],
    ['INVOICE', 'invoices'],
  ] as const) {
    test(`the Vtiger module "${vtigerModule}" is the ${module} module`, () => {
      const decision = changeFromWebhook('acme', aWebhookBody({ module: vtigerModule }), ids);
      assert.equal(accepted(decision).module, module);
    });
  }

  test('when the event is "delete", the change is a delete', () => {
    const decision = changeFromWebhook('acme', aWebhookBody({ event: 'delete' }), ids);
    assert.equal(accepted(decision).kind, 'delete');
  });

  test('when the id is missing, it is refused naming the id field', () => {
    const { id: _id, ...body } = aWebhookBody();
    const decision = changeFromWebhook('acme', body, ids);
    assert.equal(refusal(decision).field, 'id');
    assert.match(refusal(decision).message, /^id is required/);
  });

  test('when the module is missing, it is refused naming the module field', () => {
    const { module: _module, ...body } = aWebhookBody();
    const decision = changeFromWebhook('acme', body, ids);
    assert.equal(refusal(decision).field, 'module');
    assert.match(refusal(decision).message, /^module is required/);
  });

  for (const badId of ['42', '11x', 'x42', '11x42; drop', 'abc']) {
    test(`when the id is "${badId}", it is refused as not a Vtiger webservice id`, () => {
      const decision = changeFromWebhook('acme', aWebhookBody({ id: badId }), ids);
      assert.equal(refusal(decision).field, 'id');
      assert.match(refusal(decision).message, /webservice id such as "11x42"/);
    });
  }

  test('when the module is not synced, it is refused with a message listing the supported modules', () => {
    const decision = changeFromWebhook('acme', aWebhookBody({ module: 'Leads' }), ids);
    assert.equal(refusal(decision).field, 'module');
    assert.equal(
      refusal(decision).message,
      'module "Leads" is not synced; expected one of Accounts, Contacts, Products, Services, Invoice',
    );
  });

  for (const [what, body] of [
    ['null', null],
    ['an array', [{ module: 'Accounts', id: '11x42' }]],
    ['a string', 'module=Accounts&id=11x42'],
  ] as const) {
    test(`when the body is ${what}, it is refused as a whole`, () => {
      const decision = changeFromWebhook('acme', body, ids);
      assert.equal(refusal(decision).field, '(body)');
    });
  }

  test('when the event is neither save nor delete, it is refused naming the event field', () => {
    const decision = changeFromWebhook('acme', aWebhookBody({ event: 'explode' }), ids);
    assert.equal(refusal(decision).field, 'event');
  });
});
