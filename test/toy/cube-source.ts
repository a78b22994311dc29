/** The hypercube as a worker thread builds it: for the parallel engine's tests. */
import { cube, small } from './cube.ts';

export function build(args: { n: number }) {
  return { model: cube(args.n), properties: [small] };
}
