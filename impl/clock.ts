/**
 * Time as the implementation sees it. Two readings, as on a real host: a
 * monotonic clock for timers (failure detection, heartbeats) and the wall
 * clock the guest program reads, the non-deterministic input the primary
 * logs and the backup replays. `real` is the host's; `manual` is set from
 * outside (the `clock` and `wall` control commands), so that a timer fires
 * exactly when whoever drives the process advances its time.
 */
export interface Clock {
  now(): number;
  wall(): number;
  /** Called whenever time moves (every tick of a real clock). */
  onTick(f: () => void): void;
}

export function realClock(tickMs: number): Clock {
  const start = Date.now();
  const listeners: (() => void)[] = [];
  setInterval(() => listeners.forEach((f) => f()), tickMs).unref();
  return {
    now: () => Date.now() - start,
    // The guest's clock read: coarse, so that it is a small number like the model's.
    wall: () => Math.floor(Date.now() / 1000) % 2,
    onTick: (f) => void listeners.push(f),
  };
}

export interface ManualClock extends Clock {
  set(now: number): void;
  setWall(value: number): void;
}

export function manualClock(): ManualClock {
  let now = 0;
  let wall = 0;
  const listeners: (() => void)[] = [];
  return {
    now: () => now,
    wall: () => wall,
    onTick: (f) => void listeners.push(f),
    set(t) {
      now = t;
      listeners.forEach((f) => f());
    },
    setWall(v) {
      wall = v;
    },
  };
}
