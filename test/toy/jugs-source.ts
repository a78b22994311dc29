/** The jugs model as a worker thread builds it: for the parallel engine's tests. */
import { countedJugs, four, jugs, notFour, six, tidy } from './jugs.ts';

export function build(args: { broken?: boolean; counted?: boolean }) {
  if (args.broken) throw new Error('this model does not build');
  return { model: args.counted ? countedJugs : jugs, properties: [notFour, four, tidy, six] };
}
