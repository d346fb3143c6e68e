/**
 * Shannon entropy (nats) of softmax(logits), computed stably: with m = max logit,
 * w_i = exp(z_i - m), S = sum w_i: H = ln S - sum(w_i (z_i - m)) / S.
 * Infinite logits (temperature 0) mean a uniform distribution over the maxima: ln(#maxima).
 */
export function softmaxEntropy(logits: ArrayLike<number>): number {
  const n = logits.length;
  if (n === 0) return 0;
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (logits[i]! > m) m = logits[i]!;
  if (m === Infinity) {
    let ties = 0;
    for (let i = 0; i < n; i++) if (logits[i] === Infinity) ties++;
    return Math.log(ties);
  }
  let s = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const d = logits[i]! - m;
    if (d === -Infinity) continue;
    const w = Math.exp(d);
    s += w;
    t += w * d;
  }
  const h = Math.log(s) - t / s;
  // Rounding can leave -1e-17 for a one-point distribution.
  return h < 0 ? 0 : h;
}
