// PNG export of the network canvas, as a self-explaining figure: a header (title, scenario, rule,
// perimeter, date, key numbers) above the network and a footer (legend, data source) below it.
// NetworkCanvas registers its sigma renderer here; exporting re-renders synchronously and copies
// every canvas layer of the container (WebGL stage, labels, hovers) onto one 2D canvas in DOM
// order, within the same task — so the WebGL buffers are still intact without
// preserveDrawingBuffer (which would slow every frame). The figure shows the whole graph: the
// camera is fitted for the copy and put back at once, so the user's zoom is kept on screen.
interface CameraState {
  x: number;
  y: number;
  ratio: number;
  angle: number;
}
interface Renderable {
  refresh(): unknown;
  getContainer(): HTMLElement;
  getCamera(): { getState(): CameraState; setState(state: Partial<CameraState>): unknown };
}

/** The camera state that shows the whole graph (sigma's default). */
const FIT: CameraState = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };

let active: Renderable | null = null;

export function registerRenderer(renderer: Renderable | null): void {
  active = renderer;
}

/** What the figure says around the network. */
export interface FigureText {
  title: string;
  /** Header lines under the title (scenario, rule and perimeter, key numbers). */
  lines: string[];
  /** Colour swatches with their meaning. */
  legend: { color: string; label: string }[];
  /** Footer lines (data source, credit). */
  footer: string[];
}

const BACKGROUND = '#0f1420';
const FONT = 'Inter, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Splits a word wider than `width` (a URL) into pieces that fit. */
function breakWord(ctx: CanvasRenderingContext2D, word: string, width: number): string[] {
  if (ctx.measureText(word).width <= width) return [word];
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece && ctx.measureText(piece + ch).width > width) {
      pieces.push(piece);
      piece = ch;
    } else piece += ch;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** Splits text into lines no wider than `width` on the context's current font (breaking words longer than a line). */
export function wrapText(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).flatMap((w) => breakWord(ctx, w, width))) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

/** The network as a PNG blob (device pixels), with the figure's text around it. */
export async function canvasToPng(text: FigureText): Promise<Blob> {
  if (!active) throw new Error('the network is not drawn');
  const network = copyWholeGraph(active);
  const container = active.getContainer();
  const { width, height } = network;
  const scale = width / Math.max(1, container.clientWidth || width);
  const pad = Math.round(14 * scale);
  const titleSize = Math.round(18 * scale);
  const textSize = Math.round(12.5 * scale);
  const lineGap = Math.round(5 * scale);

  // Measure the wrapped text first, then size the figure.
  const measure = document.createElement('canvas').getContext('2d');
  if (!measure) throw new Error('no 2D canvas');
  measure.font = `${textSize}px ${FONT}`;
  const header = text.lines.flatMap((l) => wrapText(measure, l, width - 2 * pad));
  const footer = text.footer.flatMap((l) => wrapText(measure, l, width - 2 * pad));
  const headerH = pad + titleSize + lineGap + header.length * (textSize + lineGap) + pad / 2;
  // Legend items flow onto as many rows as the width needs.
  const swatch = textSize * 1.2;
  const legendRows: { color: string; label: string; x: number }[][] = [[]];
  let rowX = pad;
  for (const item of text.legend) {
    const itemWidth = swatch + measure.measureText(item.label).width + textSize * 1.2;
    if (rowX + itemWidth > width - pad && legendRows[legendRows.length - 1].length) {
      legendRows.push([]);
      rowX = pad;
    }
    legendRows[legendRows.length - 1].push({ ...item, x: rowX });
    rowX += itemWidth;
  }
  const legendH = text.legend.length ? legendRows.length * (textSize + lineGap) + lineGap : 0;
  const footerH = pad / 2 + legendH + footer.length * (textSize + lineGap) + pad / 2;

  const out = document.createElement('canvas');
  out.width = width;
  out.height = Math.round(headerH + height + footerH);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(network, 0, headerH);

  ctx.textBaseline = 'top';
  let y = pad;
  ctx.fillStyle = '#f1f5f9';
  ctx.font = `600 ${titleSize}px ${FONT}`;
  ctx.fillText(text.title, pad, y);
  y += titleSize + lineGap;
  ctx.font = `${textSize}px ${FONT}`;
  ctx.fillStyle = '#cbd5e1';
  for (const line of header) {
    ctx.fillText(line, pad, y);
    y += textSize + lineGap;
  }

  y = headerH + height + pad / 2;
  for (const row of text.legend.length ? legendRows : []) {
    for (const item of row) {
      ctx.fillStyle = item.color;
      ctx.fillRect(item.x, y + textSize * 0.15, textSize * 0.8, textSize * 0.8);
      ctx.fillStyle = '#cbd5e1';
      ctx.fillText(item.label, item.x + swatch, y);
    }
    y += textSize + lineGap;
  }
  y += lineGap;
  ctx.fillStyle = '#94a3b8';
  for (const line of footer) {
    ctx.fillText(line, pad, y);
    y += textSize + lineGap;
  }
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

/** Every canvas layer, drawn with the camera fitted to the whole graph, on one canvas; the camera is then put back. */
function copyWholeGraph(renderer: Renderable): HTMLCanvasElement {
  const camera = renderer.getCamera();
  const view = camera.getState();
  camera.setState(FIT);
  try {
    renderer.refresh();
    const layers = Array.from(renderer.getContainer().querySelectorAll('canvas'));
    const copy = document.createElement('canvas');
    copy.width = Math.max(...layers.map((c) => c.width));
    copy.height = Math.max(...layers.map((c) => c.height));
    const ctx = copy.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    for (const layer of layers)
      if (layer.width > 0 && layer.height > 0) ctx.drawImage(layer, 0, 0, copy.width, copy.height);
    return copy;
  } finally {
    camera.setState(view);
    renderer.refresh();
  }
}
