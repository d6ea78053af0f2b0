import type { Issue } from './sage-errors.js';

interface StringRule {
  required?: boolean;
  max?: number;
}

/**
 * Reads one wrapped write body (or a nested object of it) the way Sage's Rails API does: absent
 * and null mean "not given", numbers are accepted where strings are expected, and each problem is
 * collected under its dotted `$source` path (e.g. `invoice_lines.0.unit_price`) so one 422 can
 * report them all.
 */
export class FieldReader {
  constructor(
    readonly input: Record<string, unknown>,
    private readonly prefix: string,
    readonly issues: Issue[],
  ) {}

  has(key: string): boolean {
    return Object.hasOwn(this.input, key) && this.input[key] !== undefined;
  }

  source(key: string): string {
    return this.prefix ? `${this.prefix}.${key}` : key;
  }

  fail(key: string, message: string, code?: string): void {
    this.issues.push({ source: this.source(key), message, ...(code ? { code } : {}) });
  }

  string(key: string, rule: StringRule = {}): string | undefined {
    const value = this.input[key];
    if (value === undefined || value === null || value === '') {
      if (rule.required) this.fail(key, "can't be blank");
      return value === '' ? '' : undefined;
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.fail(key, 'is invalid');
      return undefined;
    }
    const text = String(value);
    if (rule.max !== undefined && text.length > rule.max) {
      this.fail(key, `is too long (maximum is ${rule.max} characters)`);
    }
    return text;
  }

  number(key: string, rule: { required?: boolean } = {}): number | undefined {
    const value = this.input[key];
    if (value === undefined || value === null || value === '') {
      if (rule.required) this.fail(key, "can't be blank");
      return undefined;
    }
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) {
      this.fail(key, 'is not a number');
      return undefined;
    }
    return n;
  }

  boolean(key: string): boolean | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.fail(key, 'is invalid');
    return undefined;
  }

  date(key: string, rule: { required?: boolean } = {}): string | undefined {
    const value = this.string(key, rule);
    if (!value) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      this.fail(key, 'is not a valid date');
      return undefined;
    }
    return value;
  }

  stringArray(key: string, rule: { required?: boolean } = {}): string[] | undefined {
    const value = this.input[key];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
      if (rule.required) this.fail(key, "can't be blank");
      return undefined;
    }
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      this.fail(key, 'is invalid');
      return undefined;
    }
    return value as string[];
  }

  object(key: string): FieldReader | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.fail(key, 'is invalid');
      return undefined;
    }
    return new FieldReader(value as Record<string, unknown>, this.source(key), this.issues);
  }

  objectArray(key: string): FieldReader[] | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.fail(key, 'is invalid');
      return undefined;
    }
    return value.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        this.fail(`${key}.${i}`, 'is invalid');
        return new FieldReader({}, this.source(`${key}.${i}`), this.issues);
      }
      return new FieldReader(item as Record<string, unknown>, this.source(`${key}.${i}`), this.issues);
    });
  }
}
