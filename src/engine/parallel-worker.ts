/**
 * One worker of the parallel search. It expands its own share of each
 * breadth-first level: the states it discovered in the level before. New
 * states go into the shared fingerprint table and the shared parent, action
 * and goal columns; safety properties are checked on them; for the liveness
 * pass it keeps the out-edges of the states it expanded, and hands them over
 * at the end.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { ByteWriter } from './bytes.ts';
import { codecOf, stepper } from './codec.ts';
import { fingerprint } from './fingerprint.ts';
import type { Model, Property } from './model.ts';
import { CMD, COUNTER, Command, DONE, ERROR, FULL, MAX_STATES, READY, SEQ, resultBase, type WorkerSetup } from './parallel-layout.ts';
import { ByteQueue } from './queue.ts';
import { SharedTable } from './shared-table.ts';

const setup = workerData as WorkerSetup & { port: MessagePort; peers: (MessagePort | null)[]; shares: SharedArrayBuffer };
const control = new Int32Array(setup.control);
const port = setup.port;
const idBytes = new Uint8Array(4);
const joined = new ByteWriter();

function signalDone(): void {
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}

type Build = (args: unknown) => { model: Model<unknown, unknown>; properties: Property<unknown>[] };

/** The worker's life: build the model from the source's `build`, then serve commands until told to stop. */
export function startWorker(build: Build): void {
  try {
    const built = build(setup.source.args);
    run(built.model, built.properties);
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
    Atomics.store(control, ERROR, 1);
    signalDone();
    Atomics.add(control, READY, 1);
    Atomics.notify(control, READY);
  }
}

