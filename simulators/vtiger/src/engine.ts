/**
 * The operations both APIs share (webservice.php and Cloud REST v1), on one simulated database.
 * Every successful write runs the on-save workflow before it answers.
 */
import type { SimControls } from '../../shared/src/control-router.js';
import { ACCOUNT_RELATED_TYPES, MODULES, RELATIONS } from './module-definitions.js';
import { describeModule, listTypes } from './describe.js';
import { runQuery } from './query-executor.js';
import {
  createRecord,
  deleteRecord,
  moduleForCreate,
  printFields,
  printRecord,
  resolveId,
  reviseRecord,
  updateRecord,
  wsIdOf,
  type Actor,
  type Source,
} from './records.js';
import {
  buildUsers,
  type UserOption,
  defaultCurrencies,
  defaultTaxes,
  emptyRecords,
  liveRecords,
  type CurrencyRow,
  type SimState,
  type SimUser,
  type StoredRecord,
} from './sim-state.js';
import { callWorkflow, type WorkflowConfig } from './workflow.js';
import { denied, WsError } from './ws-errors.js';

export interface Engine {
  state: SimState;
  workflow: WorkflowConfig | null;
  listTypes(): unknown;
  describe(module: unknown): unknown;
  retrieve(id: unknown): unknown;
  create(module: unknown, element: unknown, actor: Actor, source?: Source): Promise<Record<string, unknown>>;
  update(element: unknown, actor: Actor): Promise<Record<string, unknown>>;
  revise(element: unknown, actor: Actor, source?: Source): Promise<Record<string, unknown>>;
  delete(id: unknown, actor: Actor): Promise<{ status: string }>;
  query(text: unknown): unknown[];
  retrieveRelated(id: unknown, label: unknown, type: unknown): unknown[];
  queryRelated(id: unknown, label: unknown, query: unknown): unknown[];
  relatedTypes(module: unknown): unknown;
  sync(sinceSeconds: number, module: string | undefined, actor: Actor, all: boolean): unknown;
  seed(module: string, count: number, template: Record<string, unknown>): string[];
  reset(): void;
  user(id: number): SimUser | undefined;
}

/** element arrives JSON-encoded; anything that is not a JSON object counts as empty (observed). */
export function parseElement(raw: unknown): Record<string, unknown> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function userProfile(user: SimUser): Record<string, string> {
  return {
    user_name: user.userName,
    is_admin: 'on',
    first_name: user.firstName,
    last_name: user.lastName,
    roleid: 'H2',
    email1: user.email,
    status: 'Active',
    activity_view: 'This Week',
    lead_view: 'Today',
    hour_format: '12',
    end_hour: '23:00',
    start_hour: '00:00',
    is_owner: user.id === 1 ? '1' : '0',
    title: '',
    phone_work: '',
    department: '',
    phone_mobile: '',
    reports_to_id: '',
    phone_other: '',
    email2: '',
    phone_fax: '',
    secondaryemail: '',
    phone_home: '',
    date_format: 'yyyy-mm-dd',
    signature: '',
    description: '',
    address_street: '',
    address_city: '',
    address_state: '',
    address_postalcode: '',
    address_country: '',
    time_zone: 'UTC',
    currency_id: '21x1',
    currency_grouping_pattern: '123,456,789',
    currency_decimal_separator: '.',
    currency_grouping_separator: ',',
    currency_symbol_placement: '$1.0',
    imagename: '',
    internal_mailer: '1',
    theme: 'alphagrey',
    language: 'en_us',
    reminder_interval: '1 Minute',
    phone_crm_extension: '',
    no_of_currency_decimals: '2',
    truncate_trailing_zeros: '1',
    dayoftheweek: 'Sunday',
    callduration: '5',
    othereventduration: '5',
    calendarsharedtype: 'public',
    default_record_view: 'Summary',
    leftpanelhide: '0',
    rowheight: '',
    defaulteventstatus: 'Planned',
    defaultactivitytype: 'Call',
    hidecompletedevents: '0',
    defaultcalendarview: 'MyCalendar',
    defaultlandingpage: 'Home',
    userlabel: `${user.firstName} ${user.lastName}`,
    id: `19x${user.id}`,
  };
}

