// SHA-256 on threads of its own. Copies, exports and imports hash every byte they move, and a
// file's hash is one core's work from its first byte to its last: an export's longest stage
// (docs/export-format.md). Each piece used to go through libuv's pool (GnuTLS through koffi) and
// back through the JS thread before the next could start, so the hashing core waited for a busy
// JS thread some 200 times an export (800 MiB: 0.46–0.49 s of hashing for 0.39 s of work). Here
// a hash thread has the next pieces in its queue before it finishes one.
//
// The pieces are not copied to the thread: a buffer over a SharedArrayBuffer (sharedBuffer() of
// core/buffer-pool.ts, as every pool's buffers are) is read where it is, and must stay unchanged
// until its update has resolved. Any other buffer is copied, and the copy handed to the thread
// (a rewritten qcow2 header, a test). A few threads serve every hash of the process (each hash
// stays on one, in order); they start as hashes run at once and keep the process alive only
// while they have work.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The threads' code: a hash per id, fed in the order the messages come. */
const THREAD = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
const of = (id) => { let h = hashes.get(id); if (!h) hashes.set(id, (h = createHash('sha256'))); return h; };
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    of(m.id).update(new Uint8Array(m.memory, m.offset, m.length));
    parentPort.postMessage({ seq: m.seq });
  } else if (m.op === 'digest') {
    const hex = of(m.id).digest('hex');
    hashes.delete(m.id);
    parentPort.postMessage({ seq: m.seq, hex });
  } else {
    hashes.delete(m.id);
  }
});`;

type Message =
  | { op: 'update'; id: number; seq: number; memory: ArrayBufferLike; offset: number; length: number }
  | { op: 'digest'; id: number; seq: number }
  | { op: 'free'; id: number };
type Reply = { seq: number; hex?: string };
type Waiter = { resolve: (hex: string | undefined) => void; reject: (e: Error) => void };

class HashThread {
  readonly worker = new Worker(THREAD, { eval: true, name: 'snapvisor-sha256' });
  readonly waiting = new Map<number, Waiter>();
  /** Hashes given to this thread and not finished. */
  hashes = 0;
  failed: Error | null = null;

  constructor() {
    this.worker.unref();
    this.worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.seq);
      this.waiting.delete(m.seq);
      if (this.waiting.size === 0) this.worker.unref();
      w?.resolve(m.hex);
    });
    const fail = (e: Error): void => {
      if (this.failed) return;
      this.failed = e;
      threads.splice(threads.indexOf(this), 1);
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the hash thread stopped (${code})`)));
  }

  send(message: Exclude<Message, { op: 'free' }>, transfer?: ArrayBuffer): Promise<string | undefined> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(message.seq, { resolve, reject });
      this.worker.postMessage(message, transfer ? [transfer] : []);
    });
  }

  post(message: Message): void {
    if (!this.failed) this.worker.postMessage(message);
  }
}

const threads: HashThread[] = [];
const MAX_THREADS = Math.max(1, Math.min(4, availableParallelism()));
let nextId = 0;
let nextSeq = 0;

/** The thread with the fewest hashes, started when every running one has some and there is room. */
function threadForHash(): HashThread {
  const idle = threads.reduce<HashThread | null>((best, t) => (best === null || t.hashes < best.hashes ? t : best), null);
  if (idle && (idle.hashes === 0 || threads.length >= MAX_THREADS)) return idle;
  const t = new HashThread();
  threads.push(t);
  return t;
}

/** A streaming SHA-256; `using` it frees it when no digest was taken. */
export class Sha256 implements Disposable {
  readonly #id = nextId++;
  #thread: HashThread | null = threadForHash();
  /** The updates the thread has not read yet, oldest first (they settle in order). */
  readonly #unread: Promise<void>[] = [];

  constructor() {
    this.#thread!.hashes++;
  }

  /**
   * Adds `data` to the hash, after every earlier update; resolves once it has been read (`read`
   * is told then: the giver may reuse the bytes).
   */
  update(data: Buffer, read?: () => void): Promise<void> {
    const thread = this.#live();
    const base = { op: 'update', id: this.#id, seq: nextSeq++ } as const;
    let sent: Promise<unknown>;
    if (data.buffer instanceof SharedArrayBuffer) {
      sent = thread.send({ ...base, memory: data.buffer, offset: data.byteOffset, length: data.length });
    } else {
      const copy = new ArrayBuffer(data.length);
      new Uint8Array(copy).set(data);
      sent = thread.send({ ...base, memory: copy, offset: 0, length: data.length }, copy);
    }
    const done = sent.then(() => read?.());
    this.#unread.push(done);
    const settled = (): void => void this.#unread.shift();
    done.then(settled, settled);
    return done;
  }

  /**
   * Resolves once at most `n` updates are still to be read (rejects as an update did): how a
   * giver keeps the thread's queue full but bounded.
   */
  async caughtUp(n: number): Promise<void> {
    while (this.#unread.length > n) await this.#unread[0];
  }

  /** The hash of everything given, in lower-case hex, once the updates ran; the hash is freed. */
  async digest(): Promise<string> {
    const thread = this.#finish();
    const hex = await thread.send({ op: 'digest', id: this.#id, seq: nextSeq++ });
    if (hex === undefined) throw new Error('the hash thread gave no digest');
    return hex;
  }

  #live(): HashThread {
    if (this.#thread === null) throw new Error('the hash was already finished');
    return this.#thread;
  }

  #finish(): HashThread {
    const thread = this.#live();
    this.#thread = null;
    thread.hashes--;
    return thread;
  }

  [Symbol.dispose](): void {
    if (this.#thread === null) return;
    // Freed after its updates: the thread takes the messages in order.
    this.#finish().post({ op: 'free', id: this.#id });
  }
}
