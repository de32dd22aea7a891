// The sector timeline file, fetched once per page. In the main chunk (it is tiny) so the fetch starts
// with the tab click, in parallel with the lazy chart chunk, not after it.
import { TIMELINE_FORMAT, type SectorTimelineFile } from '../../core/timeline';
import { dataUrl } from '../data';

// In a folder of its own: public/data/*.json are the graph datasets (tests parse each as one).
export const TIMELINE_FILE = 'sectors/dexposure-sector-timeline.json';

let pending: Promise<SectorTimelineFile> | null = null;

export function loadTimeline(): Promise<SectorTimelineFile> {
  pending ??= fetch(dataUrl(TIMELINE_FILE))
    .then((res) => {
      if (!res.ok) throw new Error(`could not load ${TIMELINE_FILE} (HTTP ${res.status})`);
      return res.json() as Promise<SectorTimelineFile>;
    })
    .then((f) => {
      if (f.format !== TIMELINE_FORMAT) throw new Error(`${TIMELINE_FILE}: not a sector timeline`);
      return f;
    })
    .catch((err: unknown) => {
      pending = null; // a later visit to the tab tries again
      throw err;
    });
  return pending;
}
