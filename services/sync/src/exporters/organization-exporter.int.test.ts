// Integration test: real Kafka and real database
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import axios from 'axios';
import {
  countOf,
  startBridgeStack,
  type BridgeStack,
  type SyncLogEntry,
} from '../../../../test/support/bridge-stack.js';
import { eventually } from '../../../../test/support/environment.js';
import { aChangeEvent } from '../../../../test/support/event-builders.js';

let stack: BridgeStack;

async function entriesFor(tenantId: string, vtigerId: string) {
  return (await stack.syncLog(tenantId)).filter((e) => e.vtigerId === vtigerId);
}

async function entryFor(
  tenantId: string,
  vtigerId: string,
  matches: (e: SyncLogEntry) => boolean = () => true,
) {
  return eventually(
    async () => (await entriesFor(tenantId, vtigerId)).find(matches),
    `a sync-log entry for ${vtigerId} of ${tenantId}`,
  );
}

/** An Organization saved by a person in Vtiger: the workflow tells the bridge (tenant acme). */
async function saveOrganization(fields: Record<string, string>) {
  return (await stack.vtigerAdmin.create('Accounts', { assigned_user_id: '19x1', ...fields })).id!;
}

/** An Organization that exists in Vtiger without any workflow having run (bulk import). */
async function importedOrganization(name: string) {
  const { data } = await stack.vtigerControl.post('/seed', {
    module: 'Accounts',
    count: 1,
    template: { accountname: name },
  });
  return data.ids[0] as string;
}

/** Customers already in Sage before the bridge ever ran. */
async function existingSageCustomers(...templates: Array<Record<string, unknown>>) {
  const ids: string[] = [];
  for (const template of templates) {
    const { data } = await stack.sageControl.post('/seed', {
      resource: 'contacts',
      count: 1,
      template: { contact_type_ids: ['CUSTOMER'], ...template },
    });
    ids.push(data.ids[0]);
  }
  return ids;
}

async function sageCustomer(id: string) {
  return (await stack.sageUser().get(`/contacts/${id}`)).data as {
    name: string;
    main_contact_person: { telephone: string | null };
  };
}

async function simNow(control: ReturnType<typeof axios.create>) {
  return Date.parse((await control.get('/clock')).data.now);
}

/** Moves one simulator's clock so its saves are at least a minute newer than the other's. */
async function makeNewer(ahead: ReturnType<typeof axios.create>, behind: ReturnType<typeof axios.create>) {
  const gap = (await simNow(behind)) - (await simNow(ahead)) + 60_000;
  if (gap > 0) await ahead.post('/clock', { advanceMs: gap });
}

before(async () => {
  stack = await startBridgeStack('sync-rules');
  const auditApi = stack.auditApi;
  // dormant: nothing enabled (the default); inbound: organizations only from Sage to Vtiger.
  await auditApi.post('/v1/tenants', { id: 'dormant', name: 'Dormant' });
  await auditApi.post('/v1/tenants', { id: 'inbound', name: 'Inbound' });
  const settings = (await auditApi.get('/v1/tenants/inbound/settings')).data;
  await auditApi.put('/v1/tenants/inbound/settings', {
    ...settings,
    modules: { ...settings.modules, organizations: { enabled: true, direction: 'sage_to_vtiger' } },
  });
  await stack.connect('replay', { organizations: { enabled: true, direction: 'vtiger_to_sage' } });
  // Last, so the Vtiger workflow posts for acme.
  await stack.connect('acme', { organizations: { enabled: true, direction: 'both' } });
});
after(async () => {
  await stack?.stop();
});

