// MODEL_CARD.md generated from the manifest and the test evaluation (so the card never
// disagrees with the shipped weights).
import type { EvaluationReport, Goal } from './evaluate';
import { goalHorizonLabel } from './evaluateGoals';
import { parameterCount } from './network';
import type { ModelManifest } from './weights';
import {
  baselineSections,
  designLines,
  disciplineLines,
  forecastGraphRule,
  rankedListSection,
  realDataSection,
} from './modelCardSections';

const f = (x: number | undefined, digits = 4) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

export interface CardExtras {
  history: {
    epoch: number;
    loss: number;
    valAuprc: number;
    valNew?: number;
    valVanish?: number;
    valAuprcAll?: number;
    seconds: number;
  }[];
  forecastMs?: number;
  trainCommand: string;
}

export function modelCard(
  manifest: ModelManifest,
  report: EvaluationReport & { goals?: Goal[] },
  extras: CardExtras,
): string {
  const c = manifest.config;
  const split = manifest.data.split;
  const t = manifest.training;
  const lines: string[] = [];
  lines.push('# Model card — temporal-graph exposure forecaster');
  lines.push('');
  lines.push('## What it is');
  lines.push('');
  lines.push(
    'A small fused temporal-graph network after DeXposure-FM (arXiv 2602.03981), written in TensorFlow.js: ' +
      `attention over each protocol's last ${c.window} weeks of node features (missing weeks masked), ` +
      `${c.graphLayers} message-passing layers over exposure edges (incoming and outgoing separately, weighted by normalised log-exposure, gather + segment-sum), ` +
      `a link head on [h_p; h_q; h_p⊙h_q; |h_p−h_q|] plus pair features giving edge-existence probability and a log-weight residual, ` +
      `and a node head giving Δlog(1+TVL), for horizons ${manifest.horizons.join(', ')} weeks.`,
  );
  lines.push('');
  lines.push(
    `- Parameters: ${parameterCount(c).toLocaleString('en-US')} (float32), weights file ${manifest.weightsFile} (${(manifest.byteLength / 1024).toFixed(1)} KiB), SHA-256 \`${manifest.sha256}\` (checked at load).`,
  );
  lines.push(`- Hidden size ${c.hidden}, head hidden size ${c.headHidden}, bilinear rank ${c.bilinearRank}.`);
  lines.push(`- Node features per week: ${manifest.features.join(', ')}.`);
  lines.push(
    '- Node features are standardised with the mean and standard deviation of protocol nodes over the training weeks, then clipped to ±10 (token nodes swing far more).',
  );
  lines.push(`- Pair features: ${manifest.pairFeatures.join(', ')}.`);
  lines.push(
    `- Forecast candidates: every current edge, up to ${manifest.candidates.historyPerNode} recently vanished edges, ${manifest.candidates.twoHopPerNode} two-hop targets (what the holder's issuers hold and what co-holders of its issuers hold, scored as the generator draws them), ` +
      `${manifest.candidates.neighbourPerNode ?? 0} issuers held by its own holders and ${manifest.candidates.peerPerNode} sector-popular issuers (sector-pair exposure × √TVL·√(1+in-degree)) per holder, ` +
      `and ${manifest.candidates.nearestPerNode} nearest embeddings (bilinear score) among the ${manifest.candidates.shortlistSize} most-held issuers.`,
  );
  const cal = manifest.calibration;
  lines.push(
    cal
      ? `- Calibration: Platt scaling σ(a·z + b) of the exists-logit z per horizon${cal.method !== 'platt' ? `, plus, for pairs absent now, c₀ + c₁·(new-link score: log10 of α·sector popularity + (1 − α)·two-hop probability, mapped to [0, 1]${cal.new_link_mix ? `; α = ${cal.new_link_mix.alpha} learned on the ${cal.new_link_mix.fitted_on} (grid 0, 0.05, …, 1; lowest log-loss of a bias + score + links-gained logistic, summed over horizons)` : "; α = 0.65, the synthetic generator's own (a model trained before the mix was learned)"}) + c₂·log(1 + links the holder gained over the window)` : ''}, a logistic regression fitted on the ${cal.fitted_on}: ${Object.entries(
          cal.horizons,
        )
          .map(
            ([h, c]) =>
              `h=${h} a=${c.a.toFixed(3)} b=${c.b.toFixed(3)}${c.c ? ` c=${c.c.map((x) => x.toFixed(3)).join('/')}` : ''}`,
          )
          .join(', ')}.${
          cal.absent_isotonic
            ? ` Then, for pairs absent now, a monotone (isotonic: pool-adjacent-violators on groups of ≥ 2,000 pairs holding ≈ 20 expected positives) map of that probability per horizon, fitted on the same validation candidates (an earlier model's logistic left its low absent-pair bins off by a factor 2–6 on its test weeks). It keeps the order of absent pairs (their AUPRC is unchanged), and is kept for a horizon only where, fitted on half the validation anchors, it lowered the worst bin ratio on the other half (else the identity).${
                cal.absent_isotonic_check
                  ? ` Checked on the validation weeks alone (map fitted on half the anchors, worst equal-count bin ratio on the other half, before → after): ${Object.entries(
                      cal.absent_isotonic_check,
                    )
                      .map(([h, c]) => `h=${h} ${c.before.toFixed(2)} → ${c.after.toFixed(2)}`)
                      .join('; ')}.`
                  : ''
              }`
            : ''
        }`
      : '- Calibration: none (raw probabilities).',
  );
  lines.push(
    `- Forecast graph: ${forecastGraphRule(manifest)}, weighted expm1(predicted log-weight)${
      cal?.weight_scale
        ? ` × a USD scale per horizon (${Object.entries(cal.weight_scale)
            .map(([h, v]) => `h=${h} ${v.toFixed(3)}`)
            .join(
              ', ',
            )}): the network's log-weights are typical values whose exponentials understate USD sums, so the scale is the validation ratio Σ realized USD ÷ Σ predicted USD over realized candidate edges, geometric mean over anchors; the log-weight errors below are of the unscaled prediction`
        : ''
    }; the anchor week's holdings are carried over, scaled by each holder's forecast edge to the token's issuer relative to now and dropped with it, so token de-pegs work on forecasts (new links carry no holdings). ` +
      `Uncertainty: K sampled graphs (every pair kept with its calibrated probability, protocol TVLs spread by the validation RMSE of Δlog TVL${
        cal?.node_sd
          ? `: ${Object.entries(cal.node_sd)
              .map(([h, v]) => `h=${h} ${v.toFixed(3)}`)
              .join(', ')}`
          : ''
      }), seeded; the stress loss is reported as median and 10–90% band${manifest.stress_band ? ', widened per horizon and scenario by a split-conformal margin fitted on the validation weeks (below)' : ''}.`,
  );
  for (const line of designLines(manifest)) lines.push(line);
  lines.push('');
  lines.push('## Data');
  lines.push('');
  const d = manifest.data as Record<string, unknown>;
  lines.push(
    `Trained and evaluated on **synthetic** weekly exposure graphs (${String(d.file ?? 'data/history/synthetic-history.json')}): ` +
      `${String(d.weeks)} weeks from ${String(d.firstWeek)} to ${split?.lastWeekDate ?? '?'}; ${String(d.protocols ?? '?')} protocols and ${String(d.nodesLastWeek ?? '?')} nodes (protocols and token nodes) with ${String(d.edgesLastWeek ?? '?')} edges in the last week. ` +
      'The generator is calibrated to the real DeXposure sector series, but no number in it was observed: ' +
      "the metrics below say how well the model learns the generator's dynamics, not how it would do on real DeFi data.",
  );
  if (d.provenance) lines.push(`Provenance of the file: ${JSON.stringify(d.provenance)}.`);
  lines.push('');
  lines.push('## Split (walk-forward, no look-ahead)');
  lines.push('');
  if (split) {
    lines.push(
      `- Training: anchors whose targets are ≤ week ${split.trainEnd} (${split.trainEndDate}); normalisation statistics from these weeks only.`,
    );
    lines.push(
      `- Validation (early stopping): targets in weeks ${split.trainEnd + 1}–${split.valEnd} (to ${split.valEndDate}).`,
    );
    lines.push(
      `- Test (the table below): anchors from week ${split.valEnd} on, targets in weeks ${split.valEnd + 1}–${split.lastWeek} (to ${split.lastWeekDate}).`,
    );
  }
  lines.push('');
  lines.push('## Training');
  lines.push('');
  lines.push(
    `Adam, learning rate ${String(t.learningRate)}, global-norm clipping at ${String(t.clipNorm)}; loss ${String(t.lambdaExist)}·BCE(existence; negatives sampled ${String(t.negativeRatio)}:1, positives weighted ${String(t.positiveWeight)}) ` +
      `+ ${String(t.lambdaWeight)}·SmoothL1(log-weight residual, positive edges) + ${String(t.lambdaNode)}·SmoothL1(Δlog TVL); at most ${String(t.maxPairsPerStep)} pairs per step, one anchor week per step. ` +
      `Early stopping on validation AUPRC where persistence is weak: the mean of ln AUPRC on pairs absent now (new) and on edges present now (vanish), over the horizons (patience ${String(t.patience)}); kept the weights of epoch ${String(t.keptEpoch ?? t.bestEpoch)} of ${String(t.epochs)} (the latest epoch within ${String(t.auprcTolerance ?? 0)} of the best, ${f(Number(t.bestValAuprc))}); seed ${t.seed}; ${String(t.seconds)} s on the tfjs cpu backend (2 cores).`,
  );
  lines.push(`Reproduce: \`${extras.trainCommand}\`.`);
  lines.push('');
  lines.push(
    '| epoch | train loss | criterion: mean ln AUPRC | val new AUPRC | val vanish AUPRC | val AUPRC, all pairs | seconds |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  const opt = (x: number | undefined) => (x !== undefined ? f(x) : '—');
  for (const h of extras.history)
    lines.push(
      `| ${h.epoch} | ${f(h.loss)} | ${f(h.valAuprc)} | ${opt(h.valNew)} | ${opt(h.valVanish)} | ${opt(h.valAuprcAll)} | ${h.seconds.toFixed(1)} |`,
    );
  lines.push('');
  lines.push('## Test evaluation (model vs persistence)');
  lines.push('');
  lines.push(
    'Persistence: Â_{t+h} = A_t, Ŵ_{t+h} = W_t, TVL_{t+h} = TVL_t. Pairs scored: current edges, structural candidates, realized future edges and as many random protocol pairs as realized edges (the same set for both). Weight errors on log(1+w) over realized edges; node errors on Δlog(1+TVL).',
  );
  lines.push('');
  lines.push(
    '| h | AUROC model / pers. | AUPRC model / pers. | weight MAE model / pers. | weight RMSE model / pers. | node MAE model / pers. | node RMSE model / pers. |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [h, r] of Object.entries(report.horizons)) {
    lines.push(
      `| ${h} | ${f(r.model.auroc)} / ${f(r.persistence.auroc)} | **${f(r.model.auprc)}** / ${f(r.persistence.auprc)} | ${f(r.model.weight_mae)} / ${f(r.persistence.weight_mae)} | ${f(r.model.weight_rmse)} / ${f(r.persistence.weight_rmse)} | ${f(r.model.node_mae)} / ${f(r.persistence.node_mae)} | ${f(r.model.node_rmse)} / ${f(r.persistence.node_rmse)} |`,
    );
  }
  lines.push('');
  lines.push(
    'Node Δlog(1+TVL) over protocol nodes only (token nodes, whose value is the USD of the token held in the graph, move much more):',
  );
  lines.push('');
  lines.push('| h | node MAE model / pers. (protocols) | node RMSE model / pers. (protocols) |');
  lines.push('| --- | --- | --- |');
  for (const [h, r] of Object.entries(report.horizons)) {
    lines.push(
      `| ${h} | ${f(r.model.node_mae_protocols)} / ${f(r.persistence.node_mae_protocols)} | ${f(r.model.node_rmse_protocols)} / ${f(r.persistence.node_rmse_protocols)} |`,
    );
  }
  lines.push('');
  lines.push(
    "Forecast-then-measure: system loss (% of DeFi protocol TVL: bounded rule, DeFi perimeter without CEX, τ = 0.1, the app's defaults) under the top1, top5 and bridge scenarios on the forecast graph, persistence (A_t) and the realized graph; MAE against the realized loss over (anchor, scenario) cases; ΔMAE = MAE(persistence) − MAE(model) (positive: the model is closer); worst 20% = the cases where persistence errs most.",
  );
  lines.push('');
  lines.push('| h | cases | MAE model | MAE persistence | ΔMAE | worst-20% MAE model / pers. | worst-20% ΔMAE |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [h, r] of Object.entries(report.horizons)) {
    const s = r.stress;
    if (!s) continue;
    lines.push(
      `| ${h} | ${s.cases} | ${f(s.model_mae, 3)} | ${f(s.persistence_mae, 3)} | ${f(s.delta_mae, 3)} | ${f(s.worst20.model_mae, 3)} / ${f(s.worst20.persistence_mae, 3)} | ${f(s.worst20.delta_mae, 3)} |`,
    );
  }
  lines.push('');
  const detailed = Object.entries(report.horizons).filter(([, r]) => r.new_edges && r.vanished_edges && r.graph_errors);
  if (detailed.length) lines.push(...baselineSections(report));
  lines.push(...rankedListSection(report));
  if (detailed.length) {
    lines.push('## Where persistence cannot help: new and vanishing edges');
    lines.push('');
    lines.push(
      'The full pair set above includes every current edge, so persistence scores high there and the margin mostly measures that. ' +
        'Below, the same evaluated pairs split into those **absent** at the anchor (can appear; positive = the edge exists h weeks later) and those **present** (can vanish; positive = it is gone). ' +
        'Baselines: persistence (A_t: a constant score on each subset, so its AUPRC is the base rate) and smoothed persistence (share of the last 8 weeks in which the edge existed). ' +
        "Operating point: the model's shipped forecast graph (its selection rule per horizon, above); smoothed persistence: present in ≥ half of the 8 weeks.",
    );
    lines.push('');
    lines.push(
      '| h | new: pairs / appear (base rate) | new AUPRC model / pers. / smoothed | new P / R at op. point (model) | vanish: edges / vanish (base rate) | vanish AUPRC model / pers. / smoothed | vanish P / R (model) |',
    );
    lines.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const [h, r] of detailed) {
      const ne = r.new_edges!;
      const ve = r.vanished_edges!;
      lines.push(
        `| ${h} | ${ne.count} / ${ne.positives} (${f(ne.base_rate)}) | **${f(ne.model.auprc)}** / ${f(ne.persistence.auprc)} / ${f(ne.smoothed_persistence.auprc)} | ${f(ne.model.precision, 3)} / ${f(ne.model.recall, 3)} | ` +
          `${ve.count} / ${ve.positives} (${f(ve.base_rate)}) | **${f(ve.model.auprc)}** / ${f(ve.persistence.auprc)} / ${f(ve.smoothed_persistence.auprc)} | ${f(ve.model.precision, 3)} / ${f(ve.model.recall, 3)} |`,
      );
    }
    lines.push('');
    lines.push(
      'Edge errors of whole graphs against the realized graph (missed + spurious edges, summed over the test anchors): the forecast graph (expected count), the same model thresholded at calibrated p ≥ 0.5, persistence and smoothed persistence. ' +
        'New-edge weights: log(1+w) MAE over realized new edges for the model, persistence (predicts 0) and the training-mean constant (mean log(1+w) of edges new in the training weeks).',
    );
    lines.push('');
    lines.push(
      '| h | errors forecast graph (missed + spurious) | model p ≥ 0.5 | persistence | smoothed pers. | new-edge weight MAE model / pers. / training mean |',
    );
    lines.push('| --- | --- | --- | --- | --- | --- |');
    for (const [h, r] of detailed) {
      const g = r.graph_errors!;
      const w = r.new_edges!.weight_mae;
      lines.push(
        `| ${h} | ${g.model.total} (${g.model.missed} + ${g.model.spurious}) | ${g.model_p50.total} (${g.model_p50.missed} + ${g.model_p50.spurious}) | ${g.persistence.total} (${g.persistence.missed} + ${g.persistence.spurious}) | ${g.smoothed_persistence.total} | ${f(w.model, 3)} / ${f(w.persistence, 3)} / ${f(w.training_mean, 3)} |`,
      );
    }
    lines.push('');
    lines.push(
      'Calibration (test forecast candidates, 15 equal-width bins) and candidate recall (realized new edges that were forecast candidates), with the cost of the candidates:',
    );
    lines.push('');
    lines.push(
      '| h | ECE before / after | Σp vs realized (per anchor) | candidate recall | candidates per anchor | candidate + input build (ms per anchor) |',
    );
    lines.push('| --- | --- | --- | --- | --- | --- |');
    for (const [h, r] of detailed) {
      const c = r.calibration;
      const cr = r.candidate_recall;
      lines.push(
        `| ${h} | ${f(c?.ece_before)} / **${f(c?.ece_after)}** | ${f(c?.expected_edges_mean, 0)} / ${f(c?.realized_candidate_edges_mean, 0)} | ${f(cr?.recall, 3)} (${cr?.covered ?? '—'} of ${cr?.realized ?? '—'}) | ${f(cr?.candidates_per_anchor, 0)} | ${f(cr?.prepare_ms_per_anchor, 0)} |`,
      );
    }
    const first = detailed[0][1].calibration;
    if (first) {
      lines.push('');
      lines.push(`Reliability at h=${detailed[0][0]} (bins with pairs): predicted mean → observed frequency (pairs):`);
      lines.push('');
      lines.push(
        first.reliability
          .filter((b) => b.count > 0)
          .map((b) => `[${b.lo.toFixed(2)}, ${b.hi.toFixed(2)}) ${f(b.mean_p, 3)} → ${f(b.freq, 3)} (${b.count})`)
          .join('; ') + '.',
      );
    }
    const banded = detailed.filter(([, r]) => r.stress?.band);
    if (banded.length) {
      lines.push('');
      lines.push(
        'Stress band: per (anchor, scenario) case, the system loss over sampled forecast graphs; how often the realized loss falls in the 10–90% band, the mean band width and the MAE of the band median:',
      );
      lines.push('');
      lines.push('| h | cases | coverage 10–90% | mean width (pp) | median MAE (pp) |');
      lines.push('| --- | --- | --- | --- | --- |');
      for (const [h, r] of banded) {
        const b = r.stress!.band!;
        lines.push(
          `| ${h} | ${b.samples} | ${f(b.coverage_10_90, 3)} | ${f(b.width_mean, 3)} | ${f(b.median_mae, 3)} |`,
        );
      }
    }
    lines.push('');
  }
  if (report.goals?.length) {
    lines.push('## Goals (issues 10 and 19), measured on the test weeks');
    lines.push('');
    for (const g of report.goals) {
      const per = Object.entries(g.horizons)
        .map(([h, v]) => {
          const d = Number.isInteger(v.value) && Number.isInteger(v.target) ? 0 : 4;
          return `${goalHorizonLabel(h)} ${f(v.value, d)} vs ${f(v.target, d)} ${v.met ? 'met' : 'not met'}`;
        })
        .join('; ');
      lines.push(`- **${g.met ? 'Met' : 'Not met'}**: ${g.goal} — ${per}.`);
    }
    lines.push('');
  }
  for (const line of realDataSection((report as { real_data?: Parameters<typeof realDataSection>[0] }).real_data))
    lines.push(line);
  for (const line of disciplineLines(manifest)) lines.push(line);
  lines.push('## Honest notes');
  lines.push('');
  const notes: string[] = [];
  for (const [h, r] of Object.entries(report.horizons)) {
    if (!(r.model.auprc > r.persistence.auprc)) notes.push(`h=${h}: the model does NOT beat persistence on AUPRC.`);
    if (!(r.model.weight_mae < r.persistence.weight_mae))
      notes.push(
        `h=${h}: log-weight MAE is not better than persistence (${f(r.model.weight_mae)} vs ${f(r.persistence.weight_mae)}).`,
      );
    if (!(r.model.node_mae < r.persistence.node_mae))
      notes.push(
        `h=${h}: node Δlog-TVL MAE is not better than persistence (${f(r.model.node_mae)} vs ${f(r.persistence.node_mae)}).`,
      );
    if (!(r.model.node_mae_protocols < r.persistence.node_mae_protocols))
      notes.push(
        `h=${h}: node Δlog-TVL MAE over protocols is not better than persistence (${f(r.model.node_mae_protocols)} vs ${f(r.persistence.node_mae_protocols)}).`,
      );
    if (r.stress && !(r.stress.delta_mae > 0))
      notes.push(`h=${h}: system-loss MAE is not better than persistence (ΔMAE ${f(r.stress.delta_mae, 3)}).`);
  }
  if (notes.length === 0)
    notes.push('The model beats persistence on every reported metric at every horizon on this synthetic test period.');
  for (const [h, r] of Object.entries(report.horizons)) {
    if (!r.stress) continue;
    notes.push(
      `h=${h}: forecast graphs have ${f(r.edges_predicted_mean, 0)} edges on average vs ${f(r.edges_realized_mean, 0)} realized; mean system loss ${f(r.stress.mean_loss_pct.model, 2)}% (model) / ${f(r.stress.mean_loss_pct.persistence, 2)}% (persistence) / ${f(r.stress.mean_loss_pct.realized, 2)}% (realized).`,
    );
  }
  notes.push(
    'Why the stress ΔMAE can be negative while the link and weight metrics win: system loss is a whole-graph quantity driven by a few large protocols and edges. ' +
      'The model improves the average link and weight error, but each forecast graph also adds and drops some edges and moves TVLs, and these small per-edge errors add up in the loss; ' +
      'persistence carries no such noise and its error only grows with the true change.',
  );
  for (const n of notes) lines.push(`- ${n}`);
  lines.push(
    '- Why persistence is hard to beat: week-to-week exposure graphs are very persistent (most edges survive a week), so A_t is a strong forecast, and TVL changes are mostly noise around a slow trend, where predicting no change is near-optimal for MAE. ' +
      'The model gains where the generator has structure (edges likely to vanish or reappear, new links that follow two-hop paths and peers, TVL momentum and ramps of new protocols). ' +
      'Token nodes dominate the all-node TVL errors: their value is the USD of the token held in the graph, which jumps with every large holder.',
  );
  lines.push(
    '- Nodes that do not exist in the last observed week cannot be forecast; edges to or from them are outside every metric. Holdings are carried from the last week (scaled with their edge), not forecast: a new link holds no token, so a token de-peg reaches it only through contagion.',
  );
  lines.push(
    '- Why an expected-count graph can have more edge errors than persistence while calibrated (hence the selection rule is chosen on the validation weeks): with the edge count fixed at Σp, every swap of a current edge for a candidate adds an error unless the swap is right more than half the time, and new links are rare and hard to place (precision at the operating point above). A graph thresholded at calibrated p ≥ 0.5 makes only changes it expects to be right (column "model p ≥ 0.5"), at the price of too few new links. The sampled graphs carry the expected count and the uncertainty.',
  );
  if (extras.forecastMs !== undefined)
    lines.push(
      `- A paper-scale forecast (≈5,700 protocols, ≈30,000 edges, four horizons) took ${extras.forecastMs.toFixed(0)} ms on the tfjs cpu backend in Node on the 2-core build machine.`,
    );
  lines.push('');
  lines.push('## Files');
  lines.push('');
  lines.push(
    '- `manifest.json`: config, horizons, feature lists, normalisation statistics, tf.io weightSpecs, SHA-256 of the binary, training settings and data provenance.',
  );
  lines.push(
    '- `weights.bin`: float32 little-endian values of every parameter in weightSpecs order (one tf.io shard).',
  );
  lines.push('- `evaluation.json`: the output of `npm run --silent cli -- evaluate --json` for these weights.');
  lines.push('');
  return lines.join('\n');
}
