import { parentPort } from 'node:worker_threads';
import { prepareFile, type ParseTask } from './prepare';

/** A parse worker: parsing, sanitizing and hashing happen here, never on the main thread. */
if (!parentPort) throw new Error('parse.worker must run as a worker thread');
const port = parentPort;
port.on('message', (msg: { id: number; task: ParseTask }) => {
  void prepareFile(msg.task).then(
    (items) => port.postMessage({ id: msg.id, items }),
    (cause: unknown) =>
      port.postMessage({
        id: msg.id,
        items: [
          { displayPath: msg.task.path, outcome: 'failed', reason: `could not parse the file (${String(cause)})` },
        ],
      }),
  );
});
