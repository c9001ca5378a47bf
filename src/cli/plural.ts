// One helper for the CLI and the stages' report text (stages may not import src/cli).
export { count } from '../stages/shared/plural.js';
