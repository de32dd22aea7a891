// PNG export of the network canvas. NetworkCanvas registers its sigma renderer here; exporting
// re-renders synchronously and copies every canvas layer of the container (WebGL stage, labels,
// hovers) onto one 2D canvas in DOM order, within the same task — so the WebGL buffers are still
// intact without preserveDrawingBuffer (which would slow every frame).
interface Renderable {
  refresh(): unknown;
  getContainer(): HTMLElement;
}

let active: Renderable | null = null;

export function registerRenderer(renderer: Renderable | null): void {
  active = renderer;
}

/** The network as a PNG blob (device pixels, dark background like the page). */
export async function canvasToPng(background = '#0f1420'): Promise<Blob> {
  if (!active) throw new Error('the network is not drawn');
  active.refresh();
  const container = active.getContainer();
  const layers = Array.from(container.querySelectorAll('canvas'));
  const width = Math.max(...layers.map((c) => c.width));
  const height = Math.max(...layers.map((c) => c.height));
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  for (const layer of layers) if (layer.width > 0 && layer.height > 0) ctx.drawImage(layer, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
