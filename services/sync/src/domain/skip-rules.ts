import type { Reason } from '../../../../libs/contracts/src/events.js';

/**
 * A skip rule looks at one mapped record and says why it must not be written, naming the record
 * and the field. Rules are data: each module lists its rules, and the sync log shows the first
 * that applies with its own reason code.
 */
export interface SkipRule<T> {
  code: Reason['code'];
  field: string;
  applies(record: T): boolean;
  message(record: T, label: string): string;
}

export function firstSkipReason<T>(
  rules: ReadonlyArray<SkipRule<T>>,
  record: T,
  label: string,
): Reason | undefined {
  const rule = rules.find((r) => r.applies(record));
  return rule ? { code: rule.code, field: rule.field, message: rule.message(record, label) } : undefined;
}
