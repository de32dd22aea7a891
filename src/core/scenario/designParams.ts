// The scenario-design state in a link (README "The scenario in the URL"): the event preset the
// seeds came from, the interventions, the saved scenarios and the pair compared.
//   event=<preset id>  iv=<interventions>  save=<NAME~PARAMS> (repeated)  cmp=<NAME>,<NAME>
// Pure: the page passes its URLSearchParams.
import { decodeSaved, isScenarioName, savedParam, type SavedScenario } from './compare';
import { formatInterventions, parseInterventions, type Intervention } from './interventions';
import { isEventPresetId, type EventPresetId } from './presets';

export const DESIGN_PARAMS = ['event', 'iv', 'save', 'cmp'] as const;

export interface DesignParams {
  event: EventPresetId | null;
  interventions: Intervention[];
  saved: SavedScenario[];
  compare: [string, string] | null;
}

export function emptyDesign(): DesignParams {
  return { event: null, interventions: [], saved: [], compare: null };
}

/** Reads the design keys; bad parts are reported in words and ignored. */
export function readDesignParams(q: URLSearchParams): { design: DesignParams; problems: string[] } {
  const problems: string[] = [];
  const design = emptyDesign();
  const event = q.get('event');
  if (event !== null) {
    if (isEventPresetId(event)) design.event = event;
    else problems.push(`event="${event}" is not a known event preset`);
  }
  const iv = q.get('iv');
  if (iv !== null) {
    try {
      design.interventions = parseInterventions(iv);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  for (const raw of q.getAll('save')) {
    const { saved, problems: p } = decodeSaved(raw);
    problems.push(...p);
    if (saved) design.saved = [...design.saved.filter((s) => s.name !== saved.name), saved];
  }
  const cmp = q.get('cmp');
  if (cmp !== null) {
    const names = cmp.split(',');
    const known = new Set(design.saved.map((s) => s.name));
    if (names.length === 2 && names.every((n) => isScenarioName(n) && known.has(n)))
      design.compare = [names[0], names[1]];
    else problems.push(`cmp="${cmp}" must name two saved scenarios of this link (save=NAME~…)`);
  }
  return { design, problems };
}

/** Replaces the design keys of `q` with the state's (the other keys are left alone). */
export function writeDesignParams(design: DesignParams, q: URLSearchParams): void {
  for (const key of DESIGN_PARAMS) q.delete(key);
  if (design.event) q.set('event', design.event);
  if (design.interventions.length) q.set('iv', formatInterventions(design.interventions));
  for (const s of design.saved) q.append('save', savedParam(s));
  if (design.compare) q.set('cmp', design.compare.join(','));
}
