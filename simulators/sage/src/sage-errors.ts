/** One entry of Sage's error body, which is always a JSON array of these. */
export interface SageErrorItem {
  $severity: 'error';
  $dataCode: string;
  $message: string;
  $source: string;
}

export class SageApiError extends Error {
  constructor(
    readonly status: number,
    readonly items: SageErrorItem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(items.map((i) => i.$message).join('; '));
  }
}

export function errorItem(dataCode: string, message: string, source = ''): SageErrorItem {
  return { $severity: 'error', $dataCode: dataCode, $message: message, $source: source };
}

export function notFound(): SageApiError {
  return new SageApiError(404, [errorItem('RecordNotFound', 'Record not found')]);
}

export interface Issue {
  source: string;
  message: string;
  code?: string;
}

/** 422 with one entry per problem, the way Sage reports validation failures. */
export function recordInvalid(issues: Issue[]): SageApiError {
  return new SageApiError(
    422,
    issues.map((i) => errorItem(i.code ?? 'RecordInvalid', i.message, i.source)),
  );
}
