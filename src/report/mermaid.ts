/**
 * A trace as a Mermaid sequence diagram, so that it renders on any Markdown
 * page that renders Mermaid. Lanes, arrows and notes come from the model's
 * `diagram` function; this module only lays them out: the violating step in
 * a red box, a liveness cycle in a `loop` block.
 */
import { isLasso, type Lasso, type Step, type Trace } from '../engine/trace.ts';

export type Event<L extends string> =
  | { kind: 'arrow'; from: L; to: L; label: string; reply?: boolean }
  | { kind: 'note'; over: L[]; text: string; fault?: boolean };

export interface DiagramSpec<S, A, L extends string> {
  lanes: readonly { id: L; label: string }[];
  events(before: S, action: A, after: S): Event<L>[];
}

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
  const emit = (steps: readonly Step<S, A>[], start: S, offset: number, indent: string) => {
    let before = start;
    steps.forEach((step, i) => {
      const n = offset + i + 1;
      const marked = options.mark === n;
      const pad = marked ? `${indent}  ` : indent;
      if (marked) out.push(`${indent}rect rgb(255, 214, 214)`);
      for (const e of spec.events(before, step.action, step.state)) {
        if (e.kind === 'arrow') {
          out.push(`${pad}${lane(e.from)}${e.reply ? '-->>' : '->>'}${lane(e.to)}: ${n}. ${clean(e.label)}`);
        } else {
          out.push(`${pad}Note over ${span(e.over)}: ${n}. ${clean(e.text)}`);
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

/** In a message, ';' ends a statement and '#…;' is an entity; a line break ends the message. */
function clean(text: string): string {
  return text.replace(/[\n\r]+/g, ' ').replace(/;/g, ',');
}
