import { describe, expect, it } from 'vitest';
import { auprc, auroc } from '../../src/model/evaluate';

describe('ranking metrics', () => {
  const labels = [1, 0, 1, 0, 0];

  it('scores the persistence baseline (0/1 scores with ties) by hand', () => {
    const persistence = [1, 1, 0, 0, 0];
    // AUROC: positive with score 1 vs negatives (1, 0, 0): 0.5 + 1 + 1 = 2.5;
    // positive with score 0 vs (1, 0, 0): 0 + 0.5 + 0.5 = 1 → 3.5 / (2·3) = 0.583333.
    expect(auroc(labels, persistence)).toBeCloseTo(3.5 / 6, 10);
    // AUPRC: threshold 1 → precision 1/2, recall 1/2; threshold 0 → precision 2/5, recall 1:
    // 0.5·0.5 + 0.4·0.5 = 0.45.
    expect(auprc(labels, persistence)).toBeCloseTo(0.45, 10);
  });

  it('gives 1 to a perfect ranking and handles a partly wrong one', () => {
    expect(auroc(labels, [0.9, 0.2, 0.8, 0.1, 0.3])).toBe(1);
    expect(auprc(labels, [0.9, 0.2, 0.8, 0.1, 0.3])).toBe(1);
    // Order: 0.9 (+), 0.7 (−), 0.5 (+), …: AP = 1·0.5 + (2/3)·0.5 = 0.833333.
    expect(auprc(labels, [0.9, 0.7, 0.5, 0.1, 0.2])).toBeCloseTo(0.5 + (2 / 3) * 0.5, 10);
    // AUROC: first positive beats 3 negatives, second beats 2 of 3 → 5/6.
    expect(auroc(labels, [0.9, 0.7, 0.5, 0.1, 0.2])).toBeCloseTo(5 / 6, 10);
  });
});
