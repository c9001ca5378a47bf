import fc from 'fast-check';

// Property tests are part of a deterministic suite: one fixed seed, so a run on CI draws the same
// cases as a run here. Override with FC_SEED=<n> to explore other draws locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261207) });
