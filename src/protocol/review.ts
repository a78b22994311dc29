/**
 * The design-review checklist: one item per safeguard, each turned into
 * evidence by the matrix. An item is ticked only when the correct design
 * holds every property the safeguard protects and the design without it
 * violates each of them; otherwise it stays unticked with the reason. Every
 * word and number in it is derived from the run; nothing is hand-edited.
 */
import { isLasso } from '../engine/trace.ts';
import { boundsOf } from './config.ts';
import type { ProtocolDefinition } from './definition.ts';
import type { MatrixCell, MatrixRow } from './matrix.ts';
import { traceFileName, type AnyTrace } from './traces.ts';

export interface ReviewEvidence {
  property: string;
  correct: string;
  withoutSafeguard: string;
  steps?: number;
  faults?: number;
  trace?: string;
}

export interface ReviewItem {
  knob: string;
  title: string;
  paper: string;
  question: string;
  answer: string;
  protects: string[];
  ticked: boolean;
  reasons: string[];
  evidence: ReviewEvidence[];
  /** The actions the knob changes, and how often each search took them (absent: the model counts no actions). */
  reached: { action: string; correct?: number; withoutSafeguard?: number }[];
  correctStates: number;
  correctSeconds: number;
  knobStates: number;
  knobSeconds: number;
}

export interface WitnessEvidence {
  property: string;
  title: string;
  question: string;
  answer: string;
  ticked: boolean;
  steps?: number;
  trace?: string;
}

export interface Review {
  protocol: string;
  bounds: Record<string, number>;
  items: ReviewItem[];
  witnesses: WitnessEvidence[];
  ok: boolean;
}

export function buildReview(def: ProtocolDefinition, rows: readonly MatrixRow[], traces: readonly AnyTrace[], traceDir: string): Review {
  const correct = rows.find((r) => r.config.knobs.length === 0)!;
  const pathOf = (t: AnyTrace) => `${traceDir}/${traceFileName(t.config, t.property)}`;
  const traceFor = (knobs: readonly string[], property: string) =>
    traces.find((t) => t.property === property && t.config.knobs.join('+') === knobs.join('+'));
  const isFault = (a: unknown) => def.actions.isFault?.(a) ?? false;
  const knobRows = def.knobs.flatMap((info) => {
    const row = rows.find((r) => r.config.knobs.length === 1 && r.config.knobs[0] === info.name);
    return row ? [{ info, row }] : [];
  });
  const items = knobRows.map(({ info, row }): ReviewItem => {
    const knob = info.name;
    const taken = (report: { coverage?: { action: string; taken: number }[] }, action: string) => report.coverage?.find((c) => c.action === action)?.taken;
    const reached = (info.actions ?? []).map((action) => ({ action, correct: taken(correct.report, action), withoutSafeguard: taken(row.report, action) }));
    const reasons: string[] = [];
    const evidence = info.breaks.map((property): ReviewEvidence => {
      const good = cell(correct, property);
      const bad = cell(row, property);
      if (!good || !bad) {
        reasons.push(`${property} was not checked`);
        return { property, correct: 'not checked', withoutSafeguard: 'not checked' };
      }
      if (good.verdict !== 'holds' || !good.result.final) reasons.push(`the correct design does not hold ${property} (${good.verdict})`);
      if (bad.verdict !== 'violated') reasons.push(`without the safeguard ${property} is still ${bad.verdict}: the violation was not found`);
      const t = traceFor([knob], property);
      const run = bad.result.trace;
      const steps = run ? (isLasso(run) ? [...run.prefix, ...run.cycle] : run.steps) : [];
      return {
        property,
        correct: good.verdict,
        withoutSafeguard: bad.verdict,
        ...(bad.verdict === 'violated' ? { steps: bad.result.length, faults: steps.filter((s) => isFault(s.action)).length } : {}),
        ...(t ? { trace: pathOf(t) } : {}),
      };
    });
    for (const r of reached) if (r.withoutSafeguard === 0) reasons.push(`without the safeguard no transition took ${r.action}, the action the knob changes: its code path was never reached`);
    return {
      knob,
      title: info.title,
      paper: info.reference ?? '',
      question: info.question,
      answer: info.answer,
      protects: [...info.breaks],
      ticked: reasons.length === 0,
      reasons,
      evidence,
      reached,
      correctStates: correct.report.states,
      correctSeconds: correct.report.seconds,
      knobStates: row.report.states,
      knobSeconds: row.report.seconds,
    };
  });
  // A witness item whose property these bounds do not check (an extension that is off) is not an item here.
  const checked = (w: { property: string }) => correct.cells.some((c) => c.property === w.property);
  const witnesses = (def.review?.witnesses ?? []).filter(checked).map((w): WitnessEvidence => {
    const c = cell(correct, w.property);
    const t = traceFor([], w.property);
    return {
      ...w,
      ticked: c?.verdict === 'witnessed',
      ...(c?.result.length !== undefined ? { steps: c.result.length } : {}),
      ...(t ? { trace: pathOf(t) } : {}),
    };
  });
  return { protocol: def.name, bounds: boundsOf(def, correct.config), items, witnesses, ok: items.every((i) => i.ticked) && witnesses.every((w) => w.ticked) };
}

function cell(row: MatrixRow, property: string): MatrixCell | undefined {
  return row.cells.find((c) => c.property === property);
}
