// The order the test files run in. Jest's own (files that failed last time first, then the
// longest) for every file but these, which run last, one after another, in this order: files that
// share a plein (tests/support/plein.ts, sharedPlein) with others but either need it as nothing
// touched it yet, or change it in a way no file after them could work around. Plain JavaScript:
// Jest loads it outside the test transform.
import Sequencer from '@jest/test-sequencer';

/** Paths from the repository's root; a file listed here that a run does not select is passed over. */
export const LAST = [
  // On the plein with npm start's settings (sharedPlein('defaults')), which it must see fresh: it
  // asserts on exactly the misuse signals its own work raised, and signals are kept per person a day.
  'tests/e2e/accountability.spec.ts',
  // On the same plein after it: what the accountability tests leave (signals, an explanation asked,
  // office hours) the web tests tell apart from their own.
  'tests/e2e/web.spec.ts',
  // On the main shared plein, last: alters and removes processing-log entries as the database's owner would.
  'tests/e2e/processing-log.spec.ts',
  // Rotates the identity provider's signing key: the apps' own tokens signed with the old one are
  // refused once its grace has passed and their key sets are fetched anew.
  'tests/e2e/key-rotation.spec.ts',
];

export default class E2eSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => LAST.findIndex((path) => test.path.endsWith(`/${path}`));
    const sorted = super.sort(tests);
    const order = (list) => [
      ...list.filter((t) => rank(t) === -1),
      ...list.filter((t) => rank(t) !== -1).sort((a, b) => rank(a) - rank(b)),
    ];
    return sorted instanceof Promise ? sorted.then(order) : order(sorted);
  }
}
