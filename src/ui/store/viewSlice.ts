// What the user looks at: selection, click mode, the panel tab, playback position, embed mode and
// the forecast settings.
import type { GetState, SetState, ViewSlice } from './types';
import type { Sector } from '../../core/types';

export function createViewSlice(set: SetState, get: GetState): ViewSlice {
  const lastRound = () => get().results?.contagion?.rounds.length ?? 0;
  return {
    round: 0,
    playing: false,
    selected: null,
    clickMode: 'shock',
    panelTab: 'results',
    flyRequest: 0,
    embed: false,
    horizon: null,
    graphKind: null,
    urlProblems: [],

    setRound(round) {
      set({ round: Math.min(lastRound(), Math.max(0, Math.round(round))) });
    },

    setPlaying(playing) {
      const total = lastRound();
      if (playing && get().round >= total) set({ round: 0 }); // replay from the seeds
      set({ playing: playing && total > 0 });
    },

    select(id, fly = false) {
      set({ selected: id, ...(fly && id ? { flyRequest: get().flyRequest + 1 } : {}) });
    },

    setClickMode(mode) {
      set({ clickMode: mode });
    },

    setPanelTab(tab) {
      set({ panelTab: tab });
    },

    inspect(id) {
      set({ selected: id, panelTab: 'inspect', flyRequest: get().flyRequest + 1 });
    },

    clickNode(id) {
      // A sector aggregate of the summary: a click opens it (its largest members drawn one by one).
      if (id.startsWith('sector:')) {
        if (get().viewMode !== 'sectors') get().toggleSector(id.slice('sector:'.length) as Sector);
        return;
      }
      const { clickMode, snapshot } = get();
      set({ selected: id });
      if (clickMode === 'inspect') set({ panelTab: 'inspect' });
      if (clickMode !== 'shock' || !snapshot) return;
      const i = snapshot.ids.indexOf(id);
      if (i < 0) return;
      // Clicking a node that is already a seed (e.g. part of a preset) only selects it: a second
      // seed on the same node would stack its loss.
      const seeded = get().results?.seeds.some((sd) => (sd.kind === 'protocol' ? sd.id === id : sd.symbol === id));
      if (seeded) return;
      if (snapshot.kinds[i] === 'token') get().addTokenShock(id);
      else get().addProtocolShock(id);
    },

    dismissProblems() {
      set({ urlProblems: [] });
    },
  };
}
