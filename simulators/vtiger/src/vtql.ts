/**
 * The VTQL subset Vtiger 8.2.0 accepts (VTQL_Parser.php): SELECT * | count(*) | columns FROM Module
 * [WHERE c (AND|OR) c ...] [ORDER BY cols [ASC|DESC]] [LIMIT n | LIMIT o,n]; with the mandatory ";".
 * Errors copy the parser's wording, since clients and the golden corpus match on it.
 */
import { WsError } from './ws-errors.js';

type TokType =
  | 'WORD'
  | 'STRING'
  | 'DQSTRING'
  | 'NUMBER'
  | 'EQ'
  | 'NE'
  | 'LT'
  | 'GT'
  | 'LTE'
  | 'GTE'
  | 'COMMA'
  | 'PARENOPEN'
  | 'PARENCLOSE'
  | 'STAR'
  | 'SEMICOLON';

interface Token {
  type: TokType;
  text: string;
  value: string;
}

export type Op = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN';

export interface Condition {
  column: string;
  op: Op;
  values: { value: string; numeric: boolean; doubleQuoted: boolean }[];
}

export interface VtqlQuery {
  columns: string[] | '*' | 'count';
  module: string;
  /** OR of AND groups: SQL precedence, AND binds tighter. */
  where: Condition[][];
  orderBy: string[];
  descending: boolean;
  offset: number;
  limit: number;
}

const OPERATORS: [string, TokType][] = [
  ['!=', 'NE'],
  ['<=', 'LTE'],
  ['>=', 'GTE'],
  ['=', 'EQ'],
  ['<', 'LT'],
  ['>', 'GT'],
  [',', 'COMMA'],
  ['(', 'PARENOPEN'],
  [')', 'PARENCLOSE'],
  ['*', 'STAR'],
  [';', 'SEMICOLON'],
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text.charAt(j) !== ch) {
        if (text.charAt(j) === '\\' && j + 1 < text.length) j++;
        value += text.charAt(j);
        j++;
      }
      tokens.push({ type: ch === "'" ? 'STRING' : 'DQSTRING', text: text.slice(i, j + 1), value });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(text.slice(i));
    if (num) {
      tokens.push({ type: 'NUMBER', text: num[0], value: num[0] });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_&]*/.exec(text.slice(i));
    if (word) {
      tokens.push({ type: 'WORD', text: word[0], value: word[0] });
      i += word[0].length;
      continue;
    }
    const op = OPERATORS.find(([sym]) => text.startsWith(sym, i));
    if (!op) throw syntaxError(ch, 'UNKNOWN', ch, 'VALUE');
    tokens.push({ type: op[1], text: op[0], value: op[0] });
    i += op[0].length;
  }
  return tokens;
}

