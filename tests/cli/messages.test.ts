import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { REPO } from '../helpers/project.js';

/**
 * Every command line a message or help text tells people to type must exist: the sub-commands in
 * the commander tree and each --option on that command (or a parent's global option).
 */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface Mention {
  where: string;
  text: string;
}

/** `review …` in backticks, and `$ review …` example lines of help texts. */
export function commandMentions(text: string, file: string): Mention[] {
  const out: Mention[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    const where = `${file}:${i + 1}`;
    // In template literals the backticks are escaped (\`review …\`).
    for (const m of line.matchAll(/`review( [^`]*)`/g)) out.push({ where, text: (m[1] ?? '').replace(/\\$/, '') });
    // An example line ends at a shell comment, a pipe or a second command.
    const example = /^\s*\$ review( .*)$/.exec(line);
    if (example) out.push({ where, text: (example[1] ?? '').split(/ #| \| | && /)[0] ?? '' });
  }
  return out;
}

function optionNames(cmd: Command): Set<string> {
  const names = new Set<string>(['--help', '-h']);
  for (let c: Command | null = cmd; c; c = c.parent) {
    for (const o of c.options) {
      if (o.long) names.add(o.long);
      if (o.short) names.add(o.short);
      if (o.negate && o.long) names.add(o.long);
    }
  }
  return names;
}

/** Problems with one mentioned command line; none when it names only what exists. */
export function checkMention(program: Command, text: string): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let cmd = program;
  const problems: string[] = [];
  let i = 0;
  // Global options before the command (e.g. `review -C my-review run`).
  while (i < words.length && (words[i] ?? '').startsWith('-')) {
    const w = words[i] as string;
    if (!optionNames(program).has(w.split('=')[0] as string)) problems.push(`${w}: no such global option`);
    const takesValue = program.options.find((o) => o.long === w || o.short === w)?.required || program.options.find((o) => o.long === w || o.short === w)?.optional;
    i += takesValue ? 2 : 1;
  }
  // Sub-commands while the next word names one.
  for (; i < words.length; i++) {
    const w = words[i] as string;
    if (!/^[a-z][a-z-]*$/.test(w)) break;
    // commander's own `review help [command]`.
    if (w === 'help' && cmd === program) return problems;
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (!sub) {
      // A lone word after a command that takes arguments is an argument, not a sub-command.
      if (cmd !== program && cmd.commands.length === 0) break;
      problems.push(`"${w}" is not a command${cmd === program ? '' : ` of \`review ${cmd.name()}\``}`);
      return problems;
    }
    cmd = sub;
  }
  if (cmd === program && words.length > 0 && i === words.length) return problems;
  const known = optionNames(cmd);
  for (const w of words.slice(i)) {
    if (!/^--?[a-zA-Z]/.test(w)) continue;
    const name = w.split('=')[0] as string;
    if (!known.has(name)) problems.push(`${name}: not an option of \`review ${cmd === program ? '' : commandPath(cmd)}\``);
  }
  return problems;
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

describe('commands named in messages and help texts', () => {
  const program = buildProgram();
  const files = sourceFiles(join(REPO, 'src'));

  it('finds the mentions it checks (the extractor works)', () => {
    const mentions = files.flatMap((f) => commandMentions(readFileSync(f, 'utf8'), relative(REPO, f)));
    expect(mentions.length).toBeGreaterThan(30);
    expect(checkMention(program, 'source add')).not.toEqual([]);
    expect(checkMention(program, 'import x.ris --sauce PsycInfo')).not.toEqual([]);
    expect(checkMention(program, '-C my-review import x.ris --source PsycInfo --kind database')).toEqual([]);
  });

  it('names only commands and options that exist', () => {
    const problems = files.flatMap((f) =>
      commandMentions(readFileSync(f, 'utf8'), relative(REPO, f)).flatMap((m) => checkMention(program, m.text).map((p) => `${m.where}: \`review${m.text}\`: ${p}`)),
    );
    expect(problems).toEqual([]);
  });

  it('every --option a message mentions is an option of some command', () => {
    const all = new Set<string>();
    const walk = (c: Command): void => {
      for (const n of optionNames(c)) all.add(n);
      c.commands.forEach(walk);
    };
    walk(program);
    // Flags the code hands to V8 (src/cli/supervisor.ts), not options of ours that a message could name.
    for (const v8Flag of ['--expose-gc']) all.add(v8Flag);
    const unknown: string[] = [];
    for (const f of files) {
      for (const [i, line] of readFileSync(f, 'utf8').split('\n').entries()) {
        if (/^\s*(\/\/|\*)/.test(line)) continue;
        // Options inside the line's string literals (code such as `--depth` is not a message).
        for (const literal of line.matchAll(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g)) {
          for (const m of literal[0].matchAll(/(?:^|[\s`'"(])(--[a-z][a-z0-9-]*)/g)) if (!all.has(m[1] as string)) unknown.push(`${relative(REPO, f)}:${i + 1}: ${m[1]}`);
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  it('every command has an Examples: block in its help', () => {
    const missing: string[] = [];
    const walk = (c: Command): void => {
      for (const sub of c.commands) {
        let help = '';
        sub.configureOutput({ writeOut: (s) => { help += s; }, writeErr: (s) => { help += s; } });
        sub.outputHelp();
        if (!/\nExamples:\n\s+\$ review /.test(help)) missing.push(commandPath(sub));
        walk(sub);
      }
    };
    walk(program);
    expect(missing).toEqual([]);
  });
});
