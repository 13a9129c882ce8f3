/**
 * Where Monaco (GraphiQL's editor) finds its web workers: the bundles the build writes next to this
 * script (playground/build.mjs), so nothing is loaded from anywhere but the service itself.
 */
export function setUpMonacoWorkers(scriptUrl: string): void {
  const worker = (name: string) => new Worker(new URL(`./${name}.worker.js`, scriptUrl), { name });
  (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker {
      if (label === 'json') return worker('json');
      if (label === 'graphql') return worker('graphql');
      return worker('editor');
    },
  };
}
