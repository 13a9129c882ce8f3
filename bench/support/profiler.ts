import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * CPU profiling of a measured window only (not start-up or ramp-up), through the inspector in the
 * profiled process itself: `start()`, then `stop(file)` writes a `.cpuprofile` (open it in Chrome
 * DevTools or speedscope).
 */
export class WindowProfiler {
  private session: Session | undefined;

  start(): Promise<void> {
    const session = (this.session = new Session());
    session.connect();
    return new Promise((resolve, reject) =>
      session.post('Profiler.enable', (e) => (e ? reject(e) : session.post('Profiler.start', (e2) => (e2 ? reject(e2) : resolve())))),
    );
  }

  stop(file: string): Promise<string> {
    const session = this.session;
    if (!session) return Promise.reject(new Error('the profiler was not started'));
    this.session = undefined;
    return new Promise((resolve, reject) =>
      session.post('Profiler.stop', (e, result) => {
        session.disconnect();
        if (e) return reject(e);
        writeFileSync(file, JSON.stringify(result.profile));
        resolve(file);
      }),
    );
  }
}
