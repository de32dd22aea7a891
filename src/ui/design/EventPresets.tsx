// Historical event presets on the graph on screen: each with its figures, date and source in one
// line, what it would cost today (in its perimeter, with the scenario's rule, τ and rounds), and
// "no holding of … in this graph" instead of a 0% where the graph holds none of its tokens.
import { useMemo } from 'react';
import { runContagion } from '../../core/contagion';
import { applyPerimeter, PERIMETER_DESCRIPTIONS } from '../../core/perimeter';
import { contagionOptions } from '../../core/scenarioSpec';
import { EVENT_PRESETS, resolveEvent } from '../../core/scenario/presets';
import { useExplorer } from '../store';
import { formatPct, formatUsd } from '../format';
import { applyEvent, useDesign } from './designStore';

export function EventPresets() {
  const week = useExplorer((s) => s.baseSnapshot);
  const scenario = useExplorer((s) => s.scenario);
  const active = useDesign((s) => s.event);
  const notice = useDesign((s) => s.eventNotice);
  const options = useMemo(() => contagionOptions(scenario), [scenario]);
  const rows = useMemo(() => {
    if (!week) return [];
    return EVENT_PRESETS.map((preset) => {
      const view = applyPerimeter(week, preset.perimeter);
      const ev = resolveEvent(view, preset);
      const result = ev.applicable ? runContagion(view, ev.seeds, { ...options, recordRounds: false }) : null;
      return { preset, ev, result };
    });
  }, [week, options]);

  return (
    <section className="design-section" aria-labelledby="design-events">
      <h3 id="design-events">Historical events on this graph</h3>
      <p className="muted small">
        Past market moves applied to the week on screen, with the scenario&apos;s rule, τ and rounds. A token the graph
        holds none of is named, not counted as a 0% loss.
      </p>
      {notice && (
        <p className="design-notice" role="status" data-testid="event-notice">
          {notice}
        </p>
      )}
      <ul className="event-list">
        {rows.map(({ preset, ev, result }) => (
          <li
            key={preset.id}
            className={active === preset.id ? 'active' : undefined}
            data-testid={`event-${preset.id}`}
          >
            <div className="event-head">
              <strong>{preset.title}</strong>
              {preset.basis === 'hypothetical' && <span className="tag">hypothetical sizes</span>}
              <button
                type="button"
                onClick={() => applyEvent(preset.id)}
                disabled={!ev.applicable}
                data-testid={`event-apply-${preset.id}`}
              >
                {active === preset.id ? 'Applied' : 'Apply'}
              </button>
            </div>
            <p className="small">{preset.citation}</p>
            {ev.applicable ? (
              <p className="small" data-testid={`event-loss-${preset.id}`} data-loss-pct={result!.totalLossPct}>
                Shocks{' '}
                {ev.moves
                  .flatMap((m) => m.held.map((h) => `${h.symbol} −${+(m.fraction * 100).toFixed(2)}%`))
                  .join(', ')}{' '}
                on {formatUsd(ev.heldUsd)} held: system loss <strong>{formatPct(result!.totalLossPct)}</strong> of{' '}
                {formatUsd(result!.totalTvl)} ({PERIMETER_DESCRIPTIONS[preset.perimeter].denominator}),{' '}
                {formatUsd(result!.totalLoss)}.
              </p>
            ) : (
              <p className="small warn" data-testid={`event-na-${preset.id}`}>
                Not applicable here: nothing to run.
              </p>
            )}
            {ev.notes.length > 0 && (
              <p className="muted small" data-testid={`event-notes-${preset.id}`}>
                {ev.notes.join('; ').replace(/\.?$/, '.')}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
