import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchOrganization, nameSearchTerm, normaliseName, type MatchDecision } from './match-plan.js';
import type { OrganizationSnapshot } from './organization-mapping.js';

function anOrganization(overrides: Partial<OrganizationSnapshot> = {}): OrganizationSnapshot {
  return {
    name: '',
    email: '',
    telephone: '',
    addressLine1: '',
    addressLine2: '',
    city: '',
    postalCode: '',
    region: '',
    country: '',
    reference: '',
    ...overrides,
  };
}

/** Candidates are named by id so a decision reads as which ones it picked. */
const candidates = (...list: Array<[string, Partial<OrganizationSnapshot>]>) =>
  list.map(([id, fields]) => ({ candidate: id, snapshot: anOrganization(fields) }));

describe('normaliseName', () => {
  for (const [name, normalised] of [
    ['Acme Widgets Ltd', 'acme widgets'],
    ['ACME  WIDGETS, LIMITED.', 'acme widgets'],
    ['Müller GmbH', 'muller'],
    ['Café & Co', 'cafe'],
    ['Acme Widgets Inc.', 'acme widgets'],
    ['Cobalt Company', 'cobalt'],
    ['Acme-Widgets', 'acme widgets'],
  ] as const) {
    test(`"${name}" normalises to "${normalised}"`, () => {
      assert.equal(normaliseName(name), normalised);
    });
  }
});

describe('first-sync matching of organizations', () => {
  const cases: Array<{
    when: string;
    wanted: Partial<OrganizationSnapshot>;
    others: ReturnType<typeof candidates>;
    expected: MatchDecision<string>;
  }> = [
    {
      when: 'there are no candidates',
      wanted: { name: 'Acme', reference: 'ACC1', email: 'a@x' },
      others: [],
      expected: { kind: 'none' },
    },
    {
      when: 'one candidate has the same reference (any case)',
      wanted: { name: 'Acme', reference: 'acc1' },
      others: candidates(['s1', { name: 'Other', reference: 'ACC1' }], ['s2', { name: 'Acme' }]),
      expected: { kind: 'one', candidate: 's1', by: 'reference' },
    },
    {
      when: 'two candidates have the same reference',
      wanted: { reference: 'ACC1' },
      others: candidates(['s1', { reference: 'ACC1' }], ['s2', { reference: 'acc1' }]),
      expected: { kind: 'ambiguous', candidates: ['s1', 's2'], by: 'reference' },
    },
    {
      when: 'no reference matches but one candidate has the same email',
      wanted: { name: 'Acme', reference: 'ACC1', email: 'Sales@Acme.example' },
      others: candidates(
        ['s1', { name: 'Acme', reference: 'ACC9' }],
        ['s2', { email: 'sales@acme.example' }],
      ),
      expected: { kind: 'one', candidate: 's2', by: 'email' },
    },
    {
      when: 'two candidates share the email',
      wanted: { email: 'a@x' },
      others: candidates(['s1', { email: 'a@x' }], ['s2', { email: 'A@X' }], ['s3', { email: 'b@x' }]),
      expected: { kind: 'ambiguous', candidates: ['s1', 's2'], by: 'email' },
    },
    {
      when: 'neither reference nor email matches but one normalised name does',
      wanted: { name: 'Acme Widgets Ltd', email: 'a@x' },
      others: candidates(['s1', { name: 'ACME WIDGETS LIMITED' }], ['s2', { name: 'Acme Gadgets' }]),
      expected: { kind: 'one', candidate: 's1', by: 'name' },
    },
    {
      when: 'two candidates have the same normalised name',
      wanted: { name: 'Acme' },
      others: candidates(['s1', { name: 'Acme Ltd' }], ['s2', { name: 'ACME Inc' }]),
      expected: { kind: 'ambiguous', candidates: ['s1', 's2'], by: 'name' },
    },
    {
      when: 'a match by reference is found, a name shared with others does not make it ambiguous',
      wanted: { name: 'Acme', reference: 'ACC1' },
      others: candidates(['s1', { name: 'Acme', reference: 'ACC1' }], ['s2', { name: 'Acme' }]),
      expected: { kind: 'one', candidate: 's1', by: 'reference' },
    },
    {
      when: 'the wanted record has empty keys, candidates with empty keys do not match it',
      wanted: {},
      others: candidates(['s1', {}], ['s2', {}]),
      expected: { kind: 'none' },
    },
    {
      when: 'nothing matches on any key',
      wanted: { name: 'Acme', reference: 'ACC1', email: 'a@x' },
      others: candidates(['s1', { name: 'Zenith', reference: 'ACC2', email: 'z@x' }]),
      expected: { kind: 'none' },
    },
  ];

  for (const { when, wanted, others, expected } of cases) {
    test(`when ${when}, the decision is ${expected.kind}${'by' in expected ? ` by ${expected.by}` : ''}`, () => {
      assert.deepEqual(matchOrganization(anOrganization(wanted), others), expected);
    });
  }
});

describe('the name search term sent to Sage', () => {
  for (const [name, term] of [
    ['Acme Widgets Ltd', 'widgets'],
    ["O'Brien & Sons Limited", 'brien'],
    ['Ltd', undefined],
    ['', undefined],
  ] as const) {
    test(`for "${name}" it is ${term === undefined ? 'nothing' : `"${term}"`}, a word every spelling of the name contains`, () => {
      assert.equal(nameSearchTerm(name), term);
    });
  }
});
