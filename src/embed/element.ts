// <contagion-explorer>: the explorer as a custom element for plain HTML pages, one script tag:
//   <script type="module" src="https://your.host/explorer/contagion-explorer.js"></script>
//   <contagion-explorer dataset="defillama-2026-09-02" scenario="top5" rule="debtrank"></contagion-explorer>
// It hosts the chrome-less explorer (index.html?embed=1 next to this script) in an iframe inside
// its shadow root, so neither page's styles leak into the other, and talks to it through the
// documented postMessage API. Results arrive as `contagion-results` DOM events.
import { SCENARIO_ATTRIBUTES, scenarioFromAttributes } from './attributes';
import type { ExplorerMessage, HostMessage, ResultsMessage } from './protocol';

const STYLE = `
:host { display: block; position: relative; min-height: 360px; height: 520px; contain: content; }
iframe { border: 0; width: 100%; height: 100%; display: block; background: #0f1420; }
`;

export class ContagionExplorerElement extends HTMLElement {
  static observedAttributes = [...SCENARIO_ATTRIBUTES, 'src'];

  #iframe: HTMLIFrameElement | null = null;
  #ready = false;
  #results: ResultsMessage | null = null;
  #onMessage = (event: MessageEvent) => this.#handleMessage(event);

  /** The latest results, or null before the first computation finishes. */
  get results(): ResultsMessage | null {
    return this.#results;
  }

  connectedCallback() {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    root.replaceChildren();
    // A constructed stylesheet, not a <style> element: host pages with a strict CSP
    // (style-src without 'unsafe-inline') would block the latter.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    root.adoptedStyleSheets = [sheet];
    const iframe = document.createElement('iframe');
    iframe.title = this.getAttribute('title') ?? 'DeFi contagion explorer';
    // Scripts and its own origin (for its data files, worker and WebGPU); nothing else.
    iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin');
    iframe.setAttribute('allow', 'clipboard-write');
    iframe.src = this.#appUrl();
    root.append(iframe);
    this.#iframe = iframe;
    this.#ready = false;
    window.addEventListener('message', this.#onMessage);
  }

  disconnectedCallback() {
    window.removeEventListener('message', this.#onMessage);
    // Unloading the document frees its WebGL contexts and worker at once.
    if (this.#iframe) this.#iframe.src = 'about:blank';
    this.#iframe?.remove();
    this.#iframe = null;
    this.#ready = false;
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null) {
    if (!this.#iframe || oldValue === newValue) return;
    if (name === 'src') {
      this.#iframe.src = this.#appUrl();
      this.#ready = false;
    } else if (this.#ready) this.#post({ type: 'contagion:set-scenario', scenario: scenarioFromAttributes(this) });
  }

  /** Set the scenario from script; same fields as the postMessage API. */
  setScenario(scenario: Extract<HostMessage, { type: 'contagion:set-scenario' }>['scenario'], requestId?: string) {
    this.#post({ type: 'contagion:set-scenario', scenario, requestId });
  }

  /** Ask for scenario design on the current scenario; the answer arrives as a `contagion-design` event. */
  design(request: Omit<Extract<HostMessage, { type: 'contagion:design' }>, 'type'>) {
    this.#post({ type: 'contagion:design', ...request });
  }

  #appUrl(): string {
    const base = this.getAttribute('src') ?? new URL('./index.html', import.meta.url).href;
    const url = new URL(base, document.baseURI);
    url.searchParams.set('embed', '1');
    for (const [key, value] of Object.entries(scenarioFromAttributes(this))) url.searchParams.set(key, String(value));
    return url.href;
  }

  #post(message: HostMessage) {
    const target = this.#iframe?.contentWindow;
    if (target && this.#iframe) target.postMessage(message, new URL(this.#iframe.src).origin);
  }

  #handleMessage(event: MessageEvent) {
    // Only our own iframe speaks to us.
    if (!this.#iframe || event.source !== this.#iframe.contentWindow) return;
    const data = event.data as ExplorerMessage;
    if (data?.type === 'contagion:ready') {
      this.#ready = true;
      this.dispatchEvent(new CustomEvent('contagion-ready', { detail: data }));
    } else if (data?.type === 'contagion:results') {
      this.#results = data;
      this.dispatchEvent(new CustomEvent('contagion-results', { detail: data }));
    } else if (data?.type === 'contagion:design-results') {
      this.dispatchEvent(new CustomEvent('contagion-design', { detail: data }));
    } else if (data?.type === 'contagion:error') {
      this.dispatchEvent(new CustomEvent('contagion-error', { detail: data }));
    }
  }
}

if (!customElements.get('contagion-explorer')) customElements.define('contagion-explorer', ContagionExplorerElement);
