import { describe, expect, it } from 'vitest';
import { productionBuildEnv } from '../harness/build-env';

describe('productionBuildEnv (the demo and the profile builds run wxt from vite-node)', () => {
  it('builds for production whatever NODE_ENV the calling process has, and keeps the rest', () => {
    const env = productionBuildEnv({ NODE_ENV: 'development', PATH: '/usr/bin', GLENS_X: '1' });
    expect(env).toEqual({ NODE_ENV: 'production', PATH: '/usr/bin', GLENS_X: '1' });
  });

  it("starts from this process's environment", () => {
    expect(productionBuildEnv().NODE_ENV).toBe('production');
    expect(productionBuildEnv().PATH).toBe(process.env.PATH);
  });
});
