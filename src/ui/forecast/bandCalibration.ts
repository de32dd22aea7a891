// Whether the stress band shown in the Forecast tab is a calibrated one: the conformal widening
// was fitted on the validation weeks for the three presets (their default δ, no extra shock) under one
// rule, perimeter and τ; any other scenario gets no band (the raw one under-covers), only the reason.
import type { ScenarioSpec } from '../../core/scenarioSpec';
import type { ForecastResult } from '../../model/forecast';
import { SCENARIO_DEFAULT_FRACTION } from '../../core/scenarios';

export type BandCalibration = { widen: number; scenario: string; samples: number } | { reason: string };

export function bandCalibrationFor(scenario: ScenarioSpec, result: ForecastResult): BandCalibration {
  const cal = result.bandCalibration;
  if (!cal) return { reason: 'this model has no band calibration' };
  const preset = scenario.preset;
  const settings = `the presets top1/top5/bridge at their default δ, rule ${cal.rule}, perimeter ${cal.perimeter}, τ = ${cal.threshold}`;
  if (
    !preset ||
    cal.widen[preset] === undefined ||
    Math.abs(scenario.presetFraction - SCENARIO_DEFAULT_FRACTION[preset]) > 1e-9 ||
    scenario.shocks.length > 0 ||
    scenario.tokens.length > 0 ||
    scenario.rule !== cal.rule ||
    scenario.perimeter !== cal.perimeter ||
    Math.abs(scenario.threshold - cal.threshold) > 1e-9
  )
    return { reason: `no band for this scenario (uncalibrated): the band is calibrated for ${settings}` };
  return { widen: cal.widen[preset], scenario: preset, samples: cal.samples };
}
