import './ui/cspSafe';
import { lazy, StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/styles.css';
import './ui/pwa.css';
import { installEmbedBridge, isEmbedded } from './ui/embedBridge';
import { prefetchStartData } from './ui/data';
import { useExplorer } from './ui/store';

// The catalogue and the first dataset load while React renders and sigma sets up WebGL.
prefetchStartData(location.search);

// Embedded (iframe / <contagion-explorer>): talk to the host page by postMessage.
if (isEmbedded()) installEmbedBridge();

const PwaPrompt = lazy(() => import('./ui/pwa').then((m) => ({ default: m.PwaPrompt })));

/**
 * The service worker is registered once the network is on screen (or the load failed) and the
 * page is idle: on a first visit its precache download would otherwise compete with the page's
 * own requests and work on the way to the first drawn network.
 */
function DeferredPwaPrompt() {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const w = window as Window & {
      requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number;
      cancelIdleCallback?: (id: number) => void;
    };
    let cancel = () => {};
    const start = () => {
      if (w.requestIdleCallback) {
        const id = w.requestIdleCallback(() => setOn(true), { timeout: 2000 });
        cancel = () => w.cancelIdleCallback?.(id);
      } else {
        const id = window.setTimeout(() => setOn(true), 500);
        cancel = () => window.clearTimeout(id);
      }
    };
    const settled = (s: ReturnType<typeof useExplorer.getState>) => s.positions !== null || s.loadState === 'error';
    if (settled(useExplorer.getState())) start();
    else {
      const unsubscribe = useExplorer.subscribe((s) => {
        if (!settled(s)) return;
        unsubscribe();
        start();
      });
      cancel = unsubscribe;
    }
    return () => cancel();
  }, []);
  return on ? (
    <Suspense fallback={null}>
      <PwaPrompt />
    </Suspense>
  ) : null;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
    <DeferredPwaPrompt />
  </StrictMode>,
);
