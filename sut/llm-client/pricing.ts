/** Price per million tokens, in US dollars. */
export interface Pricing {
  promptPerMillion: number;
  completionPerMillion: number;
}

/** gpt-4o-mini's list price (2024), a plausible default for a cost budget. */
export const DEFAULT_PRICING: Pricing = { promptPerMillion: 0.15, completionPerMillion: 0.6 };

export function costUsd(p: Pricing, promptTokens: number, completionTokens: number): number {
  return (promptTokens * p.promptPerMillion + completionTokens * p.completionPerMillion) / 1e6;
}
