import { describe, expect, it } from 'vitest';
import { topK } from '../../../../src/main/library/search/search-service';
import { rng } from '../../../fixtures/generate';

describe('topK', () => {
  it('gives the same first k as a full sort, ties included', () => {
    const r = rng(5);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(r() * 300);
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      const score = new Map(ids.map((id) => [id, Math.floor(r() * 20)]));
      const order = (a: number, b: number) => (score.get(b) ?? 0) - (score.get(a) ?? 0) || a - b;
      const k = Math.floor(r() * 60);
      expect(
        topK(
          [...ids].sort(() => r() - 0.5),
          k,
          order,
        ),
      ).toEqual([...ids].sort(order).slice(0, k));
    }
  });
});
