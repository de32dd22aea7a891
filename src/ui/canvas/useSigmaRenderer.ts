// One sigma v4 instance for the canvas component's life, on the graphology graph it is given.
// Sigma's WebGL contexts are released with kill() on unmount (a page gets about 16).
import { useEffect, useState, type RefObject } from 'react';
import Sigma from 'sigma';
import { useExplorer } from '../store';
import { PRIMITIVES, STYLES, type EdgeAttrs, type ExposureGraph, type NodeAttrs } from '../graphStyle';
import { installTestHooks } from '../testHooks';
import { registerRenderer } from '../canvasExport';
import { idOfKey, nodeKey } from './nodeKeys';

export interface Hover {
  id: string;
  x: number;
  y: number;
}

export function useSigmaRenderer(
  containerRef: RefObject<HTMLDivElement | null>,
  graphRef: RefObject<ExposureGraph>,
  rendererRef: RefObject<Sigma<NodeAttrs, EdgeAttrs> | null>,
  onCameraMove: () => void,
  onUnmount: () => void,
): { hover: Hover | null; webglError: string | null } {
  const [hover, setHover] = useState<Hover | null>(null);
  const [webglError, setWebglError] = useState<string | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let renderer: Sigma<NodeAttrs, EdgeAttrs>;
    try {
      renderer = new Sigma(graphRef.current, container, {
        primitives: PRIMITIVES,
        styles: STYLES as never,
        settings: {
          // v4 defaults to sizes in graph units; ours are pixels (log-TVL radius), like v3.
          itemSizesReference: 'screen',
          labelDensity: 0.45,
          labelGridCellSize: 130,
          labelRenderedSizeThreshold: 7,
          minCameraRatio: 0.05,
          maxCameraRatio: 4,
          stagePadding: 24,
          hideEdgesOnMove: false,
          gestureTarget: 'graph',
        },
      });
    } catch (err) {
      setWebglError((err as Error).message);
      return;
    }
    rendererRef.current = renderer;
    registerRenderer(renderer);
    renderer.getCamera().on('updated', onCameraMove);
    renderer.on('resize', onCameraMove);
    renderer.on('enterNode', ({ node, event }) => setHover({ id: idOfKey(node), x: event.x, y: event.y }));
    renderer.on('leaveNode', () => setHover(null));
    renderer.on('clickNode', ({ node }) => useExplorer.getState().clickNode(idOfKey(node)));
    renderer.on('clickStage', () => useExplorer.getState().select(null));
    const uninstall = installTestHooks({
      nodeScreenPosition(id: string) {
        const graph = graphRef.current;
        if (!graph.hasNode(nodeKey(id))) return null;
        const a = graph.getNodeAttributes(nodeKey(id));
        const p = renderer.graphToViewport({ x: a.x, y: a.y });
        const rect = container.getBoundingClientRect();
        return { x: rect.left + p.x, y: rect.top + p.y };
      },
      nodeLayoutPosition(id: string) {
        const graph = graphRef.current;
        if (!graph.hasNode(nodeKey(id))) return null;
        const a = graph.getNodeAttributes(nodeKey(id));
        return { x: a.x, y: a.y };
      },
      visibleNodeIds() {
        const rect = container.getBoundingClientRect();
        return graphRef.current
          .filterNodes((_, a) => {
            const p = renderer.graphToViewport({ x: a.x, y: a.y });
            return p.x > 20 && p.y > 20 && p.x < rect.width - 20 && p.y < rect.height - 20;
          })
          .map(idOfKey);
      },
    });
    // Keep the WebGL canvas sized to its box (panels and narrow screens resize it).
    // sigma's resize() clears the WebGL canvas without drawing it again: a banner that pushes the
    // canvas down (a rejected file) left it blank until something else moved. Redraw after it.
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            renderer.resize();
            renderer.scheduleRender();
          });
    observer?.observe(container);
    return () => {
      observer?.disconnect();
      uninstall();
      onUnmount();
      registerRenderer(null);
      renderer.kill();
      rendererRef.current = null;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  return { hover, webglError };
}
