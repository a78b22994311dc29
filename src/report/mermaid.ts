/**
 * A trace as a Mermaid sequence diagram, so that it renders on any Markdown
 * page that renders Mermaid. Lanes, arrows and notes come from the model's
 * `diagram` function; this module only lays them out: the violating step in
 * a red box, an event the model emphasises (one of two conflicting outputs)
 * in an orange one marked ⚠, a fault (a crash, a cut) in a lilac one marked
 * ⚡, a liveness cycle in a `loop` block. Every text is escaped with
 * Mermaid's entity codes: a bare `#` starts a comment, a `;` ends the
 * statement, so either would cut a label short.
 */
import { isLasso, type Lasso, type Step, type Trace } from '../engine/trace.ts';
import { safeText } from './sanitize.ts';

export type Event<L extends string> =
  | { kind: 'arrow'; from: L; to: L; label: string; reply?: boolean; emphasis?: boolean }
  | { kind: 'note'; over: L[]; text: string; fault?: boolean; emphasis?: boolean };

export interface DiagramSpec<S, A, L extends string> {
  lanes: readonly { id: L; label: string }[];
  /** `last` is the state the whole trace ends in: what an event may be judged against (say, a conflict found later). */
  events(before: S, action: A, after: S, last: S): Event<L>[];
}

/** Background colours: the violating step, an emphasised event, a fault. */
export const MARK_RGB = 'rgb(255, 214, 214)';
export const EMPHASIS_RGB = 'rgb(255, 196, 120)';
export const FAULT_RGB = 'rgb(226, 214, 255)';

export interface MermaidOptions {
  /** 1-based step to highlight (the violation). */
  mark?: number;
  /** What the highlight says. */
  markText?: string;
  title?: string;
}

export function toMermaid<S, A, L extends string>(
  trace: Trace<S, A> | Lasso<S, A>,
  spec: DiagramSpec<S, A, L>,
  options: MermaidOptions = {},
): string {
  const out: string[] = ['sequenceDiagram'];
  // The title as a comment: a page shows its own heading above the diagram.
  if (options.title) out.push(`  %% ${clean(options.title)}`);
  const ids = new Map(spec.lanes.map((l, i) => [l.id, `L${i}`]));
  for (const l of spec.lanes) out.push(`  participant ${ids.get(l.id)} as ${clean(l.label)}`);
  const lane = (l: L) => ids.get(l)!;
  // A note spans at most two participants: the outermost of those it names.
  const span = (lanes: readonly L[]) => {
    const at = lanes.map((l) => spec.lanes.findIndex((x) => x.id === l)).sort((a, b) => a - b);
    return at.length === 1 ? `L${at[0]}` : `L${at[0]},L${at[at.length - 1]}`;
  };
  const all = span(spec.lanes.map((l) => l.id));
  const last = isLasso(trace)
    ? (trace.cycle.at(-1) ?? trace.prefix.at(-1))?.state ?? trace.initial
    : (trace.steps.at(-1)?.state ?? trace.initial);
  // An event in a box of its own colour, for what must stand out.
  const boxed = (pad: string, rgb: string | undefined, line: string) => {
    if (rgb === undefined) return void out.push(`${pad}${line}`);
    out.push(`${pad}rect ${rgb}`, `${pad}  ${line}`, `${pad}end`);
  };
  const emit = (steps: readonly Step<S, A>[], start: S, offset: number, indent: string) => {
    let before = start;
    steps.forEach((step, i) => {
      const n = offset + i + 1;
      const marked = options.mark === n;
      const pad = marked ? `${indent}  ` : indent;
      if (marked) out.push(`${indent}rect ${MARK_RGB}`);
      for (const e of spec.events(before, step.action, step.state, last)) {
        const sign = e.emphasis ? '⚠ ' : e.kind === 'note' && e.fault ? '⚡ ' : '';
        const rgb = e.emphasis ? EMPHASIS_RGB : e.kind === 'note' && e.fault ? FAULT_RGB : undefined;
        if (e.kind === 'arrow') {
          boxed(pad, rgb, `${lane(e.from)}${e.reply ? '-->>' : '->>'}${lane(e.to)}: ${sign}${n}. ${clean(e.label)}`);
        } else {
          boxed(pad, rgb, `Note over ${span(e.over)}: ${sign}${n}. ${clean(e.text)}`);
        }
      }
      if (marked && options.markText) out.push(`${pad}Note over ${all}: ${clean(options.markText)}`);
      if (marked) out.push(`${indent}end`);
      before = step.state;
    });
    return before;
  };
  if (isLasso(trace)) {
    const end = emit(trace.prefix, trace.initial, 0, '  ');
    if (trace.cycle.length === 0) {
      out.push(`  Note over ${all}: stuck: no action is enabled`);
    } else {
      out.push('  loop forever (a fair cycle)');
      emit(trace.cycle, end, trace.prefix.length, '    ');
      out.push('  end');
    }
    if (options.markText) out.push(`  Note over ${all}: ${clean(options.markText)}`);
  } else {
    emit(trace.steps, trace.initial, 0, '  ');
  }
  return `${out.join('\n')}\n`;
}

/** Mermaid's entity codes for what would end, cut or reinterpret a message. */
const ENTITIES: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#60;', '>': '#62;', '"': '#34;', "'": '#39;', '&': '#38;', '%': '#37;', '{': '#123;', '}': '#125;' };

/** A text as a Mermaid message: control characters shown as escapes, specials as entity codes. */
export function mermaidText(text: string): string {
  return safeText(text).replace(/[#;<>"'&%{}]/g, (c) => ENTITIES[c]);
}

const clean = mermaidText;