describe('first-sync matching', () => {
  const cases: Array<{
    by: 'reference' | 'email' | 'name';
    arrange: () => Promise<{ vtigerId: string; sageId: string }>;
  }> = [
    {
      by: 'reference',
      async arrange() {
        const vtigerId = await importedOrganization('Reference Match Trading');
        const account = (await stack.vtigerAdmin.retrieve(vtigerId))!;
        assert.ok(account.account_no, 'Vtiger numbered the organization');
        const [sageId] = await existingSageCustomers({
          name: 'Known In Sage Under Another Name',
          reference: account.account_no,
        });
        await stack.publishChanges(aChangeEvent('acme', { recordId: vtigerId }));
        return { vtigerId, sageId: sageId! };
      },
    },
    {
      by: 'email',
      async arrange() {
        const [sageId] = await existingSageCustomers({
          name: 'Accounts Payable Dept',
          main_contact_person: { name: 'Accounts', email: 'ap@email-match.test' },
        });
        const vtigerId = await saveOrganization({
          accountname: 'Email Match Trading',
          email1: 'AP@email-match.test',
        });
        return { vtigerId, sageId: sageId! };
      },
    },
    {
      by: 'name',
      async arrange() {
        const [sageId] = await existingSageCustomers({ name: 'WAYNE ENTERPRISES' });
        const vtigerId = await saveOrganization({ accountname: 'Wayne Enterprises' });
        return { vtigerId, sageId: sageId! };
      },
    },
    {
      // Sage's search matches substrings of the raw name: the bridge must still find this one.
      by: 'name',
      async arrange() {
        const [sageId] = await existingSageCustomers({ name: 'Acme Widgets Limited' });
        const vtigerId = await saveOrganization({ accountname: 'Acme Widgets Ltd' });
        return { vtigerId, sageId: sageId! };
      },
    },
  ];
  for (const [i, { by, arrange }] of cases.entries()) {
    test(`a Sage customer with the same ${by} (case ${i + 1}) is linked instead of created, and later saves update it`, async () => {
      const postsBefore = countOf(await stack.sageCalls(), 'POST /v3.1/contacts', 201);
      const { vtigerId, sageId } = await arrange();

      const linked = await entryFor('acme', vtigerId);
      assert.equal(linked.outcome, 'updated', JSON.stringify(linked.reason));
      assert.equal(linked.sageId, sageId);
      assert.equal(linked.details?.matchedBy, by);

      await stack.vtigerAdmin.revise({ id: vtigerId, phone: '+44 161 496 0123' });
      const later = await entryFor('acme', vtigerId, (e) => e.id !== linked.id && e.outcome === 'updated');
      assert.equal(later.sageId, sageId, 'the same customer: nothing is matched again');
      assert.equal((await sageCustomer(sageId)).main_contact_person.telephone, '+44 161 496 0123');
      assert.equal(
        countOf(await stack.sageCalls(), 'POST /v3.1/contacts', 201),
        postsBefore,
        'no Sage customer was created',
      );
    });
  }

  test('two Sage customers with the same name make the record skipped AMBIGUOUS_MATCH listing both', async () => {
    const postsBefore = countOf(await stack.sageCalls(), 'POST /v3.1/contacts', 201);
    const sageIds = await existingSageCustomers({ name: 'Stark Industries' }, { name: 'Stark Industries' });
    const vtigerId = await saveOrganization({ accountname: 'Stark Industries' });

    const entry = await entryFor('acme', vtigerId);
    assert.equal(entry.outcome, 'skipped');
    assert.equal(entry.reason?.code, 'AMBIGUOUS_MATCH');
    assert.equal(entry.reason?.field, 'name');
    for (const id of sageIds) assert.match(entry.reason?.message ?? '', new RegExp(id));
    assert.match(entry.reason?.message ?? '', new RegExp(vtigerId));
    assert.equal(countOf(await stack.sageCalls(), 'POST /v3.1/contacts', 201), postsBefore);
  });
});

describe('module settings', () => {
  test('a change for a module the tenant has not enabled is skipped MODULE_DISABLED', async () => {
    const vtigerId = await importedOrganization('Dormant Ltd');
    await stack.publishChanges(aChangeEvent('dormant', { recordId: vtigerId }));
    const entry = await entryFor('dormant', vtigerId);
    assert.equal(entry.outcome, 'skipped');
    assert.equal(entry.reason?.code, 'MODULE_DISABLED');
    assert.match(entry.reason?.message ?? '', /Organizations/);
  });

  test('a Vtiger change for a module that only syncs from Sage to Vtiger is skipped DIRECTION_DISABLED', async () => {
    const vtigerId = await importedOrganization('Inbound Only Ltd');
    await stack.publishChanges(aChangeEvent('inbound', { recordId: vtigerId }));
    const entry = await entryFor('inbound', vtigerId);
    assert.equal(entry.outcome, 'skipped');
    assert.equal(entry.reason?.code, 'DIRECTION_DISABLED');
    assert.equal(entry.direction, 'vtiger_to_sage');
    assert.match(entry.reason?.message ?? '', /sage to vtiger/);
  });
});

