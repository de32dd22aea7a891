// The answer to a host's contagion:design message (src/embed/protocol.ts): the CLI's JSON for each
// part asked, on the explorer's current week and scenario. Loaded on first use.
import { ScenarioError } from '../../core/contagion';
import { contagionOptions, resolveSeeds } from '../../core/scenarioSpec';
import { compareSaved, comparisonToJson, decodeSaved } from '../../core/scenario/compare';
import { eventToJson, interventionsToJson, reverseToJson } from '../../core/scenario/designJson';
import { parseInterventions } from '../../core/scenario/interventions';
import { eventPreset, EVENT_PRESET_IDS, isEventPresetId } from '../../core/scenario/presets';
import { reverseStress, type ReverseSearch, type ReverseTarget } from '../../core/scenario/reverseStress';
import type { DesignMessage, DesignResultsMessage, ErrorMessage } from '../../embed/protocol';
import type { ExplorerState } from '../store';

function fail(msg: DesignMessage, message: string): ErrorMessage {
  return { type: 'contagion:error', ...(msg.requestId !== undefined ? { requestId: msg.requestId } : {}), message };
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export function designAnswer(s: ExplorerState, msg: DesignMessage): DesignResultsMessage | ErrorMessage {
  const week = s.baseSnapshot;
  const snapshot = s.snapshot;
  if (!week || !snapshot || !s.datasetName) return fail(msg, 'no data loaded yet');
  const options = contagionOptions(s.scenario);
  const out: DesignResultsMessage = {
    type: 'contagion:design-results',
    ...(msg.requestId !== undefined ? { requestId: msg.requestId } : {}),
    dataset: s.datasetName,
    date: snapshot.date,
  };
  try {
    if (msg.event !== undefined) {
      if (!isEventPresetId(msg.event))
        return fail(msg, `event "${String(msg.event)}" is not one of ${EVENT_PRESET_IDS.join(', ')}`);
      out.event = eventToJson(week, eventPreset(msg.event), options);
    }
    const { seeds } = resolveSeeds(snapshot, s.scenario);
    if (msg.interventions !== undefined || msg.rank) {
      if (msg.interventions !== undefined && typeof msg.interventions !== 'string')
        return fail(msg, 'interventions must be a string, as the URL\u2019s iv=');
      if (seeds.length === 0) return fail(msg, 'interventions need a scenario with a shock: set one first');
      const list = parseInterventions(msg.interventions ?? '');
      out.interventions = interventionsToJson(snapshot, seeds, options, list, msg.rank === true);
    }
    if (msg.reverse !== undefined) {
      const r = msg.reverse;
      const t = r?.target ?? {};
      let target: ReverseTarget;
      if (isNumber(t.lossPct) && t.lossPct > 0 && t.lossPct <= 100 && t.distressed === undefined)
        target = { kind: 'lossPct', value: t.lossPct };
      else if (isNumber(t.distressed) && Number.isInteger(t.distressed) && t.distressed >= 1 && t.lossPct === undefined)
        target = { kind: 'distressed', value: t.distressed };
      else return fail(msg, 'reverse.target: give lossPct (0–100] or distressed (whole number ≥ 1)');
      let search: ReverseSearch;
      if (typeof r.protocol === 'string') search = { kind: 'protocol', id: r.protocol };
      else if (typeof r.token === 'string') search = { kind: 'token', symbol: r.token };
      else if (isNumber(r.setDelta) && r.setDelta > 0 && r.setDelta <= 1)
        search = { kind: 'set', fraction: r.setDelta };
      else return fail(msg, 'reverse: give protocol, token or setDelta in (0, 1]');
      const t0 = performance.now();
      const answer = reverseStress(snapshot, search, target, options);
      out.reverse = reverseToJson(answer, performance.now() - t0);
    }
    if (msg.compare !== undefined) {
      const a = decodeSaved(String(msg.compare?.a ?? ''));
      const b = decodeSaved(String(msg.compare?.b ?? ''));
      const problems = [...a.problems, ...b.problems];
      if (!a.saved || !b.saved || problems.length) return fail(msg, problems.join('; '));
      out.compare = comparisonToJson(compareSaved(week, a.saved, b.saved));
    }
  } catch (err) {
    if (err instanceof ScenarioError) return fail(msg, err.message);
    throw err;
  }
  return out;
}
