// The Design tab: historical events, interventions, the reverse stress test and the comparison of
// saved scenarios, all on the graph on screen (README "Scenario design").
import { useExplorer } from '../store';
import './design.css';
import { Compare } from './Compare';
import { EventPresets } from './EventPresets';
import { Interventions } from './Interventions';
import { ReverseStress } from './ReverseStress';
import { useDesign } from './designStore';

export function DesignPanel() {
  const snapshot = useExplorer((s) => s.snapshot);
  const problems = useDesign((s) => s.problems);
  if (!snapshot) return <p className="muted">Loading…</p>;
  return (
    <div className="design-panel" data-testid="design-panel">
      {problems.length > 0 && (
        <p className="warn small" role="alert" data-testid="design-problems">
          The link&apos;s design parameters had problems, ignored: {problems.join('; ')}
        </p>
      )}
      <EventPresets />
      <Interventions />
      <ReverseStress />
      <Compare />
    </div>
  );
}
