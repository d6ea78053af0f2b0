import { readFileSync } from 'node:fs';

/**
 * A small Swagger 2.0 checker for the endpoints the bridge uses: resolves `$ref`s and checks
 * required fields, types, maxLength and date formats against Sage's published spec.
 *
 * Where the live API knowingly differs from the spec, the difference is allowed here and tested
 * explicitly instead:
 * - lists answer an envelope (`$items`, `$next`, ...) although the spec models a bare array;
 * - unset attributes come back as `null` (Swagger 2.0 cannot say "nullable");
 * - money comes back as numeric strings ("110.0") where the spec says `number` (Sage's own
 *   attributes example), so response checks accept numeric strings for numbers.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  maxLength?: number;
  enum?: unknown[];
};

interface Operation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  responses: Record<string, { schema?: Schema }>;
}

const spec = JSON.parse(
  readFileSync(new URL('../../spec/sage-accounting-v3.1.swagger.json', import.meta.url), 'utf8'),
) as { paths: Record<string, Record<string, Operation>>; definitions: Record<string, Schema> };

function resolve(schema: Schema): Schema {
  let current = schema;
  while (current.$ref) {
    const name = current.$ref.replace('#/definitions/', '');
    const found = spec.definitions[name];
    if (!found) throw new Error(`spec has no definition ${name}`);
    current = found;
  }
  return current;
}

function operation(method: string, template: string): Operation {
  const path = template.replace(/^\/v3\.1/, '').replace(/\{id\}/g, '{key}');
  const op = spec.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`spec has no operation ${method} ${path}`);
  return op;
}

export interface ValidateOptions {
  /** Accept "110.0" where the spec says number (responses only). */
  numericStrings?: boolean;
}

export function validateAgainst(
  schemaIn: Schema,
  value: unknown,
  options: ValidateOptions = {},
  at = '$',
): string[] {
  const schema = resolve(schemaIn);
  if (value === null) return [];
  const problems: string[] = [];
  switch (schema.type) {
    case 'object':
    case undefined: {
      if (schema.type === undefined && !schema.properties) return [];
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected object`];
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (record[key] === undefined) problems.push(`${at}.${key}: required`);
      }
      for (const [key, propSchema] of Object.entries(schema.properties ?? {})) {
        if (record[key] !== undefined)
          problems.push(...validateAgainst(propSchema, record[key], options, `${at}.${key}`));
      }
      return problems;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected array`];
      return value.flatMap((item, i) => validateAgainst(schema.items ?? {}, item, options, `${at}[${i}]`));
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected string, got ${typeof value}`];
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        problems.push(`${at}: longer than ${schema.maxLength}`);
      if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) problems.push(`${at}: not a date`);
      if (schema.format === 'date-time' && Number.isNaN(Date.parse(value)))
        problems.push(`${at}: not a date-time`);
      return problems;
    case 'number':
    case 'integer': {
      const n =
        typeof value === 'string' && options.numericStrings && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n))
        return [`${at}: expected ${schema.type}, got ${JSON.stringify(value)}`];
      if (schema.type === 'integer' && !Number.isInteger(n)) return [`${at}: expected integer`];
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected boolean`];
    default:
      return [];
  }
}

/** Problems with a request body the client sends (wrapped, e.g. `{"contact": {...}}`). */
export function requestProblems(method: string, template: string, body: unknown): string[] {
  const param = operation(method, template).parameters?.find((p) => p.in === 'body');
  if (!param?.schema) throw new Error(`spec has no body for ${method} ${template}`);
  return validateAgainst(param.schema, body);
}

/** Problems with a single-record response. */
export function responseProblems(method: string, template: string, status: number, body: unknown): string[] {
  const schema = operation(method, template).responses[String(status)]?.schema;
  if (!schema) throw new Error(`spec has no ${status} response for ${method} ${template}`);
  return validateAgainst(schema, body, { numericStrings: true });
}

/** Problems with a list response: the envelope's `$items` against the spec's array item schema. */
export function listItemProblems(template: string, items: unknown[]): string[] {
  const schema = operation('GET', template).responses['200']?.schema;
  if (schema?.type !== 'array' || !schema.items)
    throw new Error(`spec does not model ${template} as an array`);
  return items.flatMap((item, i) =>
    validateAgainst(schema.items!, item, { numericStrings: true }, `$items[${i}]`),
  );
}

export function specModelsListAsArray(template: string): boolean {
  return operation('GET', template).responses['200']?.schema?.type === 'array';
}
