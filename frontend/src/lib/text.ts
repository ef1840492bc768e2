/**
 * Backend messages are Go-style ("a passphrase needs at least 8 characters");
 * shown alone they should read as sentences: capital first letter.
 */
export function sentence(text: string | undefined | null): string {
  const t = (text ?? '').trim();
  return t ? t.charAt(0).toUpperCase() + t.slice(1) : '';
}
