// fast-check for the whole suite, from a fixed seed: a property that fails, fails the same way on
// every machine and every run. FC_SEED=<n> explores another seed (fast-check prints the seed and
// path of any counterexample, to replay it). Import `fc` from here, never from 'fast-check'.
import fc from 'fast-check';

export const FC_SEED = Number(process.env['FC_SEED'] ?? 20261122);
if (!Number.isSafeInteger(FC_SEED)) throw new RangeError(`FC_SEED must be an integer, got ${process.env['FC_SEED']}`);
fc.configureGlobal({ seed: FC_SEED });

export default fc;
