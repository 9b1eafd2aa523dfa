/**
 * The environment for a production build started from a script run by vite-node (the demo, the
 * benchmark's unminified builds): vite-node sets NODE_ENV to "development", and a `wxt build`
 * that inherits it bundles development code (Preact's debug hooks among it: 4 KB more in the
 * content script).
 */
export function productionBuildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, NODE_ENV: 'production' };
}
