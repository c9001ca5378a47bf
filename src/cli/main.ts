import { Command, CommanderError } from 'commander';
import { UserError } from '../project/errors.js';
import { userErrorFromSystemError } from '../project/fs-errors.js';
import { TOOL_VERSION } from '../project/version.js';
// Commands in pipeline order (help lists them so).
import { registerDedupe } from './dedupe.js';
import { registerExtract } from './extract.js';
import { registerFormats } from './formats.js';
import { registerFulltext } from './fulltext.js';
import { registerImport } from './import.js';
import { registerInit } from './init.js';
import { lockProjectForWritingCommands, releaseProjectLock } from './lock.js';
import { registerPrisma } from './prisma.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerScreen } from './screen.js';
import { registerStatus } from './status.js';
import { registerVerify } from './verify.js';
import type { StageName } from '../stages/graph.js';
import { STAGE_NAMES } from '../stages/stage-names.js';
// @commands-imports

/** Each stage's command: registered in the stage graph's order (a stage without one fails the build). */
const STAGE_COMMANDS: Record<StageName, (program: Command) => void> = {
  import: registerImport, dedupe: registerDedupe, screen: registerScreen, fulltext: registerFulltext,
  extract: registerExtract, prisma: registerPrisma, report: registerReport,
};

export function buildProgram(): Command {
  const program = new Command('review')
    .description('A pipeline for scoping and systematic reviews: import exports, remove duplicates, screen, assess full texts, extract, report PRISMA-ScR.')
    .version(TOOL_VERSION)
    .option('-C, --project <dir>', 'the review project folder', '.')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('-q, --quiet', 'no human output on stderr')
    .option('--debug', 'print stack traces for internal errors')
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride();
  program.addHelpText('after', `
Examples:
  $ review init my-review
  $ review -C my-review import ~/Downloads/psycinfo.ris --source PsycInfo --kind database
  $ review -C my-review dedupe
  $ review -C my-review screen assign
  $ review -C my-review run --check
  $ review init demo --example korus-outreach && review -C demo run && review -C demo prisma
`);
  registerInit(program);
  for (const name of STAGE_NAMES) STAGE_COMMANDS[name](program);
  registerRun(program);
  registerVerify(program);
  registerStatus(program);
  registerFormats(program);
  // @commands-register
  lockProjectForWritingCommands(program);
  return program;
}

/** Runs the CLI; resolves to the exit code (0 ok, 1 data problem, 2 usage, 70 internal error). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      // Help shown on stderr because the call was incomplete (bare `review`, `review screen`) is
      // wrong usage; `review help [command]` asked for it (commander's exit code 0 then).
      if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
      return 2;
    }
    // A full disk, a read-only folder or missing permissions is the user's to fix, not a bug.
    const userError = error instanceof UserError ? error : userErrorFromSystemError(error);
    if (userError) {
      process.stderr.write(`review: ${userError.message}\n`);
      for (const d of userError.details) process.stderr.write(`  ${d}\n`);
      return userError.exitCode;
    }
    const debug = argv.includes('--debug');
    process.stderr.write(`review: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('  this is a bug; run again with --debug and report the output\n');
    return 70;
  } finally {
    releaseProjectLock();
  }
}
