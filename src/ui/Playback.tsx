// Round-by-round propagation: play/pause/step and a round slider; shows the running system loss.
import { useEffect } from 'react';
import { useExplorer } from './store';
import { useRoundView } from './store/selectors';
import { formatUsd } from './format';

const STEP_MS = 1100;

export function Playback() {
  const playing = useExplorer((s) => s.playing);
  const setRound = useExplorer((s) => s.setRound);
  const setPlaying = useExplorer((s) => s.setPlaying);
  const view = useRoundView();
  const result = view?.result ?? null;
  const total = view?.total ?? 0;
  const round = view?.state.round ?? 0;

  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      const s = useExplorer.getState();
      const last = s.results?.contagion?.rounds.length ?? 0;
      if (s.round >= last) s.setPlaying(false);
      else s.setRound(s.round + 1);
    }, STEP_MS);
    return () => window.clearInterval(timer);
  }, [playing]);

  if (!result || !view) {
    return (
      <div className="playback disabled" aria-label="Propagation playback">
        <span className="playback-hint">Shock a protocol or token to watch the loss travel round by round.</span>
      </div>
    );
  }
  const { state } = view;
  const systemLoss = state.totalLoss;
  const newly = round > 0 ? result.rounds[round - 1].newlyDistressed.length : state.shockedCount;
  const carried = round > 0 ? result.rounds[round - 1].edges.length : 0;

  return (
    <div className="playback" role="group" aria-label="Propagation playback">
      <div className="playback-buttons">
        <button
          type="button"
          onClick={() => setRound(round - 1)}
          disabled={round === 0}
          aria-label="Step back one round"
          title="Step back"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M3 2h2v12H3zM14 2v12L6 8z" />
          </svg>
        </button>
        <button
          type="button"
          className="play"
          onClick={() => setPlaying(!playing)}
          disabled={total === 0}
          aria-label={playing ? 'Pause' : 'Play the propagation'}
          aria-pressed={playing}
          data-testid="play-button"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            {playing ? <path d="M3 2h4v12H3zM9 2h4v12H9z" /> : <path d="M4 2v12l10-6z" />}
          </svg>
        </button>
        <button
          type="button"
          onClick={() => setRound(round + 1)}
          disabled={round >= total}
          aria-label="Step forward one round"
          title="Step forward"
          data-testid="step-forward"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M11 2h2v12h-2zM2 2v12l8-6z" />
          </svg>
        </button>
      </div>
      <label className="round-slider">
        <span className="sr-only">Round shown</span>
        <input
          type="range"
          min={0}
          max={total}
          step={1}
          value={round}
          disabled={total === 0}
          onChange={(e) => {
            setPlaying(false);
            setRound(Number(e.target.value));
          }}
          aria-valuetext={view.label}
          data-testid="round-slider"
        />
      </label>
      <div className="playback-readout" aria-live="off">
        <span className="round-label" data-testid="round-label">
          {round === 0 ? 'Seeding' : `Round ${round}`}
          <span className="muted"> / {total}</span>
          {view.final && <span className="final-tag"> final</span>}
        </span>
        <span>
          <span className="muted">system loss </span>
          <strong data-testid="running-loss">{formatUsd(systemLoss)}</strong>
          <span className="muted">
            {' '}
            ({result.totalTvl > 0 ? ((100 * systemLoss) / result.totalTvl).toFixed(2) : '0.00'}%)
          </span>
        </span>
        <span className="muted">
          {state.distressedCount} distressed ·{' '}
          {round === 0
            ? `${newly} shocked`
            : `+${newly} newly distressed, ${carried} edge${carried === 1 ? '' : 's'} carried loss`}
        </span>
      </div>
    </div>
  );
}
