/**
 * One schedule, driven on the model and on the system under test in
 * lockstep. Before each step both sides say whether they can take it; after
 * it, the system's mapped state must equal the model's, and every
 * always-property is judged on the system's state (which is where what the
 * real client received lives). The first disagreement ends the run: a
 * divergence (a step one side takes and the other refuses, or two different
 * states), reported with both states, or a property violated on the system.
 */
import type { Model, Property } from '../engine/model.ts';
import { actionKey } from '../engine/replay.ts';
import { pickAction } from '../engine/random.ts';
import { stableJson, type Adapter } from './adapter.ts';

export type Divergence = 'model-allows-system-refuses' | 'system-allows-model-refuses' | 'state';

export type Outcome<S, A> =
  | { kind: 'passed'; blocked?: { step: number; action: A } }
  | { kind: 'divergence'; step: number; action: A | null; why: Divergence; model: S; system: S; violates: string[] }
  | { kind: 'violation'; step: number; action: A | null; property: string; system: S };

export interface ScheduleResult<S, A> {
  /** The steps both sides took. */
  actions: A[];
  /** The model's states along the run, the initial one first. */
  states: S[];
  outcome: Outcome<S, A>;
  witnessed: string[];
}

/**
 * How a schedule picks its next action: from the model's enabled actions,
 * or from a list. After the choices, `then` may give more steps from the
 * state reached (a fair continuation, for an eventually-property): they are
 * taken strictly, and the property must hold on the system at their end.
 */
export type Schedule<A> = { choices: readonly number[]; then?: Continuation<A> } | { actions: readonly A[]; lenient?: boolean };

export interface Continuation<A> {
  property: string;
  steps(state: unknown): A[] | null;
}

export async function runSchedule<S, A>(
  model: Model<S, A>,
  adapter: Adapter<S, A>,
  properties: readonly Property<S>[],
  schedule: Schedule<A>,
): Promise<ScheduleResult<S, A>> {
  const always = properties.filter((p) => p.kind === 'always');
  const sometimes = properties.filter((p) => p.kind === 'sometimes');
  const witnessed = new Set<string>();
  const actions: A[] = [];
  let s = model.init()[0];
  const states = [s];
  await adapter.start();
  const judge = async (step: number, action: A | null): Promise<Outcome<S, A> | null> => {
    const sys = await adapter.status();
    const violates = always.filter((p) => !p.holds(sys)).map((p) => p.name);
    if (stableJson(sys) !== stableJson(s)) return { kind: 'divergence', step, action, why: 'state', model: s, system: sys, violates };
    if (violates.length > 0) return { kind: 'violation', step, action, property: violates[0], system: sys };
    for (const w of sometimes) if (w.holds(sys)) witnessed.add(w.name);
    return null;
  };
  const done = (outcome: Outcome<S, A>): ScheduleResult<S, A> => ({ actions, states, outcome, witnessed: [...witnessed] });

  const first = await judge(0, null);
  if (first) return done(first);
  const choices = 'choices' in schedule ? schedule.choices : [];
  let list: readonly A[] = 'actions' in schedule ? schedule.actions : [];
  const lenient = 'actions' in schedule && schedule.lenient === true;
  let continued: Continuation<A> | null = null;
  for (let i = 0, j = 0; ; ) {
    const enabled = model.actions(s);
    let action: A;
    if (i < choices.length && enabled.length > 0) {
      action = enabled[pickAction(model, s, enabled, choices[i++])];
    } else if (j < list.length) {
      action = list[j++];
    } else if ('choices' in schedule && schedule.then && continued === null) {
      continued = schedule.then;
      i = choices.length;
      list = continued.steps(s) ?? [];
      j = 0;
      continue;
    } else {
      break;
    }
    const key = actionKey(action);
    const match = enabled.find((a) => actionKey(a) === key);
    if (match === undefined && lenient) continue;
    const step = actions.length + 1;
    const took = await adapter.perform(action);
    if (match === undefined) {
      if (!took) return done({ kind: 'passed', blocked: { step, action } });
      const system = await adapter.status();
      return done({ kind: 'divergence', step, action, why: 'system-allows-model-refuses', model: s, system, violates: always.filter((p) => !p.holds(system)).map((p) => p.name) });
    }
    if (!took) {
      const system = await adapter.status();
      return done({ kind: 'divergence', step, action, why: 'model-allows-system-refuses', model: s, system, violates: always.filter((p) => !p.holds(system)).map((p) => p.name) });
    }
    s = model.next(s, match);
    states.push(s);
    actions.push(match);
    const bad = await judge(step, match);
    if (bad) return done(bad);
  }
  if (continued) {
    // The model reached the goal along the continuation, and the states agreed at every step; the system's own state must show it.
    const goal = properties.find((p) => p.name === continued.property);
    const sys = await adapter.status();
    if (goal && !goal.holds(sys)) return done({ kind: 'violation', step: actions.length, action: actions[actions.length - 1] ?? null, property: goal.name, system: sys });
  }
  return done({ kind: 'passed' });
}
