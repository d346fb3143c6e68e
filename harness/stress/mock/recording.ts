import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readValidatedFile } from '../../io/read-data-file.ts';
import { writeJsonAtomic } from '../../io/atomic-write.ts';
import type { Provider, Rendered } from './route.ts';

/** One recorded exchange: what was asked (secrets redacted) and the exact bytes answered. */
export const recordingSchema = z.strictObject({
  schemaVersion: z.literal(1),
  route: z.string().startsWith('/'),
  /** sha256 of the route and the normalised, redacted body (the replay lookup key). */
  key: z.string().regex(/^[0-9a-f]{16}$/),
  /** The request body, normalised (keys sorted) and redacted. */
  request: z.unknown(),
  status: z.number().int().min(100).max(599),
  contentType: z.string(),
  /** The response body as received: one JSON text, or the SSE events in order. */
  chunks: z.array(z.string()),
  /** False when the upstream cut the answer short. */
  complete: z.boolean(),
});
export type Recording = z.output<typeof recordingSchema>;

export const REDACTED = '[REDACTED]';
const SECRET_FIELD =
  /^(api[-_]?key|authorization|x-api-key|secret|client[-_]?secret|password|access[-_]?token|refresh[-_]?token|token)$/i;
/** Provider key formats (OpenAI sk-..., Anthropic sk-ant-...), redacted wherever they appear. */
const SECRET_TEXT = /\bsk-[A-Za-z0-9_-]{16,}/g;

/** The body with keys sorted and secret-named fields replaced, recursively. */
export function normaliseBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseBody);
  if (typeof value === 'string') return value.replace(SECRET_TEXT, REDACTED);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort())
    out[k] = SECRET_FIELD.test(k) ? REDACTED : normaliseBody((value as Record<string, unknown>)[k]);
  return out;
}

/** Replace every given secret (and every provider-format key) in a text. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text.replace(SECRET_TEXT, REDACTED);
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}

/** The body as normalised for matching: sorted keys, secrets redacted; a body that is not JSON is matched as text. */
export function normalisedRequest(body: string): unknown {
  try {
    return normaliseBody(JSON.parse(body));
  } catch {
    return redactText(body, []);
  }
}

export function recordingKey(route: string, request: unknown): string {
  return createHash('sha256')
    .update(`${route}\n${JSON.stringify(request)}`)
    .digest('hex')
    .slice(0, 16);
}

/** SSE text split into events, each keeping its trailing blank line, so joining them gives the text back. */
export function splitEvents(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (let i = text.indexOf('\n\n'); i >= 0; i = text.indexOf('\n\n', at)) {
    out.push(text.slice(at, i + 2));
    at = i + 2;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

const TERMINAL = /^(data: \[DONE\]|event: (message_stop|response\.completed|response\.incomplete|response\.failed))\s/;

/** A recording as a route's answer, so the fault model applies to it like to a generated one. */
export function renderRecording(r: Recording): { status: number; rendered: Rendered; provider: Provider } {
  const provider: Provider = r.route.endsWith('/messages') ? 'anthropic' : 'openai';
  if (!r.contentType.includes('text/event-stream'))
    return { status: r.status, provider, rendered: { kind: 'json', body: r.chunks.join('') } };
  const tokens = r.chunks.slice();
  const done = tokens.length > 0 && TERMINAL.test(tokens[tokens.length - 1]!) ? tokens.pop()! : '';
  return { status: r.status, provider, rendered: { kind: 'sse', head: '', tokens, tail: '', done } };
}

export function recordingFile(dir: string, r: Pick<Recording, 'route' | 'key'>): string {
  return join(dir, `${r.route.replace(/^\/+/, '').replace(/[^A-Za-z0-9]+/g, '-')}-${r.key}.json`);
}

export function writeRecording(dir: string, r: Recording): Promise<void> {
  return writeJsonAtomic(recordingFile(dir, r), r);
}

/** Every recording in a directory, by key; a bad file is an InputError naming the file and field. */
export async function readRecordings(dir: string): Promise<Map<string, Recording>> {
  const out = new Map<string, Recording>();
  for (const f of (await readdir(dir)).filter((x) => x.endsWith('.json')).sort()) {
    const r = await readValidatedFile(join(dir, f), recordingSchema);
    out.set(r.key, r);
  }
  return out;
}
