/**
 * The built-in protocol's conformance suite: the implementation in impl/,
 * driven by the model through the adapter in ft-adapter.ts. The protocol
 * definition names this module by path; `lockstep conform` loads it.
 */
import type { ConformanceSuite } from '../src/conform/suite.ts';
import { BUGS } from '../impl/bugs.ts';
import { runConformance } from './run.ts';

const suite: ConformanceSuite = {
  title: 'impl/: a primary VM, a backup VM, the test-and-set arbiter and a client, as Node processes over TCP on 127.0.0.1',
  bugs: BUGS,
  run: (options) => runConformance(options),
};

export default suite;
