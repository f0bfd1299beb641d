import { parentPort } from 'node:worker_threads';
import { extractEntities } from './entities';

/** Named-entity extraction off the main thread: one request at a time, answered in order. */
if (!parentPort) throw new Error('entities.worker must run as a worker thread');
const port = parentPort;
port.on('message', (msg: { id: number; text: string }) => {
  try {
    port.postMessage({ id: msg.id, entities: extractEntities(msg.text) });
  } catch (cause) {
    port.postMessage({ id: msg.id, error: String(cause) });
  }
});
port.postMessage({ ready: true });
