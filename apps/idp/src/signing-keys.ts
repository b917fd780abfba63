import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface StoredKey {
  jwk: JWK;
  createdAt: number;
  /** When a newer key took over signing; the key stays published for the grace period. */
  retiredAt: number | null;
}

/**
 * The realm's RS256 signing keys, kept in a file so tokens survive a restart. Rotation adds a
 * key that signs from then on; the previous one stays in the JWKS for `graceMs` so tokens it
 * signed remain verifiable, then it is dropped.
 */
export class SigningKeys {
  private keys: StoredKey[] = [];

  constructor(
    private readonly file: string | undefined,
    private readonly graceMs: number,
  ) {}

  async load(): Promise<void> {
    if (this.file && existsSync(this.file)) this.keys = JSON.parse(await readFile(this.file, 'utf8')) as StoredKey[];
    if (this.keys.length === 0) await this.rotate();
  }

  async rotate(): Promise<string> {
    const now = Date.now();
    for (const k of this.keys) k.retiredAt ??= now;
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const jwk = await exportJWK(privateKey);
    jwk.kid = await calculateJwkThumbprint(jwk);
    jwk.alg = 'RS256';
    jwk.use = 'sig';
    this.keys.unshift({ jwk, createdAt: now, retiredAt: null });
    await this.save();
    return jwk.kid;
  }

  /** Private keys still published: the signing key first (the provider signs with it). */
  active(now = Date.now()): JWK[] {
    return this.keys.filter((k) => k.retiredAt === null || now - k.retiredAt < this.graceMs).map((k) => k.jwk);
  }

  /** When the next retired key's grace period ends; undefined while none is retired. */
  nextPrune(): number | undefined {
    const ends = this.keys.filter((k) => k.retiredAt !== null).map((k) => k.retiredAt! + this.graceMs);
    return ends.length === 0 ? undefined : Math.min(...ends);
  }

  /** Drops keys past their grace period; true when the published set changed. */
  async prune(now = Date.now()): Promise<boolean> {
    const before = this.keys.length;
    this.keys = this.keys.filter((k) => k.retiredAt === null || now - k.retiredAt < this.graceMs);
    if (this.keys.length === before) return false;
    await this.save();
    return true;
  }

  private async save(): Promise<void> {
    if (this.file) await writeFile(this.file, JSON.stringify(this.keys), { mode: 0o600 });
  }
}
