import type { Command } from 'commander';
import type { ProgressListener, ProgressUpdate } from '../stages/shared/progress.js';
import { globals } from './context.js';

/**
 * Progress on stderr for long stages: on a terminal one line redrawn at most ten times a second
 * ("importing exports/x.ris  13%  12.3/91.0 MB  41,200 records/s  about 0:42 left"); elsewhere
 * (logs, CI) nothing for the first seconds and then one line at most every REPEAT_MS, so a log
 * gets a heartbeat, not a flood. Nothing with --quiet or --json.
 */
export interface ProgressOutput {
  isTTY: boolean;
  columns?: number;
  write(text: string): void;
}

export interface ProgressReporter {
  listener: ProgressListener;
  /** Clear the line (terminal) once the stage is done. */
  done(): void;
}

const REDRAW_MS = 100;
const FIRST_LOG_MS = 5_000;
const REPEAT_MS = 10_000;

export function progressFor(cmd: Command, label: string): ProgressReporter {
  const g = globals(cmd);
  if (g.quiet || g.json) return { listener: () => undefined, done: () => undefined };
  return progressReporter(label, process.stderr, Date.now);
}

export function progressReporter(label: string, out: ProgressOutput, now: () => number): ProgressReporter {
  const started = now();
  let phase = '';
  let phaseStart = started;
  let lastShown = -Infinity;
  let drawn = false;
  const listener: ProgressListener = (update) => {
    const t = now();
    const newPhase = update.phase !== phase;
    if (newPhase) {
      phase = update.phase;
      phaseStart = t;
    }
    if (out.isTTY) {
      const finished = update.total !== undefined && update.done === update.total;
      if (t - lastShown < REDRAW_MS && !finished && !newPhase) return;
      lastShown = t;
      const width = Math.max(20, (out.columns || 100) - 1);
      out.write(`\r${progressLine(label, update, t - phaseStart).slice(0, width).padEnd(width)}`);
      drawn = true;
    } else {
      if (t - started < FIRST_LOG_MS || t - lastShown < REPEAT_MS) return;
      lastShown = t;
      out.write(`${progressLine(label, update, t - phaseStart)}\n`);
    }
  };
  return {
    listener,
    done() {
      if (drawn) out.write('\r\u001b[K');
    },
  };
}

/** One progress line: phase, percent, amounts, rate and time left where known. */
export function progressLine(label: string, u: ProgressUpdate, elapsedMs: number): string {
  const parts = [`${label}: ${u.phase}${u.detail ? ` ${u.detail}` : ''}`];
  const { done, total } = u;
  if (done !== undefined && total !== undefined && total > 0) {
    const fraction = Math.min(1, done / total);
    parts.push(`${Math.floor(fraction * 100)}%`);
    parts.push(u.unit === 'bytes' ? `${mb(done)}/${mb(total)} MB` : `${thousands(done)}/${thousands(total)}${u.unit && u.unit !== 'items' ? ` ${u.unit}` : ''}`);
    const seconds = elapsedMs / 1000;
    // Rates and estimates only once there is enough to go on.
    if (seconds >= 1 && done > 0) {
      const perSecond = u.records !== undefined ? u.records / seconds : u.unit !== 'bytes' ? done / seconds : undefined;
      if (perSecond !== undefined && perSecond > 0) parts.push(`${thousands(Math.round(perSecond))} ${u.records !== undefined || u.unit === 'records' ? 'records' : u.unit ?? 'items'}/s`);
      if (fraction < 1) parts.push(`about ${duration(((total - done) / done) * seconds)} left`);
    }
  } else if (u.records !== undefined) {
    parts.push(`${thousands(u.records)} record${u.records === 1 ? '' : 's'}`);
  }
  return parts.join('  ');
}

function mb(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 0:42, 12:05, 1:02:03 */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
