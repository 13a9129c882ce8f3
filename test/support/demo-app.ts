import { type DemoEnvironment, startDemo } from '../../src/demo/demo-mode';
import { type App, createApp } from '../../src/server/app';
import { memoryLogger } from './silent-logger';

/** The service in demo mode (its emulators in-process), on 127.0.0.1 port 0, and its disposal. */
export interface DemoApp {
  readonly demo: DemoEnvironment;
  readonly app: App;
  dispose(): Promise<void>;
}

/** Starts the demo emulators and the service configured for them, as `npm start` without a config does. */
export async function startDemoApp(): Promise<DemoApp> {
  const demo = await startDemo({ host: '127.0.0.1', port: 0 });
  const app = await createApp(demo.config, { logger: memoryLogger().logger });
  return {
    demo,
    app,
    async dispose() {
      await app.stop();
      await demo.dispose();
    },
  };
}