function relatedTo(source: StoredRecord, target: StoredRecord): boolean {
  const srcId = wsIdOf(source);
  if (target.module === 'Invoice' && source.module !== 'Accounts' && source.module !== 'Contacts') {
    return target.lines.some((l) => l.values.productid === srcId);
  }
  if (source.module === 'Contacts') return target.values.contact_id === srcId;
  return target.values.account_id === srcId;
}

export interface EngineOptions {
  users: UserOption[];
  currencies?: CurrencyRow[];
  controls: SimControls;
}

export function createEngine(options: EngineOptions): Engine {
  const state: SimState = {
    users: buildUsers(options.users),
    taxes: defaultTaxes(),
    currencies: options.currencies ?? defaultCurrencies(),
    nextCrmid: 1,
    autonumbers: {},
    records: new Map(),
    byModule: new Map(),
  };
  const now = () => options.controls.clock.now();

  async function afterSave(record: StoredRecord, event: 'save' | 'delete'): Promise<void> {
    if (!engine.workflow) return;
    const printed = printRecord(state, record, 'retrieve');
    await callWorkflow(
      engine.workflow,
      { module: record.module, id: wsIdOf(record), event, record: printed },
      options.controls.stats,
    );
  }

  const engine: Engine = {
    state,
    workflow: null,
    listTypes,
    describe: (module) => describeModule(state, String(module ?? '')),
    retrieve(id) {
      const text = String(id ?? '');
      const [prefix, num] = text.split('x');
      if (prefix === '19' && /^\d+x\d+$/.test(text)) {
        const user = state.users.find((u) => u.id === Number(num));
        if (!user) throw denied();
        return userProfile(user);
      }
      if (prefix === '21' && /^\d+x\d+$/.test(text)) {
        const c = state.currencies.find((x) => x.id === Number(num));
        if (!c) throw denied();
        const { id, ...rest } = c;
        return { id: `21x${id}`, ...rest, deleted: '0' };
      }
      if (prefix === '34' && /^\d+x\d+$/.test(text)) {
        const t = state.taxes.find((x) => x.id === Number(num));
        if (!t) throw denied();
        // retrieve adds taxid and drops compoundon/regions compared with the query row (observed).
        return {
          taxid: String(t.id),
          taxname: t.taxname,
          taxlabel: t.taxlabel,
          percentage: t.percentage,
          deleted: '0',
          method: 'Simple',
          type: 'Fixed',
          id: `34x${t.id}`,
        };
      }
      return printRecord(state, resolveId(state, id), 'retrieve');
    },
    async create(module, element, actor, source = 'WEBSERVICE') {
      const def = moduleForCreate(module);
      const record = createRecord(state, def, parseElement(element), actor, now(), source);
      const printed = printRecord(state, record, 'create');
      await afterSave(record, 'save');
      return printed;
    },
    async update(element, actor) {
      const record = updateRecord(state, parseElement(element), actor, now());
      const printed = printRecord(state, record, 'update');
      await afterSave(record, 'save');
      return printed;
    },
    async revise(element, actor) {
      const parsed = parseElement(element);
      const record = reviseRecord(state, parsed, actor, now());
      const printed = printRecord(state, record, 'revise', {
        linesSent: Array.isArray(parsed.LineItems),
        shippingSent: 'shipping_&_handling' in parsed,
      });
      await afterSave(record, 'save');
      return printed;
    },
    async delete(id, actor) {
      // A real 8.2.0 runs no workflow on delete (vtiger-observed.md): deletions are found by polling.
      deleteRecord(state, id, actor, now());
      return { status: 'successful' };
    },
    query(text) {
      return runQuery(state, String(text ?? ''));
    },
    retrieveRelated(id, label, type) {
      const source = resolveId(state, id);
      const relatedModule = RELATIONS[source.module]?.[String(label ?? '')];
      if (!relatedModule || (type && String(type) !== relatedModule)) {
        throw new WsError('UNKOWN_ENTITY', 'Relation specified is incorrect');
      }
      return liveRecords(state, relatedModule)
        .filter((t) => relatedTo(source, t))
        .map((t) => ({ ...printFields(state, t), id: wsIdOf(t) }));
    },
    queryRelated(id, label, query) {
      const source = resolveId(state, id);
      const text = String(query ?? '');
      const match = /\bfrom\s+(\S+)/i.exec(text);
      const relatedModule = RELATIONS[source.module]?.[String(label ?? '')];
      // The server appends " WHERE id IN (...);", so a query ending in ";" names module "Contacts;".
      if (!relatedModule || !match || match[1] !== relatedModule) {
        throw new WsError('UNKOWN_ENTITY', 'Relation specified is incorrect');
      }
      const ids = liveRecords(state, relatedModule)
        .filter((t) => relatedTo(source, t))
        .map((t) => `'${wsIdOf(t)}'`);
      if (ids.length === 0) return [];
      return runQuery(state, `${text} WHERE id IN (${ids.join(',')});`);
    },
    relatedTypes(module) {
      const name = String(module ?? '');
      if (!MODULES[name]) throw denied(` for name : ${name}`);
      const pairs =
        name === 'Accounts'
          ? ACCOUNT_RELATED_TYPES
          : Object.entries(RELATIONS[name] ?? {}).map(([l, m]) => [m, l]);
      return {
        types: pairs.map(([m]) => m),
        information: Object.fromEntries(pairs.map(([m, l]) => [l, { name: m, label: l, isEntity: '1' }])),
      };
    },
    sync(sinceSeconds, module, actor, all) {
      const sinceMs = sinceSeconds * 1000;
      const modules = module ? [module] : Object.keys(MODULES);
      for (const m of modules) if (!MODULES[m]) throw denied(` for name : ${m}`);
      const changed: StoredRecord[] = [];
      for (const m of modules) {
        for (const r of state.byModule.get(m)?.values() ?? []) {
          // Boundary-second rows repeat on the real server (>=), so clients dedupe by id+modifiedtime.
          if (Math.floor(r.modifiedMs / 1000) * 1000 < sinceMs) continue;
          if (!all && r.values.assigned_user_id !== `19x${actor.userId}`) continue;
          changed.push(r);
        }
      }
      changed.sort((a, b) => a.modifiedMs - b.modifiedMs || a.crmid - b.crmid);
      const page = changed.slice(0, 100);
      const last = page[page.length - 1];
      return {
        updated: page.filter((r) => !r.deleted).map((r) => printRecord(state, r, 'retrieve')),
        deleted: page.filter((r) => r.deleted).map((r) => wsIdOf(r)),
        lastModifiedTime: last ? Math.floor(last.modifiedMs / 1000) : sinceSeconds,
        more: changed.length > page.length,
      };
    },
    seed(module, count, template) {
      const def = moduleForCreate(module);
      const actor = { userId: 1 };
      const nameField = def.fields.find((f) => f.mandatory && f.kind === 'string');
      const ids: string[] = [];
      const t = now();
      for (let i = 1; i <= count; i++) {
        const element: Record<string, unknown> = { assigned_user_id: '19x1', ...template };
        if (nameField) {
          const base =
            typeof template[nameField.name] === 'string'
              ? template[nameField.name]
              : `Bulk ${def.name.replace(/s$/, '')}`;
          element[nameField.name] = `${String(base)} ${String(i).padStart(3, '0')}`;
        }
        ids.push(wsIdOf(createRecord(state, def, element, actor, t, 'CRM')));
      }
      return ids;
    },
    reset() {
      emptyRecords(state);
      state.nextCrmid = 1;
      engine.workflow = null;
    },
    user: (id) => state.users.find((u) => u.id === id),
  };
  return engine;
}
