import { describe, expect, it } from 'vitest';
import { autoBackend, chooseBackendWithReason, isSoftwareAdapter } from '../../src/model/backend';

describe('backend choice', () => {
  it('takes software adapters (fallback flag or a known software rasteriser) for what they are', () => {
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'ampere' })).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'apple', architecture: 'metal-3' })).toBe(false);
  });

  it('auto: cpu on a software adapter, webgpu on a hardware one, webgl without an adapter, with the reason', () => {
    const soft = autoBackend({ vendor: 'google', architecture: 'swiftshader' });
    expect(soft.backend).toBe('cpu');
    expect(soft.reason).toMatch(/software WebGPU adapter \(google swiftshader\)/);
    const hard = autoBackend({ vendor: 'nvidia', architecture: 'ampere' });
    expect(hard).toEqual({ backend: 'webgpu', reason: 'hardware WebGPU adapter (nvidia ampere)' });
    expect(autoBackend(null).backend).toBe('webgl');
    // No WebGPU adapter: a software WebGL renderer means cpu too; a hardware one keeps WebGL.
    expect(
      autoBackend(null, 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)').backend,
    ).toBe('cpu');
    expect(autoBackend(null, 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11)').backend).toBe('webgl');
  });

  it('Node always runs cpu and says so', async () => {
    expect(await chooseBackendWithReason()).toEqual({ backend: 'cpu', reason: 'Node: tfjs cpu with the fast kernels' });
  });
});