describe('a field changed in both Vtiger and Sage since the last sync', () => {
  async function syncedOrganization(name: string) {
    const vtigerId = await saveOrganization({ accountname: name, phone: '+44 20 7946 0001' });
    const created = await entryFor('acme', vtigerId, (e) => e.outcome === 'created');
    return { vtigerId, sageId: created.sageId! };
  }
  async function editPhoneInSage(sageId: string, telephone: string) {
    await stack.sageUser().put(`/contacts/${sageId}`, { contact: { main_contact_person: { telephone } } });
  }

  test('under newest_wins the newer Vtiger value is kept, written to Sage, and both values are logged', async () => {
    const { vtigerId, sageId } = await syncedOrganization('Conflict Vtiger Newer Ltd');
    await editPhoneInSage(sageId, '+44 20 7946 0002');
    await makeNewer(stack.vtigerControl, stack.sageControl);
    await stack.vtigerAdmin.revise({ id: vtigerId, phone: '+44 20 7946 0003' });

    const entry = await entryFor('acme', vtigerId, (e) => e.outcome === 'updated');
    assert.equal(entry.reason?.code, 'CONFLICT_RESOLVED');
    assert.equal(entry.reason?.field, 'telephone');
    assert.match(entry.reason?.message ?? '', /\+44 20 7946 0003/);
    assert.match(entry.reason?.message ?? '', /\+44 20 7946 0002/);
    assert.match(entry.reason?.message ?? '', /kept the Vtiger value/);
    assert.deepEqual(entry.changes, [
      { field: 'telephone', from: '+44 20 7946 0001', to: '+44 20 7946 0003' },
    ]);
    assert.equal((await sageCustomer(sageId)).main_contact_person.telephone, '+44 20 7946 0003');
  });

  test('under newest_wins the newer Sage value is kept and written back to Vtiger', async () => {
    const { vtigerId, sageId } = await syncedOrganization('Conflict Sage Newer Ltd');
    await makeNewer(stack.sageControl, stack.vtigerControl);
    await editPhoneInSage(sageId, '+44 20 7946 0005');
    const sagePutsBefore = countOf(await stack.sageCalls(), 'PUT /v3.1/contacts/{id}', 200);
    await stack.vtigerAdmin.revise({ id: vtigerId, phone: '+44 20 7946 0006' });

    const entry = await entryFor('acme', vtigerId, (e) => e.outcome === 'updated');
    assert.equal(entry.reason?.code, 'CONFLICT_RESOLVED');
    assert.match(entry.reason?.message ?? '', /kept the Sage value/);
    await eventually(
      async () => (await stack.vtigerAdmin.retrieve(vtigerId))?.phone === '+44 20 7946 0005',
      'the Sage value written back to Vtiger',
    );
    assert.equal((await sageCustomer(sageId)).main_contact_person.telephone, '+44 20 7946 0005');
    assert.equal(
      countOf(await stack.sageCalls(), 'PUT /v3.1/contacts/{id}', 200),
      sagePutsBefore,
      'Sage already held the winning value: no Sage write',
    );
  });
});

describe('a change event delivered twice', () => {
  const unchangedCount = async (tenant: string) => {
    const metrics = (await axios.get(`${stack.sync.url}/metrics`)).data as string;
    const line = metrics
      .split('\n')
      .find(
        (l) =>
          l.startsWith('vsb_sync_outcomes_total{') &&
          l.includes(`tenant="${tenant}"`) &&
          l.includes('outcome="unchanged"'),
      );
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  test('creates one Sage customer and one sync-log entry', async () => {
    const vtigerId = await importedOrganization('Delivered Twice Ltd');
    const postsBefore = countOf(await stack.sageCalls(), 'POST /v3.1/contacts', 201);
    const unchangedBefore = await unchangedCount('replay');
    const event = aChangeEvent('replay', { recordId: vtigerId });
    await stack.publishChanges(event);
    await stack.publishChanges(event);

    await entryFor('replay', vtigerId);
    await eventually(
      async () => (await unchangedCount('replay')) === unchangedBefore + 1,
      'sync to decide the second delivery needs no write',
    );
    assert.equal((await entriesFor('replay', vtigerId)).length, 1);
    assert.equal(countOf(await stack.sageCalls(), 'POST /v3.1/contacts', 201), postsBefore + 1);
  });
});
