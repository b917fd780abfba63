/**
 * What the search keeps of a phrase: lower case, single spaces, every digit masked, at most
 * 200 characters. Residents type what is on their mind — a BSN, an account or phone number —
 * and the search log must not hold personal data.
 */
export function loggablePhrase(input: string): string {
  return input
    .toLowerCase()
    .replace(/\S+@\S+/g, '<e-mail>')
    .replace(/\d/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** The input with the catalogue words of every resident phrase it contains added. */
export function expandSynonyms(input: string, synonyms: ReadonlyArray<{ phrase: string; expandsTo: string }>): string {
  const text = ` ${input.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const extra = synonyms.filter((s) => text.includes(` ${s.phrase} `)).map((s) => s.expandsTo);
  return [input, ...extra].join(' ');
}
