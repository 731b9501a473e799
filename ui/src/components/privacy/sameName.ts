// The rule the server uses to compare a typed confirmation name.
/** How the server compares a typed name with the customer's: composed, spaces collapsed, any case. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().split(/\s+/).join(' ').toLowerCase();
  const x = norm(a);
  return x !== '' && x === norm(b);
}