function syntaxError(token: string, type: string, text: string, expected: string): WsError {
  return new WsError(
    'QUERY_SYNTAX_ERROR',
    `Syntax Error on line 1: token '${token}' Unexpected ${type}(${text}), expected one of: ${expected}`,
  );
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private fail(expected: string): never {
    const tok = this.peek();
    if (!tok) {
      const last = this.tokens[this.tokens.length - 1];
      throw syntaxError(last?.text ?? '', 'End of Input', '0', expected);
    }
    throw syntaxError(tok.text, tok.type, tok.text, expected);
  }

  private keyword(word: string): boolean {
    const tok = this.peek();
    if (tok?.type === 'WORD' && tok.value.toLowerCase() === word) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expectKeyword(word: string): void {
    if (!this.keyword(word)) this.fail(word.toUpperCase());
  }

  private expect(type: TokType, expected: string): Token {
    const tok = this.peek();
    if (tok?.type !== type) this.fail(expected);
    this.pos++;
    return tok;
  }

  private column(): string {
    return this.expect('WORD', 'COLUMNNAME').value;
  }

  private value(): Condition['values'][number] {
    const tok = this.peek();
    if (tok && (tok.type === 'STRING' || tok.type === 'NUMBER' || tok.type === 'DQSTRING')) {
      this.pos++;
      return { value: tok.value, numeric: tok.type === 'NUMBER', doubleQuoted: tok.type === 'DQSTRING' };
    }
    return this.fail('VALUE');
  }

  parse(): VtqlQuery {
    this.expectKeyword('select');
    let columns: VtqlQuery['columns'];
    if (this.peek()?.type === 'STAR') {
      this.pos++;
      columns = '*';
    } else if (
      this.peek()?.value.toLowerCase() === 'count' &&
      this.tokens[this.pos + 1]?.type === 'PARENOPEN'
    ) {
      this.pos += 2;
      this.expect('STAR', 'STAR');
      this.expect('PARENCLOSE', 'PARENCLOSE');
      columns = 'count';
    } else {
      const list = [this.column()];
      while (this.peek()?.type === 'COMMA') {
        this.pos++;
        list.push(this.column());
      }
      columns = list;
    }
    this.expectKeyword('from');
    const module = this.expect('WORD', 'TABLENAME').value;
    const where: Condition[][] = [];
    if (this.keyword('where')) {
      let group: Condition[] = [this.condition()];
      for (;;) {
        if (this.keyword('and')) group.push(this.condition());
        else if (this.keyword('or')) {
          where.push(group);
          group = [this.condition()];
        } else break;
      }
      where.push(group);
    }
    const orderBy: string[] = [];
    let descending = false;
    if (this.keyword('order')) {
      this.expectKeyword('by');
      orderBy.push(this.column());
      while (this.peek()?.type === 'COMMA') {
        this.pos++;
        orderBy.push(this.column());
      }
      if (this.keyword('desc')) descending = true;
      else this.keyword('asc');
    }
    let offset = 0;
    let limit = 100;
    if (this.keyword('limit')) {
      const first = Number(this.expect('NUMBER', 'VALUE').value);
      if (this.peek()?.type === 'COMMA') {
        this.pos++;
        offset = first;
        limit = Number(this.expect('NUMBER', 'VALUE').value);
      } else limit = first;
    }
    this.expect('SEMICOLON', 'SEMICOLON');
    // The server caps every page at 100 rows, whatever LIMIT asks for.
    return { columns, module, where, orderBy, descending, offset, limit: Math.min(Math.max(limit, 0), 100) };
  }

  private condition(): Condition {
    const column = this.column();
    const tok = this.peek();
    const ops: Partial<Record<TokType, Op>> = { EQ: '=', NE: '!=', LT: '<', GT: '>', LTE: '<=', GTE: '>=' };
    if (tok && ops[tok.type]) {
      this.pos++;
      return { column, op: ops[tok.type] as Op, values: [this.value()] };
    }
    if (this.keyword('like')) return { column, op: 'LIKE', values: [this.value()] };
    if (this.keyword('in')) {
      this.expect('PARENOPEN', 'PARENOPEN');
      const values = [this.value()];
      while (this.peek()?.type === 'COMMA') {
        this.pos++;
        values.push(this.value());
      }
      this.expect('PARENCLOSE', 'PARENCLOSE');
      return { column, op: 'IN', values };
    }
    return this.fail('OPERATOR');
  }
}

export function parseVtql(text: string): VtqlQuery {
  return new Parser(tokenize(text)).parse();
}

function likeToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
}

function asNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** MySQL-like comparison: numeric when both sides are numbers, else case-insensitive text. */
export function compareValues(a: string, b: string): number {
  const wa = /^\d+x(\d+)$/.exec(a);
  const wb = /^\d+x(\d+)$/.exec(b);
  if (wa && wb) return Number(wa[1]) - Number(wb[1]);
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}

export function matches(cond: Condition, actual: string): boolean {
  const cmp = (v: string) => compareValues(actual, v);
  const first = cond.values[0]?.value ?? '';
  switch (cond.op) {
    case '=':
      return cmp(first) === 0;
    case '!=':
      return cmp(first) !== 0;
    case '<':
      return cmp(first) < 0;
    case '>':
      return cmp(first) > 0;
    case '<=':
      return cmp(first) <= 0;
    case '>=':
      return cmp(first) >= 0;
    case 'LIKE':
      return likeToRegExp(first).test(actual);
    case 'IN':
      return cond.values.some((v) => cmp(v.value) === 0);
  }
}
