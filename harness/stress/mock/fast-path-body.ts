/**
 * THE FAST PATH, part 2 (part 1, the prepared answers, is fast-path.ts): reading the common request
 * bodies of chat completions, responses and messages without JSON.parse.
 *
 * JSON.parse builds an object graph (its keys internalised in V8's string table, a map transition
 * per property) that the routes then read a handful of fields from. For the common shapes of these
 * three routes, `fastRequest` scans the body text once instead, checks every byte of it is JSON,
 * and produces the same `RouteRequest` the route's own `parse(JSON.parse(text))` produces (what
 * fast-path-body.test.ts checks on generated bodies), but without the object graph.
 *
 * It answers undefined, and the request takes the general path (JSON.parse, then the route's
 * `parse`, with its error messages), for anything outside the common shape: a string with an escape
 * or a surrogate, a duplicate key, content that is not a string, tools and tool_choice, the fields
 * a route echoes, a body that is not valid JSON. Nothing is keyed on or remembered from a body.
 */
import { chatRoute } from './route-chat.ts';
import { messagesRoute } from './route-messages.ts';
import { ECHOED, responsesRoute } from './route-responses.ts';
import type { Route, RouteRequest } from './route.ts';

/** The `body` of a request read by the scan: the fields a route renders from (stream_options, echoed ones) are absent by construction. */
const SCANNED_BODY: Record<string, unknown> = Object.freeze({});

// The scan's cursor: one scan at a time (it is synchronous), no allocation per request.
let s = '';
let i = 0;

/** Any JSON string (in a skipped value; the strings read are scanned by hand, a call per string costs more than the scan). */
const ANY_STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
/** Nesting the scan follows in a skipped value; deeper bodies take the general path. */
const MAX_DEPTH = 32;

// The loops below work on local copies of the cursor (registers, not module slots), then store it.
function ws(): void {
  const t = s;
  let j = i;
  for (let c = t.charCodeAt(j); c === 32 || c === 10 || c === 13 || c === 9; c = t.charCodeAt(++j));
  i = j;
}

/** Match a sticky pattern at the cursor and move past it. */
function match(re: RegExp): boolean {
  re.lastIndex = i;
  if (!re.test(s)) return false;
  i = re.lastIndex;
  return true;
}

/**
 * A plain string at the cursor (no escape, control character or surrogate: its JSON.stringify is
 * itself in quotes): the index of its first character (its end is the cursor - 1), or -1.
 */
