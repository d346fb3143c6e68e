import { FORCE_FAULT_HEADER, parseForcedHeader, type FaultModel } from '../fault-model.ts';
import { modelList } from '../openai-shapes.ts';
import { faultLabel } from '../served-record.ts';
import { attemptOf, type AttemptBook } from './attempts.ts';
import { isImmediate, type PreparedFrames } from './fast-path.ts';
import { errorPlan, jsonPlan, planFromRendered, wholePlan, type ResponsePlan } from './plan.ts';
import type { QuotaBook } from './quota.ts';
import { chatRoute } from './route-chat.ts';
import { embeddingsRoute } from './route-embeddings.ts';
import { messagesRoute } from './route-messages.ts';
import { responsesRoute } from './route-responses.ts';
import { isObject, type Provider, type Rendered, type RenderContext, type Route } from './route.ts';
import { argumentPieces } from './tools.ts';

/** The POST routes the mock serves, in the order `--help` lists them. */
export const ROUTES: readonly Route[] = [chatRoute, responsesRoute, messagesRoute, embeddingsRoute];
const BY_PATH = new Map(ROUTES.map((r) => [r.path, r]));

/** Where answers come from instead of the routes' generators (record/replay). */
export interface AnswerSource {
  /** The recorded answer for this request, or undefined (then a 404 naming what is missing). */
  answer(route: string, body: string): { status: number; rendered: Rendered; provider: Provider } | undefined;
}

/** What a server shares across requests. */
export interface MockCore {
  model: FaultModel;
  seed: number;
  attempts: AttemptBook;
  quota: QuotaBook | undefined;
  source?: AnswerSource | undefined;
  /** Scratch objects reused per request (the calls that read them are synchronous). */
  decideOpts?: { forced: string | undefined; maxTokens: number | undefined; tokens: number | undefined };
  renderCtx?: RenderContext;
  /** The HTTP server's prepared response frames (fast-path.ts); absent, every answer is rendered. */
  frames?: PreparedFrames | undefined;
}

/** One request as read off the wire (or out of msw). */
export interface Incoming {
  method: string;
  /** The path without the query. */
  route: string;
  body: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  /** Arrival on the fault timeline (phases), ms. */
  arrivalMs: number;
  /** The clock's time (quotas), ms. */
  nowMs: number;
  seq: number;
  /** Unix seconds for `created`. */
  created: number;
}

/** The plan and what the record of this request says about it. */
export interface Outcome {
  plan: ResponsePlan;
  phase: string;
  /** `none`, `status:503`, `hang`, ..., `rejected` (400/404/413), `quota` (a per-key quota's 429). */
  fault: string;
  forced: boolean;
  stream: boolean;
}

const NO_PLAN = jsonPlan(500, '{}');

const rejected = (provider: Provider, status: number, message: string): Outcome => ({
  plan: errorPlan(provider, status, message),
  phase: 'base',
  fault: 'rejected',
  forced: false,
  stream: false,
});

/** Decide the whole answer to one request: pure apart from the fault model's draws and the attempt and quota books. */
export function respond(core: MockCore, inc: Incoming): Outcome {
  const profile = core.model.profile;
  if (inc.method === 'GET' && inc.route === '/health')
    return { plan: jsonPlan(200, '{"status":"ok"}'), phase: 'base', fault: 'none', forced: false, stream: false };
  if (inc.method === 'GET' && inc.route === '/v1/models')
    return {
      plan: jsonPlan(200, JSON.stringify(modelList(profile.model))),
      phase: 'base',
      fault: 'none',
      forced: false,
      stream: false,
    };
  const route = inc.method === 'POST' ? BY_PATH.get(inc.route) : undefined;
  if (!route && !(core.source && inc.method === 'POST'))
    return rejected('openai', 404, `unknown route ${inc.method} ${inc.route}`);
  const provider = route?.provider ?? (inc.route.endsWith('/messages') ? 'anthropic' : 'openai');
  let body: unknown;
  try {
    body = JSON.parse(inc.body);
  } catch {
    return rejected(provider, 400, 'request body is not valid JSON');
  }
  if (!isObject(body))
    return rejected(
      provider,
      400,
      route === chatRoute
        ? "'messages' must be a non-empty array of message objects"
        : 'request body must be a JSON object',
    );
  const req = route?.parse(body, profile.model);
  if (typeof req === 'string') return rejected(provider, 400, req);

  let forced: string | undefined;
  const header = inc.header(FORCE_FAULT_HEADER);
  if (header !== undefined) {
    const { spec, times } = parseForcedHeader(header);
    forced = times !== undefined && attemptOf(core.attempts, inc, inc.route, inc.body) >= times ? 'none' : spec;
  }
  const stream = req ? req.stream : body.stream === true;
  const tokens = req?.tool ? argumentPieces(req.tool.arguments).length : route === embeddingsRoute ? 1 : undefined;
  // decide() reads its options at once: one options object per core, refilled per request.
  const opts = (core.decideOpts ??= { forced: undefined, maxTokens: undefined, tokens: undefined });
  opts.forced = forced;
  opts.maxTokens = req?.maxTokens;
  opts.tokens = tokens;
  const d = core.model.decide(inc.arrivalMs, opts);
  const out: Outcome = {
    plan: NO_PLAN,
    phase: d.phase,
    fault: d.fault === null ? 'none' : faultLabel(d.fault),
    forced: d.forced,
    stream,
  };

  let headers: Record<string, string> | undefined;
  if (core.quota) {
    const key = inc.header('authorization') ?? inc.header('x-api-key') ?? '(no key)';
    const q = core.quota.admit(
      key,
      (req?.promptTokens ?? 0) + (req?.maxTokens ?? d.completionTokens),
      inc.nowMs,
      provider,
    );
    if (!q.ok) {
      out.fault = 'quota';
      out.plan = errorPlan(
        provider,
        429,
        `quota exceeded for this key; retry in ${Math.ceil(q.retryAfterMs)} ms`,
        q.headers,
      );
      return out;
    }
    headers = q.headers;
  }
  if (core.source) {
    const recorded = core.source.answer(inc.route, inc.body);
    if (!recorded)
      return rejected(provider, 404, `no recording for POST ${inc.route} with this body (record it with --record)`);
    out.plan = planFromRendered(recorded.provider, recorded.rendered, d, recorded.status, headers);
    return out;
  }
  const ctx = (core.renderCtx ??= { seq: 0, created: 0, completionTokens: 0, capped: false, seed: core.seed });
  ctx.seq = inc.seq;
  ctx.created = inc.created;
  ctx.completionTokens = d.completionTokens;
  ctx.capped = !req!.tool && req!.maxTokens !== undefined && req!.maxTokens < profile.completionTokens;
  // THE FAST PATH: an immediate healthy answer of a prepared shape is copied, not rendered.
  const prepared = core.frames && isImmediate(d) ? core.frames.answer(route!, req!, ctx) : undefined;
  out.plan = prepared
    ? wholePlan(prepared, stream, headers)
    : planFromRendered(provider, route!.render(req!, ctx), d, 200, headers);
  return out;
}
