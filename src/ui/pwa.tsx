/// <reference types="vite-plugin-pwa/react" />
// Offline use: registers the Workbox service worker (built by vite-plugin-pwa, registerType
// 'prompt') and tells the user when the app is ready offline, or when a new deployment is waiting.
// The new version is only activated on the user's click, so old code never mixes with new data.
import { useEffect } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';

export function PwaPrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW();
  // "Ready offline" is news once: it fades after a few seconds (the update prompt stays).
  useEffect(() => {
    if (!offlineReady) return;
    const timer = window.setTimeout(() => setOfflineReady(false), 8000);
    return () => window.clearTimeout(timer);
  }, [offlineReady, setOfflineReady]);
  if (!needRefresh && !offlineReady) return null;
  return (
    <div className="pwa-toast" role="status" data-testid="pwa-toast">
      {needRefresh ? (
        <>
          <span>New version available.</span>
          <button
            type="button"
            className="primary"
            onClick={() => void updateServiceWorker(true)}
            data-testid="pwa-reload"
          >
            Reload
          </button>
        </>
      ) : (
        <span data-testid="pwa-offline-ready">Ready to work offline.</span>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss"
        onClick={() => {
          setNeedRefresh(false);
          setOfflineReady(false);
        }}
      >
        ×
      </button>
    </div>
  );
}
