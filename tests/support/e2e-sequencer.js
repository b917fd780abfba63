// The order the test files run in. Jest's own (files that failed last time first, then the
// longest) for every file but these, which run last, one after another, in this order. Each
// changes the shared plein (tests/support/plein.ts, sharedPlein) in a way no file after it could
// work around, so nothing that shares the plein may come after it. Plain JavaScript: Jest loads
// it outside the test transform.
import Sequencer from '@jest/test-sequencer';

/** Paths from the repository's root; a file listed here that a run does not select is passed over. */
export const LAST_ON_THE_SHARED_PLEIN = [
  // Alters and removes processing-log entries as the database's owner would.
  'tests/e2e/processing-log.spec.ts',
  // Rotates the identity provider's signing key: the apps' own tokens signed with the old one are
  // refused once its grace has passed and their key sets are fetched anew.
  'tests/e2e/key-rotation.spec.ts',
];

export default class E2eSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => LAST_ON_THE_SHARED_PLEIN.findIndex((path) => test.path.endsWith(`/${path}`));
    const sorted = super.sort(tests);
    const order = (list) => [
      ...list.filter((t) => rank(t) === -1),
      ...list.filter((t) => rank(t) !== -1).sort((a, b) => rank(a) - rank(b)),
    ];
    return sorted instanceof Promise ? sorted.then(order) : order(sorted);
  }
}
