// Backend selection. Browser, by default ('auto'): WebGPU on a hardware adapter; on a software
// adapter (SwiftShader, llvmpipe, lavapipe, WARP: reported by requestAdapter's info) the tfjs cpu
// backend, which is ~15× faster there (a forecast of the 847-node history: 12.6 s webgpu vs 0.84 s
// cpu in Chromium's SwiftShader); with no adapter WebGL, else cpu. The decision is cached per
// adapter (localStorage) and comes with a one-line reason. `prefer` (URL `backend=`) forces a
// backend (then falls back in the order webgpu → webgl → cpu). Node: always cpu (fast kernels).
import * as tf from '@tensorflow/tfjs-core';
import { registerFastCpuKernels } from './kernels';

export type BackendName = 'webgpu' | 'webgl' | 'cpu';
export type BackendPreference = BackendName | 'auto';

export interface BackendChoice {
  backend: BackendName;
  /** Why this backend ran, in one line. */
  reason: string;
}

/** What a WebGPU adapter says about itself (GPUAdapterInfo plus isFallbackAdapter). */
export interface AdapterFacts {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|warp/i;

/** True for an adapter that runs on the CPU (the fallback adapter or a known software rasteriser). */
export function isSoftwareAdapter(info: AdapterFacts): boolean {
  if (info.isFallbackAdapter) return true;
  return [info.vendor, info.architecture, info.device, info.description].some((s) => !!s && SOFTWARE.test(s));
}

export function adapterLabel(info: AdapterFacts): string {
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((s) => !!s);
  return parts.length ? parts.join(' ') : 'unnamed adapter';
}

/**
 * The auto decision for an adapter (null: no WebGPU adapter). Without one, `webglRenderer` (the
 * unmasked WebGL renderer string, if readable) tells a software rasteriser, where cpu is faster too
 * (the 16-week history took 70 s on SwiftShader's WebGL here).
 */
export function autoBackend(info: AdapterFacts | null, webglRenderer?: string | null): BackendChoice {
  if (!info) {
    if (webglRenderer && SOFTWARE.test(webglRenderer))
      return { backend: 'cpu', reason: `no WebGPU adapter and a software WebGL renderer (${webglRenderer}): tfjs cpu` };
    return { backend: 'webgl', reason: `no WebGPU adapter: WebGL${webglRenderer ? ` (${webglRenderer})` : ''}` };
  }
  if (isSoftwareAdapter(info))
    return {
      backend: 'cpu',
      reason: `software WebGPU adapter (${adapterLabel(info)}): tfjs cpu is faster than WebGPU emulated on the CPU`,
    };
  return { backend: 'webgpu', reason: `hardware WebGPU adapter (${adapterLabel(info)})` };
}

function inNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

async function useCpu(): Promise<'cpu'> {
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  await tf.ready();
  registerFastCpuKernels();
  return 'cpu';
}

interface GpuAdapterLike {
  info?: AdapterFacts;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<AdapterFacts>;
}

async function adapterFacts(): Promise<AdapterFacts | null> {
  try {
    const adapter = (await (globalThis.navigator as Navigator | undefined)?.gpu?.requestAdapter()) as
      GpuAdapterLike | null | undefined;
    if (!adapter) return null;
    const info = adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
    return {
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter,
    };
  } catch {
    return null;
  }
}

/** The unmasked WebGL renderer string (null when there is no WebGL or the browser hides it). */
function webglRendererName(): string | null {
  try {
    const doc = (globalThis as { document?: Document }).document;
    const canvas: HTMLCanvasElement | OffscreenCanvas | undefined =
      typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : doc?.createElement('canvas');
    const gl = (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name || null;
  } catch {
    return null;
  }
}

async function tryWebgpu(): Promise<boolean> {
  try {
    // tfjs's webgpu backend can fail to initialise without an adapter: ask for one first.
    const adapter = await (globalThis.navigator as Navigator | undefined)?.gpu?.requestAdapter();
    if (!adapter) return false;
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) return false;
    await tf.ready();
    return true;
  } catch {
    // No usable WebGPU (old browser, blocked adapter, headless without GPU).
    return false;
  }
}

async function tryWebgl(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-webgl');
    if (!(await tf.setBackend('webgl'))) return false;
    await tf.ready();
    return true;
  } catch {
    // No WebGL context either.
    return false;
  }
}

const CACHE_KEY = 'contagion-explorer.forecast-backend.v1';

/** The cached auto decision for this adapter (localStorage is absent in workers: no cache there). */
function cached(label: string): BackendChoice | null {
  try {
    const raw = globalThis.localStorage?.getItem(CACHE_KEY);
    const c = raw ? (JSON.parse(raw) as { adapter: string } & BackendChoice) : null;
    return c && c.adapter === label ? { backend: c.backend, reason: c.reason } : null;
  } catch {
    return null;
  }
}

function remember(label: string, choice: BackendChoice): void {
  try {
    globalThis.localStorage?.setItem(CACHE_KEY, JSON.stringify({ adapter: label, ...choice }));
  } catch {
    // Storage blocked (private mode, quota): decide again next time.
  }
}

/** Falls back webgpu → webgl → cpu from `start`, keeping the reason and saying what failed. */
async function runFrom(start: BackendName, reason: string): Promise<BackendChoice> {
  if (start === 'webgpu') {
    if (await tryWebgpu()) return { backend: 'webgpu', reason };
    reason = `${reason}; WebGPU failed to start`;
    start = 'webgl';
  }
  if (start === 'webgl') {
    if (await tryWebgl()) return { backend: 'webgl', reason };
    reason = `${reason}; WebGL failed to start`;
  }
  return { backend: await useCpu(), reason };
}

/** Picks and starts the backend; see the file comment for the order. */
export async function chooseBackendWithReason(prefer: BackendPreference = 'auto'): Promise<BackendChoice> {
  if (inNode()) return { backend: await useCpu(), reason: 'Node: tfjs cpu with the fast kernels' };
  if (prefer !== 'auto') return runFrom(prefer, `backend=${prefer} asked for in the URL`);
  const info = await adapterFacts();
  const renderer = info ? null : webglRendererName();
  const label = info ? adapterLabel(info) : `no adapter; WebGL ${renderer ?? 'unknown'}`;
  const hit = cached(label);
  const choice = hit ?? autoBackend(info, renderer);
  const ran = await runFrom(choice.backend, hit ? `${choice.reason} (cached choice)` : choice.reason);
  if (!hit && ran.backend === choice.backend) remember(label, choice);
  return ran;
}

export async function chooseBackend(prefer: BackendPreference = 'auto'): Promise<BackendName> {
  return (await chooseBackendWithReason(prefer)).backend;
}
