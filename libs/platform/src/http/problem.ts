import type { ErrorRequestHandler, RequestHandler } from 'express';
import { PROBLEM_CODES, type ProblemCode } from '../../../contracts/src/problem-codes.js';
import type { Logger } from '../logger.js';

/**
 * An error an API answers on purpose. The one error middleware turns it into
 * application/problem+json: {type, title, status, detail, code}.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  readonly headers: Record<string, string> | undefined;
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    options?: { status?: number; field?: string; headers?: Record<string, string> },
  ) {
    super(detail);
    this.status = options?.status ?? PROBLEM_CODES[code];
    this.field = options?.field;
    this.headers = options?.headers;
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problemBody(status: number, code: string, detail: string, field?: string) {
  return {
    type: `https://github.com/vtiger-sage-bridge/vtiger-sage-bridge/blob/main/docs/errors.md#${code.toLowerCase()}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(field ? { field } : {}),
  };
}

/** Errors body-parser raises, translated to our codes so clients see one vocabulary. */
function fromBodyParser(err: { type?: string; status?: number; message?: string }): ProblemError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new ProblemError('MALFORMED_BODY', 'the request body is not valid JSON');
    case 'entity.too.large':
      return new ProblemError('PAYLOAD_TOO_LARGE', 'the request body is larger than the limit of 1 MB');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProblemError('UNSUPPORTED_MEDIA_TYPE', err.message ?? 'unsupported body encoding');
    case 'request.aborted':
      return new ProblemError('MALFORMED_BODY', 'the request was aborted before its body arrived');
    default:
      return undefined;
  }
}

export function problemMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const problem = err instanceof ProblemError ? err : fromBodyParser(err as { type?: string });
    if (problem) {
      if (problem.headers) res.set(problem.headers);
      res
        .status(problem.status)
        .type('application/problem+json')
        .json(problemBody(problem.status, problem.code, problem.detail, problem.field));
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'unhandled error in request');
    res
      .status(500)
      .type('application/problem+json')
      .json(problemBody(500, 'INTERNAL_ERROR', 'an unexpected error occurred; it has been logged'));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ProblemError('NOT_FOUND', `no route for ${req.method} ${req.path}`));
};
