/**
 * Which writing systems a name is written in, the way UTS #39 decides it
 * (the "resolved script set"): each character counts for every script its
 * Script_Extensions property lists, characters of Common and Inherited
 * (digits, combining accents) go with any script, and the name keeps to one
 * script when some script is shared by all of its characters. The usual
 * mixes of CJK writing pass, as UTS #39's "highly restrictive" level lets
 * them: Japanese (Han, Hiragana, Katakana), Chinese with Bopomofo, Korean
 * (Han, Hangul), each also with Latin.
 */

/**
 * Unicode's script names. The regex engine knows the scripts of the Unicode
 * version Node was built with; names it does not know are dropped below, so
 * this list may run ahead of it. A test checks that every letter, digit and
 * mark the engine knows belongs to one of them.
 */
const SCRIPT_NAMES = `Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali
  Beria_Erfe Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham
  Cherokee Chisoi Chorasmian Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan
  Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Garay Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi
  Gurmukhi Gurung_Khema Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inscriptional_Pahlavi
  Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki
  Khudawadi Kirat_Rai Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic
  Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi
  Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham
  Ol_Chiki Ol_Onal Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian
  Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang
  Runic Samaritan Saurashtra Sharada Shavian Siddham Sidetic SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese
  Sunuwar Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tai_Yo Takri Tamil Tangsa Tangut Telugu Thaana
  Thai Tibetan Tifinagh Tirhuta Todhri Tolong_Siki Toto Tulu_Tigalari Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi
  Zanabazar_Square`.split(/\s+/);

interface Script {
  name: string;
  /** Characters whose Script_Extensions include this script. */
  extensions: RegExp;
  /** Characters whose Script is this one (to name the script a character is best known by). */
  own: RegExp;
}

function known(name: string): Script | null {
  try {
    return { name, extensions: new RegExp(`^\\p{Script_Extensions=${name}}$`, 'u'), own: new RegExp(`^\\p{Script=${name}}$`, 'u') };
  } catch {
    return null;
  }
}

export const SCRIPTS: readonly Script[] = SCRIPT_NAMES.map(known).filter((s): s is Script => s !== null);

/** Common and Inherited: characters that belong to every script (digits, punctuation, combining accents). */
const ANY_SCRIPT = /^[\p{Script_Extensions=Common}\p{Script_Extensions=Inherited}]$/u;

/** UTS #39 "highly restrictive": the mixes one language writes with. */
const CJK_MIXES: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

/** The scripts one character may be written in; null for a character of any script. */
function scriptsOf(ch: string): Set<string> | null {
  if (ANY_SCRIPT.test(ch)) return null;
  const scripts = new Set(SCRIPTS.filter((s) => s.extensions.test(ch)).map((s) => s.name));
  // A script newer than the list above still keeps to itself rather than passing as any.
  return scripts.size > 0 ? scripts : new Set(['Unknown']);
}

/**
 * The scripts a name mixes, in the order they first appear, when it mixes
 * scripts in a way no one language does; null when it keeps to one.
 */
export function mixedScripts(name: string): string[] | null {
  const sets: Array<{ ch: string; scripts: Set<string> }> = [];
  for (const ch of name) {
    const scripts = scriptsOf(ch);
    if (scripts) sets.push({ ch, scripts });
  }
  if (sets.length === 0) return null;
  const shared = sets.reduce((common, { scripts }) => new Set([...common].filter((s) => scripts.has(s))), sets[0]!.scripts);
  if (shared.size > 0) return null;
  if (CJK_MIXES.some((mix) => sets.every(({ scripts }) => [...scripts].some((s) => mix.has(s))))) return null;
  const named: string[] = [];
  for (const { ch, scripts } of sets) {
    // A character shared by several scripts is named by its own one.
    const own = SCRIPTS.find((s) => s.own.test(ch))?.name;
    const label = own !== undefined && scripts.has(own) ? own : [...scripts][0]!;
    if (!named.includes(label)) named.push(label);
  }
  return named.map((s) => s.replace(/_/g, ' '));
}

/** "Latin and Cyrillic", "Latin, Greek and Cyrillic". */
export function listScripts(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}
