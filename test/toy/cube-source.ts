/** The hypercube as a worker thread builds it: for the parallel engine's tests. */
import { allSet, cube, small } from './cube.ts';

export function build(args: { n: number; live?: boolean }) {
  return { model: cube(args.n), properties: args.live ? [small, allSet(args.n)] : [small] };
}