function run<S, A>(model: Model<S, A>, properties: Property<S>[]): void {
  const codec = codecOf(model);
  const successor = stepper(model);
  const fairness = model.fairness?.bind(model) ?? (() => null);
  const safety = properties.filter((p) => p.kind !== 'eventually');
  const live = properties.filter((p) => p.kind === 'eventually');
  const allGoals = (1 << live.length) - 1;
  const decided = new Int32Array(setup.decided);
  let table = new SharedTable(setup.table);
  let parent = new Int32Array(setup.columns.parent);
  let via = new Uint16Array(setup.columns.via);
  let goals = new Uint8Array(setup.columns.goals);
  const base = resultBase(setup.index, safety.length);
  const writer = new ByteWriter();
  const fp = new Int32Array(2);
  let frontier = new ByteQueue();
  // New states go to the worker their fingerprint names, so that every worker has a fair share of the next level.
  const workers = setup.peers.length;
  const outboxes = setup.peers.map(() => new ByteWriter(1 << 12));
  // sent[from * workers + to]: messages posted so far. Shares are posted during a level and
  // taken in after it (a separate command, so nobody posts meanwhile); a message posted by
  // another thread may become receivable a moment late, so a receiver counts what it expects.
  const sent = new Int32Array(setup.shares);
  const received = new Int32Array(workers);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  // Edges of the states this worker expanded: per state its number and edge count, then targets and classes.
  const edgeStates: number[] = [];
  const edgeCounts: number[] = [];
  const targets: number[] = [];
  const classes: number[] = [];
  const classNames: string[] = [''];
  const classIds = new Map<string, number>([['', 0]]);
  const classOf = (name: string | null): number => {
    if (name === null) return 0;
    let id = classIds.get(name);
    if (id === undefined) {
      id = classNames.length;
      classIds.set(name, id);
      classNames.push(name);
    }
    return id;
  };

  Atomics.add(control, READY, 1);
  Atomics.notify(control, READY);
  let seq = 0;
  for (;;) {
    Atomics.wait(control, SEQ, seq);
    seq = Atomics.load(control, SEQ);
    const cmd = Atomics.load(control, CMD);
    if (cmd === Command.Stop) {
      signalDone();
      port.close();
      parentPort?.close();
      return;
    }
    if (cmd === Command.Init) {
      const msg = receiveMessageOnPort(port)?.message as { states: { id: number; bytes: Uint8Array }[] } | undefined;
      for (const s of msg?.states ?? []) push(frontier, s.id, s.bytes, s.bytes.length);
    } else if (cmd === Command.Grow) {
      const msg = receiveMessageOnPort(port)!.message as Pick<WorkerSetup, 'table' | 'columns'>;
      table = new SharedTable(msg.table);
      parent = new Int32Array(msg.columns.parent);
      via = new Uint16Array(msg.columns.via);
      goals = new Uint8Array(msg.columns.goals);
    } else if (cmd === Command.Edges) {
      port.postMessage({
        states: Int32Array.from(edgeStates),
        counts: Int32Array.from(edgeCounts),
        targets: Int32Array.from(targets),
        classes: Int32Array.from(classes),
        classNames,
      });
    } else if (cmd === Command.Level) {
      frontier = level(frontier);
      sendShares();
    } else if (cmd === Command.Collect) {
      receiveShares(frontier);
    }
    signalDone();
  }

  function level(current: ByteQueue): ByteQueue {
    const next = new ByteQueue();
    let fresh = 0;
    let transitions = 0;
    let branch = 0;
    for (let p = 0; p < safety.length; p++) control[base + 3 + p] = -1;
    const max = control[MAX_STATES];
    expand: while (current.length > 0) {
      const reader = current.shift();
      const from = reader.u8() | (reader.u8() << 8) | (reader.u8() << 16) | (reader.u8() << 24);
      const state = codec.decode(reader);
      const actions = model.actions(state);
      if (actions.length > branch) branch = actions.length;
      const record = live.length > 0 && goals[from] !== allGoals;
      if (record) {
        edgeStates.push(from);
        edgeCounts.push(actions.length);
      }
      for (let i = 0; i < actions.length; i++) {
        const succ = successor(state, actions[i]);
        transitions++;
        writer.reset();
        codec.encode(succ, writer);
        fingerprint(writer.buf, writer.length, fp);
        let to = table.insert(fp[0], fp[1]);
        if (to === -1) {
          to = Atomics.add(control, COUNTER, 1);
          if (max > 0 && to >= max) {
            // --max-states reached: this state is not kept, and the search stops after this level.
            Atomics.store(control, FULL, 1);
            break expand;
          }
          if (to >= parent.length) throw new Error('internal: the shared columns are full (the coordinator under-reserved)');
          table.publish(to);
          parent[to] = from;
          via[to] = i;
          let bits = 0;
          for (let k = 0; k < live.length; k++) if (live[k].holds(succ)) bits |= 1 << k;
          goals[to] = bits;
          for (let p = 0; p < safety.length; p++) {
            if (decided[p] !== 0 || control[base + 3 + p] !== -1) continue;
            const prop = safety[p];
            if (prop.holds(succ) === (prop.kind === 'sometimes')) control[base + 3 + p] = to;
          }
          const dest = (fp[1] >>> 0) % workers;
          if (dest === setup.index) push(next, to, writer.buf, writer.length);
          else record4(outboxes[dest], to, writer.buf, writer.length);
          fresh++;
        }
        if (record) {
          targets.push(to);
          classes.push(classOf(fairness(state, actions[i])));
        }
      }
    }
    control[base] = fresh;
    control[base + 1] = transitions;
    control[base + 2] = branch;
    return next;
  }

  function sendShares(): void {
    outboxes.forEach((box, j) => {
      if (box.length === 0) return;
      const bytes = box.view().slice();
      setup.peers[j]!.postMessage(bytes, [bytes.buffer]);
      Atomics.add(sent, setup.index * workers + j, 1);
      box.reset();
    });
  }

  function receiveShares(into: ByteQueue): void {
    setup.peers.forEach((peer, j) => {
      if (!peer) return;
      const expected = Atomics.load(sent, j * workers + setup.index);
      while (received[j] < expected) {
        const m = receiveMessageOnPort(peer);
        if (!m) {
          Atomics.wait(pause, 0, 0, 1);
          continue;
        }
        received[j]++;
        const bytes = m.message as Uint8Array;
        let at = 0;
        while (at < bytes.length) {
          const id = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
          const n = bytes[at + 4] | (bytes[at + 5] << 8);
          push(into, id, bytes.subarray(at + 6, at + 6 + n), n);
          at += 6 + n;
        }
      }
    });
  }
}

/** A state for another worker: its number, its length (two bytes), its encoding. */
function record4(box: ByteWriter, id: number, bytes: Uint8Array, length: number): void {
  if (length > 0xffff) throw new Error('internal: an encoded state over 64 KiB');
  box.u8(id & 0xff);
  box.u8((id >>> 8) & 0xff);
  box.u8((id >>> 16) & 0xff);
  box.u8(id >>> 24);
  box.u8(length & 0xff);
  box.u8(length >>> 8);
  box.bytes(bytes, 0, length);
}

function push(queue: ByteQueue, id: number, bytes: Uint8Array, length: number): void {
  idBytes[0] = id & 0xff;
  idBytes[1] = (id >>> 8) & 0xff;
  idBytes[2] = (id >>> 16) & 0xff;
  idBytes[3] = id >>> 24;
  joined.reset();
  joined.bytes(idBytes);
  joined.bytes(bytes, 0, length);
  queue.push(joined.buf, joined.length);
}
