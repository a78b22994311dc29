/**
 * The trace explorer, running in the browser. It is bundled with the same
 * protocol definition module the checker loads, so stepping, forking and the
 * live verdicts come from the real reducer, not a copy, and the lanes, arrows
 * and words come from the definition: the page knows no protocol. It reads
 * the trace embedded in the page, replays it, and lets a reviewer step
 * through it, look at every state, and fork the run at any step.
 */
import { boundsText, designName } from '../protocol/config.ts';
import type { BaseConfig, ProtocolDefinition } from '../protocol/definition.ts';
import { replayActions } from '../engine/replay.ts';

interface Embedded {
  protocol: string;
  title: string;
  config: BaseConfig;
  property: string;
  expect: string;
  actions: unknown[];
  cycle: unknown[];
}

type State = unknown;
type Action = unknown;

interface Step {
  action: Action;
  state: State;
}

export function startExplorer(def: ProtocolDefinition): void {
  const data = JSON.parse(document.getElementById('trace')!.textContent!) as Embedded;
  const model = def.model(data.config, { symmetry: false });
  const properties = def.properties(data.config, { liveness: true });
  const initial = model.init()[0];
  const formatAction = (a: Action) => def.actions.format(a);
  const narrate = (before: State, a: Action, after: State) => def.present.narrate(before, a, after);
  const lanes = def.present.lanes(data.config);

  /** The run shown: the trace's steps, or a fork of them. */
  let steps: Step[] = replay([...data.actions, ...data.cycle]);
  const cycleStart = data.cycle.length > 0 ? data.actions.length : -1;
  let forkedAt = -1;
  let cursor = 0;

  function replay(actions: readonly Action[]): Step[] {
    const run = replayActions(model, actions);
    if (run.problem) throw new Error(`step ${run.problem.step}: ${formatAction(run.problem.action)} is not enabled`);
    return run.steps;
  }

  const stateAt = (i: number): State => (i === 0 ? initial : steps[i - 1].state);

  /** Bumped whenever the run changes (a fork): what is computed from the whole run is cached per version. */
  let version = 0;
  const decidedCache = new Map<string, number>();

  /** The first step at which each always property is violated (or sometimes property holds) along the run. */
  function firstDecided(name: string): number {
    const key = `${version}:${name}`;
    let at = decidedCache.get(key);
    if (at === undefined) {
      at = scanDecided(name);
      decidedCache.set(key, at);
    }
    return at;
  }

  function scanDecided(name: string): number {
    const p = properties.find((x) => x.name === name)!;
    for (let i = 0; i <= steps.length; i++) {
      const holds = p.holds(stateAt(i));
      if (p.kind === 'always' && !holds) return i;
      if (p.kind !== 'always' && holds) return i;
    }
    return -1;
  }

  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

  function render(): void {
    const s = stateAt(cursor);
    $('title').textContent = data.title;
    $('subtitle').textContent =
      `${designName(data.config)} design of ${def.name} · ${boundsText(def, data.config)} · ` +
      `${data.property} expected ${data.expect}` +
      (forkedAt >= 0 ? ` · FORKED at step ${forkedAt}` : '');
    const slider = $<HTMLInputElement>('slider');
    slider.max = String(steps.length);
    slider.value = String(cursor);
    $('position').textContent = `step ${cursor} of ${steps.length}`;
    const words = cursor === 0 ? null : narrate(stateAt(cursor - 1), steps[cursor - 1].action, s);
    $('narration').textContent = words ? `${cursor}. ${words.change}` : 'the initial state';
    $('client').textContent = words ? words.view : '';
    renderVerdicts(s);
    renderState(s, cursor === 0 ? null : stateAt(cursor - 1));
    renderEnabled(s);
    renderDiagram();
  }

  function renderVerdicts(s: State): void {
    const rows = properties.map((p) => {
      const here = p.holds(s);
      const first = firstDecided(p.name);
      let text: string;
      let cls: string;
      if (p.kind === 'always') {
        text = here ? 'holds here' : 'VIOLATED here';
        cls = here ? 'ok' : 'bad';
        if (first >= 0) text += ` (first violated at step ${first})`;
      } else if (p.kind === 'sometimes') {
        text = here ? 'witnessed here' : 'not here';
        cls = here ? 'ok' : 'neutral';
        if (first >= 0) text += ` (first at step ${first})`;
      } else {
        text = here ? 'goal reached' : 'goal not reached yet';
        cls = here ? 'ok' : 'neutral';
        if (cycleStart >= 0 && forkedAt < 0 && p.name === data.property) text += ' · the run loops forever from the cycle';
      }
      return `<tr data-property="${p.name}" class="${cls}"><td>${p.name}</td><td>${p.kind}</td><td class="verdict">${text}</td></tr>`;
    });
    $('verdicts').innerHTML = rows.join('');
  }

  /** Every leaf of a state as path = value, with the paths that changed in the last step marked. */
  function flatten(value: unknown, path: string, out: Map<string, string>): void {
    if (Array.isArray(value)) {
      if (value.length === 0) out.set(path, '[]');
      value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
    } else {
      out.set(path, JSON.stringify(value));
    }
  }

  function renderState(s: State, before: State | null): void {
    const now = new Map<string, string>();
    flatten(s, '', now);
    const was = new Map<string, string>();
    if (before) flatten(before, '', was);
    const lines = [...now].map(([k, v]) => {
      const changed = before !== null && was.get(k) !== v;
      return `<div class="${changed ? 'changed' : ''}"><span class="path">${escape(k)}</span> = ${escape(v)}</div>`;
    });
    const gone = before ? [...was.keys()].filter((k) => !now.has(k)).map((k) => `<div class="removed"><span class="path">${escape(k)}</span> removed</div>`) : [];
    $('state').innerHTML = [...lines, ...gone].join('');
  }

  function renderEnabled(s: State): void {
    const actions = model.actions(s);
    const taken = cursor < steps.length ? JSON.stringify(steps[cursor].action) : null;
    $('enabled').innerHTML = actions.length
      ? actions
          .map((a, i) => {
            const isTaken = JSON.stringify(a) === taken;
            return `<button class="action${isTaken ? ' taken' : ''}" data-index="${i}">${escape(formatAction(a))}${isTaken ? ' (next in the run)' : ''}</button>`;
          })
          .join('')
      : '<em>no action is enabled</em>';
    for (const b of $('enabled').querySelectorAll<HTMLButtonElement>('button.action')) {
      b.onclick = () => fork(actions[Number(b.dataset.index)]);
    }
  }

  /** Take another action at the current step: the run continues from there with it. */
  function fork(a: Action): void {
    if (cursor < steps.length && JSON.stringify(steps[cursor].action) === JSON.stringify(a)) {
      cursor++;
      render();
      return;
    }
    const s = stateAt(cursor);
    steps = [...steps.slice(0, cursor), { action: a, state: model.next(s, a) }];
    forkedAt = cursor;
    version++;
    cursor++;
    render();
  }

  // Lanes 200 px apart up to four; more are drawn closer so that five or six still fit the panel.
  const SPACING = lanes.length <= 4 ? 200 : Math.max(140, Math.floor(640 / (lanes.length - 1)));
  const LANE_X: Record<string, number> = Object.fromEntries(lanes.map((l, i) => [l.id, 90 + i * SPACING]));
  const WIDTH = 180 + (lanes.length - 1) * SPACING;
  const ROW = 34;

  let drawn = -1;

  /** Draws the diagram when the run changed; otherwise only moves the highlight. */
  function renderDiagram(): void {
    const box = $('diagram');
    if (drawn !== version) {
      drawDiagram();
      drawn = version;
    }
    box.querySelector('g.current')?.classList.remove('current');
    const row = box.querySelector(`g.row[data-step="${cursor}"]`);
    row?.classList.add('current');
    (row as Element | null)?.scrollIntoView?.({ block: 'nearest' });
  }

  function drawDiagram(): void {
    const mark = firstDecided(data.property);
    const violating = properties.find((p) => p.name === data.property)?.kind === 'always' ? mark : -1;
    const height = (steps.length + 1) * ROW + 40;
    const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}">`];
    parts.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>');
    for (const lane of lanes) {
      parts.push(`<text x="${LANE_X[lane.id]}" y="16" text-anchor="middle" class="lane">${escape(lane.label)}</text>`);
      parts.push(`<line x1="${LANE_X[lane.id]}" y1="24" x2="${LANE_X[lane.id]}" y2="${height}" class="lifeline"/>`);
    }
    steps.forEach((step, i) => {
      const n = i + 1;
      const y = 24 + n * ROW;
      const cls = [n === violating ? 'violating' : '', cycleStart >= 0 && forkedAt < 0 && n > cycleStart ? 'cycle' : '', forkedAt >= 0 && n > forkedAt ? 'forked' : '']
        .filter(Boolean)
        .join(' ');
      parts.push(`<g class="row ${cls}" data-step="${n}"><rect x="0" y="${y - ROW + 6}" width="${WIDTH}" height="${ROW}" class="band"/>`);
      parts.push(`<text x="8" y="${y - 4}" class="num">${n}</text>`);
      // The run's last state tells which outputs end up conflicting: those stand out.
      const events = def.present.events(stateAt(i), step.action, step.state, stateAt(steps.length));
      const arrows = events.filter((e) => e.kind === 'arrow');
      // A note goes beside the step's arrows, not across them.
      let noteX = 0;
      arrows.forEach((e, k) => {
        if (e.kind !== 'arrow') return;
        const x1 = LANE_X[e.from];
        const x2 = LANE_X[e.to];
        const dy = k * 9;
        noteX = Math.max(noteX, x1, x2);
        parts.push(`<line x1="${x1}" y1="${y - 14 + dy}" x2="${x2 + (x2 > x1 ? -4 : 4)}" y2="${y - 8 + dy}" class="msg${e.reply ? ' reply' : ''}${e.emphasis ? ' emphasis' : ''}" marker-end="url(#arrow)"/>`);
        const lx = arrows.length > 1 ? (k === 0 ? Math.min(x1, x2) + 40 : Math.max(x1, x2) - 40) : (x1 + x2) / 2;
        parts.push(`<text x="${lx}" y="${y - 17 + dy * 2}" text-anchor="middle" class="label${e.emphasis ? ' emphasis' : ''}">${escape(e.label)}${e.emphasis ? ' ⚠' : ''}</text>`);
      });
      for (const e of events) {
        if (e.kind !== 'note') continue;
        const x = arrows.length > 0 ? noteX : Math.min(...e.over.map((l) => LANE_X[l]));
        parts.push(`<text x="${x + 8}" y="${y - 6}" class="note${e.fault ? ' fault' : ''}${e.emphasis ? ' emphasis' : ''}">${e.fault ? '⚡ ' : ''}${escape(shorten(e.text, WIDTH - x))}</text>`);
      }
      parts.push('</g>');
    });
    parts.push('</svg>');
    $('diagram').innerHTML = parts.join('');
    for (const g of $('diagram').querySelectorAll<SVGGElement>('g.row')) {
      g.addEventListener('click', () => {
        cursor = Number(g.dataset.step);
        render();
      });
    }
  }

  /** Cut a note to the room left on its row (about 6.5 px a character). */
  function shorten(text: string, room = 520): string {
    const max = Math.max(12, Math.floor(room / 6.5));
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }

  function escape(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  /** The run as shown (a fork, maybe) as a trace file that `lockstep replay` accepts. */
  function exportTrace(): string {
    const original = properties.find((p) => p.name === data.property)!;
    const property = original.kind === 'eventually' ? properties.find((p) => p.kind === 'always')! : original;
    const first = firstDecided(property.name);
    const expect = property.kind === 'always' ? (first >= 0 ? 'violated' : 'holds') : first >= 0 ? 'witnessed' : 'not-witnessed';
    const keepCycle = forkedAt < 0 && original.kind === 'eventually';
    const trace = {
      format: 'lockstep-trace',
      version: 1,
      protocol: def.name,
      title: forkedAt >= 0 ? `${data.title} (forked at step ${forkedAt})` : data.title,
      config: data.config,
      property: keepCycle ? original.name : property.name,
      expect: keepCycle ? data.expect : expect,
      source: { kind: 'hand', command: 'lockstep explore' },
      actions: (keepCycle ? steps.slice(0, cycleStart) : steps).map((s) => s.action),
      ...(keepCycle ? { cycle: steps.slice(cycleStart).map((s) => s.action) } : {}),
    };
    return `${JSON.stringify(trace, null, 2)}\n`;
  }

  function go(i: number): void {
    cursor = Math.max(0, Math.min(steps.length, i));
    render();
  }

  $<HTMLInputElement>('slider').addEventListener('input', (e) => go(Number((e.target as HTMLInputElement).value)));
  $('prev').addEventListener('click', () => go(cursor - 1));
  $('next').addEventListener('click', () => go(cursor + 1));
  $('export').addEventListener('click', () => {
    const blob = new Blob([exportTrace()], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = forkedAt >= 0 ? 'forked-trace.json' : 'trace.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'j') go(cursor + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'k') go(cursor - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(steps.length);
  });

  const violating = firstDecided(data.property);
  go(0);
  document.body.dataset.ready = 'true';
  document.body.dataset.violatingStep = String(violating);
  (window as unknown as { lockstep: unknown }).lockstep = { exportTrace, go, steps: () => steps.length };
}
