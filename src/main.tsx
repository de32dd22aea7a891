import './ui/cspSafe';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/styles.css';
import './ui/pwa.css';
import { PwaPrompt } from './ui/pwa';
import { installEmbedBridge, isEmbedded } from './ui/embedBridge';

// Embedded (iframe / <contagion-explorer>): talk to the host page by postMessage.
if (isEmbedded()) installEmbedBridge();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
    <PwaPrompt />
  </StrictMode>,
);
