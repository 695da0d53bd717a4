// Runs one fuzz property of a cases module in this worker thread and reports to the test:
// `{ tick }` as each case starts, then `{ done, error? }`. TypeScript is loaded through tsx;
// the workspace packages resolve to their sources (`--conditions=@sunshine/source`).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { cases } = await import(workerData.module);
parentPort.on('message', async ({ name, runs, seed }) => {
  try {
    await cases[name]({ runs, seed, tick: () => parentPort.postMessage({ tick: name }) });
    parentPort.postMessage({ done: name });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? `\n${e.cause.message}` : '';
    parentPort.postMessage({ done: name, error: e instanceof Error ? `${e.message}${cause}` : String(e) });
  }
});
parentPort.postMessage({ ready: true });
