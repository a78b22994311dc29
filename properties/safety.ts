/**
 * The safety properties: each must hold in every reachable state. One line
 * per conjunct, as in a TLA+ invariant. They range over all three VMs and
 * ask about each VM's current peer, which for the core model is always the
 * other of p and b, so their meaning there is the one they always had.
 */
import { always } from '../src/engine/model.ts';
import { VMS, isUp, peerOf, sameEntry, type Output, type State, type VmId } from '../spec/state.ts';

/**
 * Who releases outputs on its own authority: an up unpaired primary, or an
 * up paired primary whose peer is still an up backup.
 */
export function authorities(s: State): VmId[] {
  return VMS.filter((v) => {
    const vm = s.vms[v];
    if (vm.mode !== 'primary') return false;
    return !vm.paired || s.vms[peerOf(s, v)].mode === 'backup';
  });
}

export const noSplitBrain = always<State>(
  'noSplitBrain',
  'at most one VM releases outputs on its own authority',
  (s) => authorities(s).length <= 1,
);

/** Outputs a VM has released: still in flight, or delivered. */
export function releasedBy(s: State, v: VmId): Output[] {
  return [...s.outputs, ...s.client.received].filter((o) => o.from === v);
}

export const outputRule = always<State>(
  'outputRule',
  'while the primary is paired, its up backup has received every entry whose output was released',
  (s) =>
    VMS.every((v) => {
      const vm = s.vms[v];
      if (vm.mode !== 'primary' || !vm.paired) return true;
      const backup = s.vms[peerOf(s, v)];
      if (backup.mode !== 'backup') return true;
      return releasedBy(s, v).every((o) => {
        const got = backup.log[o.seq - 1];
        return got !== undefined && sameEntry(got, o);
      });
    }),
);

export const consistentOutput = always<State>(
  'consistentOutput',
  'the client never receives two different outputs for one seq, nor two seqs for one request',
  (s) => {
    const got = s.client.received;
    for (let i = 0; i < got.length; i++) {
      for (let j = i + 1; j < got.length; j++) {
        const a = got[i];
        const b = got[j];
        if (a.seq === b.seq && (a.req !== b.req || a.nd !== b.nd)) return false;
        if (a.req === b.req && a.seq !== b.seq) return false;
      }
    }
    return true;
  },
);

/** For the liveness property: is any VM still up? */
export function anyUp(s: State): boolean {
  return VMS.some((v) => isUp(s.vms[v]));
}
