// A small guess of a text's language from its most common short words. Good enough to tag
// an article that says nothing of its language; a page's own lang attribute wins over it.

const STOPWORDS: Record<string, string[]> = {
  pl: ['i', 'w', 'na', 'że', 'się', 'nie', 'do', 'z', 'jest', 'to', 'o', 'jak', 'od', 'za', 'już', 'oraz', 'który', 'która', 'przez'],
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'that', 'it', 'for', 'was', 'on', 'with', 'as', 'are', 'this', 'by', 'be'],
  de: ['der', 'die', 'und', 'das', 'ist', 'nicht', 'mit', 'den', 'von', 'zu', 'ein', 'eine', 'sich', 'auf', 'für', 'auch'],
  fr: ['le', 'la', 'les', 'et', 'des', 'est', 'un', 'une', 'du', 'dans', 'que', 'pour', 'pas', 'qui', 'sur', 'au'],
  es: ['el', 'la', 'los', 'las', 'y', 'de', 'que', 'en', 'un', 'una', 'es', 'por', 'con', 'para', 'del', 'se'],
  it: ['il', 'di', 'che', 'e', 'la', 'per', 'un', 'una', 'non', 'del', 'della', 'sono', 'con', 'gli', 'nel'],
  cs: ['a', 'je', 'v', 'na', 'se', 'že', 'to', 'z', 'do', 'jsou', 'pro', 'jako', 'ale', 'také'],
};

export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, 5000);
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(sample)) return 'ja';
  if (/\p{Script=Han}/u.test(sample)) return 'zh';
  if (/\p{Script=Cyrillic}/u.test(sample)) return 'ru';
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 5) return null;
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  let best: string | null = null;
  let bestScore = 0;
  for (const [lang, list] of Object.entries(STOPWORDS)) {
    const score = list.reduce((sum, w) => sum + (counts.get(w) ?? 0), 0) + (lang === 'pl' ? polishLetters(sample) : 0);
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return bestScore / words.length >= 0.05 ? best : null;
}

function polishLetters(text: string): number {
  return (text.match(/[ąćęłńśźż]/giu)?.length ?? 0) / 2;
}