function plainString(): number {
  const t = s;
  let j = i;
  if (t.charCodeAt(j) !== 34) return -1;
  const start = ++j;
  for (const n = t.length; j < n; j++) {
    const c = t.charCodeAt(j);
    if (c === 34) {
      i = j + 1;
      return start;
    }
    if (c === 92 || c < 32 || (c & 0xf800) === 0xd800) return -1;
  }
  return -1;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Move past a JSON number at the cursor; false when there is none. */
function number(): boolean {
  const t = s;
  let j = i;
  let c = t.charCodeAt(j);
  if (c === 45) c = t.charCodeAt(++j);
  if (c === 48) c = t.charCodeAt(++j);
  else if (c >= 49 && c <= 57) while (isDigit((c = t.charCodeAt(++j))));
  else return false;
  if (c === 46) {
    if (!isDigit((c = t.charCodeAt(++j)))) return false;
    while (isDigit((c = t.charCodeAt(++j))));
  }
  if (c === 101 || c === 69) {
    c = t.charCodeAt(++j);
    if (c === 43 || c === 45) c = t.charCodeAt(++j);
    if (!isDigit(c)) return false;
    while (isDigit((c = t.charCodeAt(++j))));
  }
  i = j;
  return true;
}

// The last key read: [keyStart, keyEnd) of the text.
let keyStart = 0;
let keyEnd = 0;

/** Read a key (a plain string) and the colon after it; false when there is none. */
function key(): boolean {
  ws();
  keyStart = plainString();
  if (keyStart < 0) return false;
  keyEnd = i - 1;
  ws();
  return s.charCodeAt(i++) === 58;
}

/** The last key read is `name`. */
const isKey = (name: string) => keyEnd - keyStart === name.length && s.startsWith(name, keyStart);

/** Skip any JSON value at the cursor (after whitespace); false when it is not one. */
function skipValue(depth: number): boolean {
  ws();
  const c = s.charCodeAt(i);
  if (c === 34) return match(ANY_STRING);
  if (c === 123 || c === 91) {
    if (depth >= MAX_DEPTH) return false;
    const close = c === 123 ? 125 : 93;
    i++;
    ws();
    if (s.charCodeAt(i) === close) return (i++, true);
    for (;;) {
      if (c === 123) {
        ws();
        if (!match(ANY_STRING)) return false;
        ws();
        if (s.charCodeAt(i++) !== 58) return false;
      }
      if (!skipValue(depth + 1)) return false;
      ws();
      const d = s.charCodeAt(i++);
      if (d === close) return true;
      if (d !== 44) return false;
    }
  }
  if (c === 116) return literal('true');
  if (c === 102) return literal('false');
  if (c === 110) return literal('null');
  return number();
}

function literal(word: string): boolean {
  if (!s.startsWith(word, i)) return false;
  i += word.length;
  return true;
}

/**
 * A value read as the routes' `positiveInt` reads it: the number when it is a positive integer, else
 * undefined (any other value is skipped); null when the value is not JSON.
 */
function positiveIntValue(): number | undefined | null {
  ws();
  const start = i;
  if (!number()) return skipValue(1) ? undefined : null;
  const v = Number(s.slice(start, i));
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

// What a scan found; reset per scan (module state rather than an object per request).
let model: string | undefined;
let stream = false;
let maxTokens: number | undefined;
let altMaxTokens: number | undefined;
let promptChars = 0;
let messageCount = 0;
let messagesJsonLength = 0;
let system = 0;
let input = -1;
let seen = 0;

/** Bits of `seen`: a key met twice takes the general path (JSON.parse keeps the last, the scan would not). */
const MODEL = 1;
const STREAM = 2;
const MESSAGES = 4;
const MAX = 8;
const ALT_MAX = 16;
const SYSTEM = 32;
const INPUT = 64;

/**
 * `messages`: a non-empty array of objects. `anthropic`: each is exactly `{role, content}` with
 * plain strings, and their JSON length is counted (the route's prompt tokens are a quarter of it);
 * else each has a plain string `content` (its length counted) and any other fields.
 */
function scanMessages(anthropic: boolean): boolean {
  ws();
  if (s.charCodeAt(i++) !== 91) return false;
  let jsonLength = 1;
  for (;;) {
    ws();
    if (s.charCodeAt(i++) !== 123) return false;
    let fields = 0;
    jsonLength += messageCount === 0 ? 1 : 2; // `{`, or `,{`
    for (;;) {
      if (!key()) return false;
      const keyLength = keyEnd - keyStart;
      ws();
      const bit = isKey('content') ? 1 : isKey('role') ? 2 : 0;
      if (fields & bit) return false;
      if (bit === 0) {
        if (anthropic || !skipValue(1)) return false;
      } else {
        fields |= bit;
        const value = plainString();
        if (value < 0) return false;
        const valueLength = i - 1 - value;
        if (bit === 1) promptChars += valueLength;
        jsonLength += keyLength + valueLength + 5 + (fields === bit ? 0 : 1); // "key":"value", comma
      }
      ws();
      const d = s.charCodeAt(i++);
      if (d === 125) break;
      if (d !== 44) return false;
    }
    if (!(fields & 1) || (anthropic && fields !== 3)) return false;
    jsonLength += 1; // `}`
    messageCount++;
    ws();
    const d = s.charCodeAt(i++);
    if (d === 93) break;
    if (d !== 44) return false;
  }
  messagesJsonLength = jsonLength + 1;
  return true;
}

/** Keys whose presence sends a request of `route` to the general path: tools, and what its answer echoes (all of ECHOED for responses). */
const GENERAL: ReadonlyMap<Route, readonly string[]> = new Map<Route, readonly string[]>([
  [chatRoute, ['tools', 'tool_choice', 'stream_options']],
  [messagesRoute, ['tools', 'tool_choice']],
  [responsesRoute, ECHOED],
]);

/** One top-level member of the body; false when the body is outside the common shape (or not JSON). */
function scanMember(route: Route, general: readonly string[]): boolean {
  if (!key()) return false;
  for (const name of general) if (isKey(name)) return false;
  let bit: number;
  if (isKey('model')) {
    bit = MODEL;
    ws();
    const start = s.charCodeAt(i) === 34 ? plainString() : -2;
    if (start === -1) return false;
    if (start >= 0) model = s.slice(start, i - 1);
    else if (!skipValue(1)) return false;
  } else if (isKey('stream')) {
    bit = STREAM;
    ws();
    stream = literal('true');
    if (!stream && !skipValue(1)) return false;
  } else if (route !== responsesRoute && isKey('messages')) {
    bit = MESSAGES;
    if (!scanMessages(route === messagesRoute)) return false;
  } else if (route !== responsesRoute && isKey('max_tokens')) {
    bit = MAX;
    const v = positiveIntValue();
    if (v === null) return false;
    maxTokens = v;
  } else if (route === chatRoute && isKey('max_completion_tokens')) {
    bit = ALT_MAX;
    const v = positiveIntValue();
    if (v === null) return false;
    altMaxTokens = v;
  } else if (route === messagesRoute && isKey('system')) {
    bit = SYSTEM;
    ws();
    const start = plainString();
    if (start < 0) return false;
    system = i - 1 - start;
  } else if (route === responsesRoute && isKey('input')) {
    bit = INPUT;
    ws();
    const start = plainString();
    if (start < 0) return false;
    input = i - 1 - start;
  } else return skipValue(1);
  if (seen & bit) return false;
  seen |= bit;
  return true;
}

/**
 * The request `route.parse(JSON.parse(text), defaultModel)` would return, read without JSON.parse;
 * undefined when the body is not of a common shape (then the caller takes the general path).
 */
export function fastRequest(route: Route, text: string, defaultModel: string): RouteRequest | undefined {
  const general = GENERAL.get(route);
  if (general === undefined) return undefined;
  s = text;
  i = 0;
  model = undefined;
  stream = false;
  maxTokens = altMaxTokens = undefined;
  promptChars = messageCount = messagesJsonLength = system = seen = 0;
  input = -1;
  const ok = scanBody(route, general);
  s = '';
  if (!ok) return undefined;
  let promptTokens: number;
  let max = maxTokens;
  if (route === responsesRoute) {
    if (input <= 0) return undefined;
    promptTokens = Math.ceil(input / 4);
    max = undefined;
  } else {
    if (messageCount === 0) return undefined;
    if (route === chatRoute) {
      promptTokens = Math.ceil(promptChars / 4) + 3 * messageCount;
      max = altMaxTokens ?? maxTokens;
    } else {
      if (maxTokens === undefined) return undefined;
      promptTokens = Math.ceil(messagesJsonLength / 4) + Math.ceil(system / 4);
    }
  }
  return { model: model || defaultModel, stream, maxTokens: max, promptTokens, tool: undefined, body: SCANNED_BODY };
}

function scanBody(route: Route, general: readonly string[]): boolean {
  ws();
  if (s.charCodeAt(i++) !== 123) return false;
  ws();
  if (s.charCodeAt(i) === 125) i++;
  else
    for (;;) {
      if (!scanMember(route, general)) return false;
      ws();
      const d = s.charCodeAt(i++);
      if (d === 125) break;
      if (d !== 44) return false;
    }
  ws();
  return i === s.length;
}
