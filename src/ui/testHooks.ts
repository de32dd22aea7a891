// Stable hooks for the browser tests (window.__explorer). Tests click real canvas pixels, so they
// need a node's on-screen position; everything else they read from data-testid elements.
import { useExplorer } from './store';

export interface CanvasHooks {
  /** Page (client) coordinates of a node's centre, or null if it is not in the graph. */
  nodeScreenPosition(id: string): { x: number; y: number } | null;
  /** A node's layout (graph) coordinates, or null if it is not in the graph. */
  nodeLayoutPosition(id: string): { x: number; y: number } | null;
  /** Ids of nodes drawn well inside the canvas box. */
  visibleNodeIds(): string[];
}

export interface ExplorerHooks extends Partial<CanvasHooks> {
  /** Where the last engine run happened: 'inline' or 'worker'. */
  enginePath(): string;
  state(): ReturnType<typeof useExplorer.getState>;
}

declare global {
  interface Window {
    __explorer?: ExplorerHooks;
  }
}

function base(): ExplorerHooks {
  return { enginePath: () => useExplorer.getState().enginePath, state: () => useExplorer.getState() };
}

export function installTestHooks(canvas: CanvasHooks): () => void {
  window.__explorer = { ...(window.__explorer ?? base()), ...canvas };
  return () => {
    if (window.__explorer?.nodeScreenPosition === canvas.nodeScreenPosition) window.__explorer = base();
  };
}

if (typeof window !== 'undefined') window.__explorer ??= base();
