/** Age of majority in the Netherlands (BW 1:233): parental authority ends, a person acts for themselves. */
export const AGE_OF_MAJORITY = 18;

/**
 * The moment a person born on `birthDate` (yyyy-mm-dd) comes of age: the start of their 18th
 * birthday, in UTC. Someone born on 29 February comes of age on 1 March in a common year.
 */
export function comesOfAgeAt(birthDate: string): Date {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + AGE_OF_MAJORITY, m - 1, d));
}

export function isMinorOn(birthDate: string, at: Date): boolean {
  return at.getTime() < comesOfAgeAt(birthDate).getTime();
}
