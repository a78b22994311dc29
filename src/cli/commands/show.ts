/** `lockstep show FILE`: a trace as a timeline or as a Mermaid sequence diagram. */
import { Option, type Command } from 'commander';
import type { ProtocolDefinition } from '../../protocol/definition.ts';
import { traceMermaid } from '../../protocol/traces.ts';
import { renderTrace, traceHeading } from '../../report/text.ts';
import { describe, replayForDrawing } from './replay.ts';

export function registerShow(program: Command, def: ProtocolDefinition): void {
  program
    .command('show')
    .description('draw a trace file: a timeline (text) or a Mermaid sequence diagram')
    .argument('<file>', 'trace file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'mermaid']).default('text'))
    .action((file: string, flags: { format: 'text' | 'mermaid' }) => {
      const loaded = replayForDrawing(def, file);
      if (!loaded) return;
      const { trace: t, replayed: r } = loaded;
      if (flags.format === 'mermaid') {
        process.stdout.write(traceMermaid(def, t, r));
      } else {
        const mark = r.judgement?.verdict === 'violated' ? r.judgement.step : undefined;
        const head = [...traceHeading(t, file), describe(def, r, false)];
        process.stdout.write(`${head.join('\n')}\n\n${renderTrace(r.trace!, def.present.narrate, mark)}\n`);
      }
      process.exitCode = r.ok ? 0 : 1;
    });
}
