/** One item the planner may select. */
export interface Candidate {
  id: string;
  score: number;
  category?: string;
}

/** Additive score boosts: a candidate gets its category's boost plus its own id's boost. */
export interface PlannerBoosts {
  categories?: Record<string, number>;
  ids?: Record<string, number>;
}

/** Business-logic parameters of the selection (sut/config/planner.yaml, overridable per case). */
export interface PlannerConfig {
  /** Softmax temperature, >= 0. 0 means greedy: highest score first, ties broken at random. */
  temperature: number;
  /** How many candidates to select (fewer when n < k or caps bind). */
  k: number;
  /** At most this many selected candidates per category; categories not listed are uncapped. */
  categoryCaps?: Record<string, number>;
  boosts?: PlannerBoosts;
  /**
   * Fraction of the k slots (floor(share * min(k, n))) filled by uniform-random picks among the
   * candidates the Gumbel-top-k part did not select, drawn from the same seeded generator after the
   * Gumbel noise. 0 (default) means pure Gumbel-top-k.
   */
  explorationShare?: number;
}

export interface Selection {
  /** Selected ids, in selection order: exploitation picks by descending key, then exploration picks. */
  ids: string[];
  /**
   * Shannon entropy (nats) of softmax((score + boost) / temperature) over all candidates: the
   * distribution the first pick is drawn from. ln(#tied maxima) at temperature 0; 0 for no candidates.
   */
  entropy: number;
  /** The ids among `ids` that were picked by exploration (uniform), not by Gumbel-top-k. */
  exploredIds: string[];
}
