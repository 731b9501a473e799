// Imported first in main.ts, before any library runs. Under WebKitGTK with
// LANG=C, `navigator.language` is "C", which Intl refuses ("invalid language
// tag"); a library that formats numbers or dates at module load (uPlot does)
// would then throw and the UI would never mount. Invalid tags are replaced by
// valid ones, falling back to en-US.

function valid(tag: unknown): string | null {
  if (typeof tag !== 'string' || tag === '') return null;
  // POSIX forms: "vi_VN.UTF-8" → "vi-VN".
  const cleaned = tag.split('.')[0].split('@')[0].replace(/_/g, '-');
  for (const candidate of [tag, cleaned]) {
    try {
      const [canonical] = Intl.getCanonicalLocales(candidate);
      if (canonical) {
        new Intl.NumberFormat(canonical);
        return canonical;
      }
    } catch {
      // not a valid BCP 47 tag
    }
  }
  return null;
}

export function guardLocale(nav: Navigator = navigator): void {
  try {
    const languages = Array.from(nav.languages ?? [])
      .map(valid)
      .filter((t): t is string => t !== null);
    const language = valid(nav.language) ?? languages[0] ?? 'en-US';
    if (nav.language !== language) {
      Object.defineProperty(nav, 'language', { value: language, configurable: true });
    }
    const list = languages.length > 0 ? languages : [language];
    if ((nav.languages ?? []).some((t) => valid(t) !== t) || (nav.languages ?? []).length === 0) {
      Object.defineProperty(nav, 'languages', { value: Object.freeze(list), configurable: true });
    }
  } catch {
    // A browser that refuses the override keeps its (valid) values.
  }
}

guardLocale();
