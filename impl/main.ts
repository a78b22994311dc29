/**
 * One entry point for every process of the implementation:
 * `main vm p primary`, `main vm b backup`, `main arbiter`, `main client`,
 * each with `--net PORT` (the network to join). Options: `--clock manual`
 * (time set by the control channel) or `real`, `--output-rule on|off`,
 * `--bug NAME`, `--timeout T`, `--heartbeat H`, `--auto` (run the replay and
 * the takeover without waiting for hooks), `--window W` (flow control: at
 * most W unacknowledged entries), `--standby` (start, but join the
 * network only on the `join` control command: a spare kept ready).
 */
import { Arbiter } from './arbiter.ts';
import { isBug, type BugName } from './bugs.ts';
import { Client } from './client.ts';
import { manualClock, realClock, type Clock, type ManualClock } from './clock.ts';
import { Vm } from './vm.ts';
import { arg, joinNetwork, ready, serveControl, type Message, type Nic } from './wire.ts';

async function main(): Promise<void> {
  const kind = process.argv[2];
  const net = Number(arg('net'));
  const clockKind = arg('clock', 'manual');
  const clock: Clock = clockKind === 'manual' ? manualClock() : realClock(Number(arg('tick', '1')));
  const bugName = arg('bug', '');
  const bug: BugName | null = bugName === '' ? null : isBug(bugName) ? bugName : fail(`unknown bug ${bugName}`);
  let name: string;
  let node: { receive(from: string, m: Message): void; reset(): void; status(): unknown; nic: unknown };
  let hooks: (cmd: Record<string, unknown>) => unknown = () => {
    throw new Error('unknown command');
  };
  if (kind === 'vm') {
    name = process.argv[3];
    const role = process.argv[4];
    if ((name !== 'p' && name !== 'b') || (role !== 'primary' && role !== 'backup')) fail('usage: main vm p|b primary|backup');
    const vm = new Vm({
      name: name as 'p' | 'b',
      peer: name === 'p' ? 'b' : 'p',
      role: role as 'primary' | 'backup',
      clock,
      timeout: Number(arg('timeout', '100')),
      heartbeat: Number(arg('heartbeat', '20')),
      outputRule: arg('output-rule', 'on') === 'on',
      auto: process.argv.includes('--auto'),
      window: arg('window', '') === '' ? null : Number(arg('window')),
      bug,
    });
    hooks = (cmd) => {
      if (cmd.cmd === 'apply') return vm.apply();
      if (cmd.cmd === 'proceed') return vm.proceed();
      throw new Error(`unknown command ${String(cmd.cmd)}`);
    };
    node = vm;
  } else if (kind === 'arbiter') {
    name = 's';
    node = new Arbiter();
  } else if (kind === 'client') {
    name = 'c';
    const client = new Client();
    if (clockKind !== 'manual') {
      const after = Number(arg('retransmit-after', '200'));
      clock.onTick(() => client.nic && client.tick(clock.now(), after));
    }
    hooks = (cmd) => {
      if (cmd.cmd === 'send') return client.send(cmd.req as number);
      if (cmd.cmd === 'retransmit') return client.retransmit(cmd.req as number);
      if (cmd.cmd === 'latencies') return client.latencies();
      throw new Error(`unknown command ${String(cmd.cmd)}`);
    };
    node = client;
  } else {
    return fail('usage: main vm|arbiter|client --net PORT');
  }
  let nic: Nic | null = null;
  const join = async () => {
    nic = await joinNetwork(net, name, (from, m) => node.receive(from, m));
    node.nic = nic;
    node.reset();
  };
  serveControl((cmd) => {
    if (cmd.cmd === 'join') {
      // A standby process joins when told to: a spare started ahead of need.
      if (nic === null) return join().then(() => true);
      return false;
    }
    if (nic === null) throw new Error('not on the network yet (standby)');
    switch (cmd.cmd) {
      case 'status':
        return { state: node.status(), net: nic.counters() };
      case 'reset':
        return void node.reset();
      case 'clock':
        return void (clock as ManualClock).set(cmd.now as number);
      case 'wall':
        return void (clock as ManualClock).setWall(cmd.value as number);
      default:
        return hooks(cmd);
    }
  });
  if (!process.argv.includes('--standby')) await join();
  ready();
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

void main();
