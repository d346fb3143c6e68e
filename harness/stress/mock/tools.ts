/**
 * Tool (function) calls: which tool the mock calls, and its arguments, decided from the request alone
 * so the answer is deterministic. The rule, the same on every route:
 *  - no tools, or a choice of none -> text;
 *  - a named tool -> that tool; required / any -> the first tool;
 *  - auto (or no choice) -> the first tool, unless the conversation's last turn is a tool result
 *    (then text), so an agent loop "call, then answer" completes in two requests.
 */
export interface ToolCall {
  name: string;
  /** The arguments as the JSON text the APIs carry. */
  arguments: string;
}

export interface ToolSpec {
  name: string;
  schema: unknown;
}

export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

/** The tools of a request that declares none: one shared empty list rather than one per request. */
export const NO_TOOLS: readonly ToolSpec[] = [];

/** A value that fits a JSON schema (first enum value, `tok0` for strings, 1 for numbers...). */
export function sampleFor(schema: unknown, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 8) return null;
  const s = schema as {
    type?: unknown;
    enum?: unknown[];
    properties?: Record<string, unknown>;
    items?: unknown;
    const?: unknown;
  };
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return 'tok0';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sampleFor(s.items, depth + 1)];
    case 'null':
      return null;
    default: {
      if (type !== 'object' && s.properties === undefined) return null;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sampleFor(v, depth + 1);
      return out;
    }
  }
}

/** The tool to call, or undefined for a text answer; a string is an error message (unknown tool name). */
export function chooseTool(
  tools: readonly ToolSpec[],
  choice: ToolChoice,
  lastTurnIsToolResult: boolean,
): ToolCall | undefined | string {
  if (tools.length === 0 || choice === 'none') return undefined;
  let tool: ToolSpec | undefined;
  if (typeof choice === 'object') {
    tool = tools.find((t) => t.name === choice.name);
    if (!tool) return `tool_choice names '${choice.name}', which is not in tools`;
  } else if (choice === 'required') tool = tools[0];
  else tool = lastTurnIsToolResult ? undefined : tools[0];
  return tool && { name: tool.name, arguments: JSON.stringify(sampleFor(tool.schema) ?? {}) };
}

/** Argument text split into the pieces a stream sends (8 characters each); their count is the completion tokens. */
export function argumentPieces(args: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 8) out.push(args.slice(i, i + 8));
  return out.length > 0 ? out : [''];
}
