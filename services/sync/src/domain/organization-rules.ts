import type { SkipRule } from './skip-rules.js';
import { vtigerFieldFor, type FieldOverrides, type OrganizationSnapshot } from './organization-mapping.js';

/** Vtiger → Sage checks for an organization, in the order they are reported. */
export function organizationToSageRules(overrides: FieldOverrides = {}): SkipRule<OrganizationSnapshot>[] {
  const nameField = vtigerFieldFor('name', overrides);
  return [
    {
      code: 'REQUIRED_FIELD_EMPTY',
      field: nameField,
      applies: (o) => o.name === '',
      message: (_o, label) =>
        `Organization ${label} has an empty ${nameField}, which is mapped to the customer name Sage requires`,
    },
  ];
}

/** Sage → Vtiger checks for a customer: Vtiger requires accountname. */
export const organizationToVtigerRules: SkipRule<OrganizationSnapshot>[] = [
  {
    code: 'REQUIRED_FIELD_EMPTY',
    field: 'name',
    applies: (o) => o.name === '',
    message: (_o, label) => `Sage customer ${label} has no name, which Vtiger requires as accountname`,
  },
];
