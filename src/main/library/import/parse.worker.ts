import fs from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { debugDetail } from './debug-log';
import { prepareFile, type ParseTask } from './prepare';

// Parsing is background work: on Linux a thread can lower its own priority through its thread
// id, so the main thread (IPC) and the window stay responsive when the workers fill every core.
// Elsewhere setPriority would apply to the whole process, so it is left alone.
if (process.platform === 'linux') {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 10);
  } catch {
    // No /proc (a sandbox): run at normal priority.
  }
}

/**
 * A parse worker: parsing, sanitizing and hashing happen here, never on the main thread. The pool
 * keeps a few jobs queued here so the worker never waits for a busy main thread; they run
 * strictly one after another, which is what the pool's per-file watchdog assumes.
 */
if (!parentPort) throw new Error('parse.worker must run as a worker thread');
const port = parentPort;
const queue: { id: number; task: ParseTask }[] = [];
let busy = false;

async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  while (queue.length > 0) {
    const msg = queue.shift() as { id: number; task: ParseTask };
    try {
      port.postMessage({ id: msg.id, items: await prepareFile(msg.task) });
    } catch (cause) {
      debugDetail(msg.task.path, cause);
      port.postMessage({
        id: msg.id,
        items: [
          { displayPath: msg.task.path, outcome: 'failed', reason: 'the file could not be read (it may be damaged)' },
        ],
      });
    }
  }
  busy = false;
}

port.on('message', (msg: { id: number; task: ParseTask }) => {
  queue.push(msg);
  void drain();
});
// Modules are loaded: the pool starts the per-file clock only from here on.
port.postMessage({ ready: true });
