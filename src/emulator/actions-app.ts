// POST /: PICPIK's signed JSON protocol as a chain of middlewares: body limit, envelope read,
// request stats, request faults, envelope check, submission faults, then the action itself.
// Anything that throws is answered RetCode 500 with the common fields.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { refuse, type ActionServices } from './actions/action-handler';
import { runAction } from './actions/run-action';
import type { EmulatorConfig } from './config';
import type { EmulatorEnv } from './emulator-env';
import type { FaultInjector } from './fault-injector';
import { answerAction, checkEnvelope, readEnvelope } from './middleware/envelope';
import { POST_ACTION_TARGET, injectRequestFaults, refuseFaultySubmissions } from './middleware/request-faults';
import { countRequests, type RequestStats } from './middleware/request-stats';
import { RET_CODES } from './ret-codes';

interface ActionsAppDeps {
  config: EmulatorConfig;
  faults: FaultInjector;
  stats: RequestStats;
  services: (c: Context<EmulatorEnv>) => ActionServices;
}

export function createActionsApp({ config, faults, stats, services }: ActionsAppDeps): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.onError((error, c) => answerAction(c, refuse(RET_CODES.internalError, `the emulator failed: ${error.message}`)));
  app.post(
    '/',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) =>
        c.json({ Action: 'Response', RetCode: RET_CODES.bodyTooLarge, Message: `the request body is larger than ${config.maxBodyBytes} bytes: send smaller images` }, 413),
    }),
    readEnvelope,
    countRequests(stats),
    injectRequestFaults(faults, stats, POST_ACTION_TARGET),
    checkEnvelope(config),
    refuseFaultySubmissions(faults, stats),
    runAction(services),
  );
  return app;
}
