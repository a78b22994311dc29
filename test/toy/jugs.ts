/**
 * The die-hard water jug puzzle: a 3-gallon and a 5-gallon jug, fill, empty,
 * pour. The classic toy model for checkers: 16 reachable states, and the
 * shortest way to 4 gallons in the big jug takes 6 steps.
 */
import { always, sometimes, type Model } from '../../src/engine/model.ts';

export interface Jugs {
  small: number;
  big: number;
}

export type JugAction = 'fillSmall' | 'fillBig' | 'emptySmall' | 'emptyBig' | 'smallToBig' | 'bigToSmall';

const ALL: JugAction[] = ['fillSmall', 'fillBig', 'emptySmall', 'emptyBig', 'smallToBig', 'bigToSmall'];

export const jugs: Model<Jugs, JugAction> = {
  init: () => [{ small: 0, big: 0 }],
  actions: (s) => ALL.filter((a) => !same(s, step(s, a))),
  next: step,
};

/** The jugs with their action types named, for coverage; `spill` is declared and never enabled: dead. */
export const countedJugs: Model<Jugs, JugAction> = {
  ...jugs,
  actionTypes: [...ALL, 'spill'],
  actionType: (a) => ALL.indexOf(a),
};

function same(a: Jugs, b: Jugs): boolean {
  return a.small === b.small && a.big === b.big;
}

function step(s: Jugs, a: JugAction): Jugs {
  switch (a) {
    case 'fillSmall':
      return { small: 3, big: s.big };
    case 'fillBig':
      return { small: s.small, big: 5 };
    case 'emptySmall':
      return { small: 0, big: s.big };
    case 'emptyBig':
      return { small: s.small, big: 0 };
    case 'smallToBig': {
      const n = Math.min(s.small, 5 - s.big);
      return { small: s.small - n, big: s.big + n };
    }
    case 'bigToSmall': {
      const n = Math.min(s.big, 3 - s.small);
      return { small: s.small + n, big: s.big - n };
    }
  }
}

export const notFour = always<Jugs>('notFour', 'the big jug never holds 4 gallons', (s) => s.big !== 4);
export const four = sometimes<Jugs>('four', 'the big jug can hold 4 gallons', (s) => s.big === 4);
export const tidy = always<Jugs>('tidy', 'never more than the jugs hold', (s) => s.small <= 3 && s.big <= 5);
export const six = sometimes<Jugs>('six', 'six gallons in the big jug (impossible)', (s) => s.big === 6);
