import { hash, verify } from '@node-rs/argon2';

// argon2id with the library defaults (19 MiB, t=2): OWASP's current minimum recommendation.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against this when the username does not exist keeps the response time the same.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Ck7QF0e2TRKdl3m7nXMYh2f4m1XHXGk3n3G6hDHc9c';

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? DUMMY_HASH, password);
  } catch {
    return false;
  }
}
