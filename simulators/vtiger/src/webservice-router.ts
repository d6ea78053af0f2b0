/**
 * Open-source /webservice.php. Like OperationManager, each operation reads its parameters only from
 * the query string (GET operations) or only from the form body (POST operations); operation and
 * sessionName may come from either. The HTTP method itself is never checked.
 */
import express, { type Request, type Response } from 'express';
import { applyFault, countCall, type SimControls } from '../../shared/src/control-router.js';
import type { AuthService } from './auth.js';
import type { Engine } from './engine.js';
import type { SimUser } from './sim-state.js';
import { phpJson } from './values.js';
import { PhpCrash, WsError } from './ws-errors.js';

type Params = Record<string, unknown>;

interface OperationContext {
  params: Params;
  user: () => SimUser;
}

interface Operation {
  reads: 'GET' | 'POST';
  needsSession: boolean;
  run(ctx: OperationContext): unknown;
}

export function sendWs(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json').send(phpJson(body));
}

export function errorBody(err: WsError): unknown {
  return { success: false, error: { message: err.message, code: err.code } };
}

export function createWebserviceRouter(
  controls: SimControls,
  engine: Engine,
  auth: AuthService,
): express.Router {
  const actor = (ctx: OperationContext) => ({ userId: ctx.user().id });
  const operations: Record<string, Operation> = {
    getchallenge: {
      reads: 'GET',
      needsSession: false,
      run: ({ params }) => auth.challenge(String(params.username ?? '')),
    },
    login: {
      reads: 'POST',
      needsSession: false,
      run: ({ params }) => {
        const { user, sessionName } = auth.login(
          String(params.username ?? ''),
          String(params.accessKey ?? ''),
        );
        return {
          username: user.userName,
          first_name: user.firstName,
          last_name: user.lastName,
          email: user.email,
          time_zone: 'UTC',
          hour_format: '12',
          date_format: 'yyyy-mm-dd',
          is_admin: 'on',
          call_duration: '5',
          other_event_duration: '5',
          sessionName,
          userId: `19x${user.id}`,
          version: '0.22',
          vtigerVersion: '8.2.0',
        };
      },
    },
    listtypes: { reads: 'GET', needsSession: true, run: () => engine.listTypes() },
    describe: { reads: 'GET', needsSession: true, run: ({ params }) => engine.describe(params.elementType) },
    retrieve: { reads: 'GET', needsSession: true, run: ({ params }) => engine.retrieve(params.id) },
    query: {
      reads: 'GET',
      needsSession: true,
      run: ({ params }) => {
        if (params.query === undefined)
          throw new WsError('ACCESS_DENIED', 'Permission to perform the operation is denied for query');
        return engine.query(params.query);
      },
    },
    create: {
      reads: 'POST',
      needsSession: true,
      run: (ctx) => engine.create(ctx.params.elementType, ctx.params.element, actor(ctx)),
    },
    update: {
      reads: 'POST',
      needsSession: true,
      run: (ctx) => engine.update(ctx.params.element, actor(ctx)),
    },
    revise: {
      reads: 'POST',
      needsSession: true,
      run: (ctx) => engine.revise(ctx.params.element, actor(ctx)),
    },
    delete: { reads: 'POST', needsSession: true, run: (ctx) => engine.delete(ctx.params.id, actor(ctx)) },
    retrieve_related: {
      reads: 'GET',
      needsSession: true,
      run: ({ params }) => engine.retrieveRelated(params.id, params.relatedLabel, params.relatedType),
    },
    query_related: {
      reads: 'GET',
      needsSession: true,
      run: ({ params }) => engine.queryRelated(params.id, params.relatedLabel, params.query),
    },
    relatedtypes: {
      reads: 'GET',
      needsSession: true,
      run: ({ params }) => engine.relatedTypes(params.elementType),
    },
    // PHP 8 passes the registered parameters as named arguments and these two die with
    // "Unknown named parameter" (observed on 8.2.0): HTTP 500, empty body, session untouched.
    sync: {
      reads: 'GET',
      needsSession: true,
      run: () => {
        throw new PhpCrash('Unknown named parameter $modifiedTime');
      },
    },
    logout: {
      reads: 'POST',
      needsSession: true,
      run: () => {
        throw new PhpCrash('Unknown named parameter $sessionName');
      },
    },
    extendsession: {
      reads: 'POST',
      needsSession: false,
      run: () => {
        throw new WsError('AUTHENTICATION_REQUIRED', 'Authencation required');
      },
    },
  };

  async function handle(req: Request, res: Response): Promise<void> {
    const query = (req.query ?? {}) as Params;
    const body = (typeof req.body === 'object' && req.body ? req.body : {}) as Params;
    const operationName = String(query.operation ?? body.operation ?? '').toLowerCase();
    const operation = operations[operationName];
    const statsKey = operation ? operationName : 'unknown';
    countCall(controls.stats, res, statsKey);
    const fired = await applyFault(
      controls,
      req,
      res,
      { method: req.method, path: '/webservice.php', operation: operationName },
      statsKey,
      (f) =>
        f.body ?? {
          success: false,
          error: {
            code: f.status === 429 ? 'TOO_MANY_REQUESTS' : 'INTERNAL_SERVER_ERROR',
            message: 'Injected fault',
          },
        },
    );
    if (fired) return;
    if (!operation) {
      // An unknown operation is thrown outside webservice.php's try block: HTTP 500, no body.
      res.status(500).end();
      return;
    }
    const sessionName = query.sessionName ?? body.sessionName;
    try {
      let user: SimUser | undefined;
      if (operation.needsSession) user = auth.session(sessionName);
      const result = await operation.run({
        params: operation.reads === 'GET' ? query : body,
        user: () => {
          if (!user) throw new WsError('AUTHENTICATION_REQUIRED', 'Authencation required');
          return user;
        },
      });
      sendWs(res, 200, { success: true, result });
    } catch (err) {
      if (err instanceof WsError) sendWs(res, 200, errorBody(err));
      else if (err instanceof PhpCrash) res.status(500).end();
      else
        sendWs(res, 200, {
          success: false,
          error: { message: 'Unknown Error while processing request', code: 'INTERNAL_SERVER_ERROR' },
        });
    }
  }

  const router = express.Router();
  router.use('/webservice.php', express.urlencoded({ extended: false, limit: '20mb' }));
  router.get('/webservice.php', handle);
  router.post('/webservice.php', handle);
  return router;
}
