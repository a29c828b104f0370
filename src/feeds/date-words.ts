// The month and weekday names of the languages feeds are written in, as dates.ts reads them:
// lower case, accents removed. A month is its full name (nominative and, where dates use it,
// genitive: "listopada", "сентября", "Σεπτεμβρίου") or any prefix of three letters or more
// that names one month in that language ("sept", "févr", "lis"). Languages come in order of
// use: a prefix taken by an earlier one keeps its month ("mar" is March, not the Finnish
// "marraskuu", November). A prefix that names two months of one language ("jui": juin, juillet)
// names none. Weekdays matter only so that they can be skipped: any prefix of one will do.

const MONTHS: string[][] = [
  // English, German, French, Spanish, Portuguese, Italian, Dutch
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  ['januar|jänner', 'februar', 'märz|mrz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'],
  ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre|setiembre', 'octubre', 'noviembre', 'diciembre'],
  ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
  ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
  ['januari', 'februari', 'maart|mrt', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  // Polish, Czech, Russian, Ukrainian: nominative and genitive
  ['styczeń|stycznia', 'luty|lutego', 'marzec|marca', 'kwiecień|kwietnia', 'maj|maja', 'czerwiec|czerwca', 'lipiec|lipca', 'sierpień|sierpnia', 'wrzesień|września', 'październik|października', 'listopad|listopada', 'grudzień|grudnia'],
  ['leden|ledna', 'únor|února', 'březen|března', 'duben|dubna', 'květen|května', 'červen|června|čvn', 'červenec|července|čvc', 'srpen|srpna', 'září', 'říjen|října', 'listopad|listopadu', 'prosinec|prosince'],
  ['январь|января', 'февраль|февраля', 'март|марта', 'апрель|апреля', 'май|мая', 'июнь|июня', 'июль|июля', 'август|августа', 'сентябрь|сентября', 'октябрь|октября', 'ноябрь|ноября', 'декабрь|декабря'],
  ['січень|січня', 'лютий|лютого', 'березень|березня', 'квітень|квітня', 'травень|травня', 'червень|червня', 'липень|липня', 'серпень|серпня', 'вересень|вересня', 'жовтень|жовтня', 'листопад|листопада', 'грудень|грудня'],
  // Greek (nominative, genitive, and the short forms feedparser knows), Hungarian, Turkish
  ['ιανουάριος|ιανουαρίου', 'φεβρουάριος|φεβρουαρίου', 'μάρτιος|μαρτίου', 'απρίλιος|απριλίου', 'μάιος|μαΐου|μαϊ', 'ιούνιος|ιουνίου|ιον', 'ιούλιος|ιουλίου|ιολ', 'αύγουστος|αυγούστου', 'σεπτέμβριος|σεπτεμβρίου', 'οκτώβριος|οκτωβρίου', 'νοέμβριος|νοεμβρίου', 'δεκέμβριος|δεκεμβρίου'],
  ['január', 'február', 'március', 'április', 'május', 'június', 'július', 'augusztus', 'szeptember', 'október', 'november', 'december'],
  ['ocak', 'şubat', 'mart', 'nisan', 'mayıs', 'haziran', 'temmuz', 'ağustos', 'eylül', 'ekim', 'kasım', 'aralık'],
  // Swedish, Danish and Norwegian, Romanian, Catalan, Indonesian, Finnish (and its partitive)
  ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
  ['januar', 'februar', 'marts|mars', 'april', 'maj|mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'],
  ['ianuarie', 'februarie', 'martie', 'aprilie', 'mai', 'iunie', 'iulie', 'august', 'septembrie', 'octombrie', 'noiembrie', 'decembrie'],
  ['gener', 'febrer', 'març', 'abril', 'maig', 'juny', 'juliol', 'agost', 'setembre', 'octubre', 'novembre', 'desembre'],
  ['januari', 'februari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus', 'september', 'oktober', 'november', 'desember'],
  ['tammikuu|tammikuuta', 'helmikuu|helmikuuta', 'maaliskuu|maaliskuuta', 'huhtikuu|huhtikuuta', 'toukokuu|toukokuuta', 'kesäkuu|kesäkuuta', 'heinäkuu|heinäkuuta', 'elokuu|elokuuta', 'syyskuu|syyskuuta', 'lokakuu|lokakuuta', 'marraskuu|marraskuuta', 'joulukuu|joulukuuta'],
];

const WEEKDAYS: string[] = [
  'monday tuesday wednesday thursday friday saturday sunday',
  'montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag',
  'lundi mardi mercredi jeudi vendredi samedi dimanche',
  'lunes martes miércoles jueves viernes sábado domingo',
  'segunda terça quarta quinta sexta sábado domingo feira',
  'lunedì martedì mercoledì giovedì venerdì sabato domenica',
  'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag',
  'poniedziałek wtorek środa czwartek piątek pt sobota niedziela',
  'pondělí úterý středa čtvrtek pátek sobota neděle',
  'понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс',
  'понеділок вівторок середа четвер пʼятниця субота неділя',
  'δευτέρα τρίτη τετάρτη πέμπτη παρασκευή σάββατο κυριακή',
  'hétfő kedd szerda csütörtök péntek szombat vasárnap',
  'pazartesi salı çarşamba perşembe cuma cumartesi pazar pzt cmt',
  'måndag tisdag onsdag torsdag fredag lördag söndag mandag tirsdag lørdag søndag',
  'luni marți miercuri joi vineri sâmbătă duminică',
  'dilluns dimarts dimecres dijous divendres dissabte diumenge',
  'senin selasa rabu kamis jumat sabtu minggu',
  'maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai',
];

/** Lower case without accents, as dates.ts reads a date. */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  return /[^\x00-\x7f]/.test(lower) ? lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : lower;
}

/** Word -> month (1-12), or 0 for a prefix that names more than one month. */
export const monthWords: ReadonlyMap<string, number> = buildMonths();
/** Every prefix of a weekday name in any language above. */
export const dayOfWeekWords: ReadonlySet<string> = buildWeekdays();

function buildMonths(): Map<string, number> {
  const words = new Map<string, number>();
  const fullNames = new Map<string, number>();
  for (const language of MONTHS) {
    const prefixes = new Map<string, number>();
    language.forEach((forms, index) => {
      for (const form of forms.split('|').map(foldWord)) {
        fullNames.set(form, index + 1);
        for (let length = 3; length < form.length; length++) {
          const prefix = form.slice(0, length);
          const seen = prefixes.get(prefix);
          prefixes.set(prefix, seen === undefined || seen === index + 1 ? index + 1 : 0);
        }
      }
    });
    for (const [prefix, month] of prefixes) if (!words.has(prefix)) words.set(prefix, month);
  }
  // A whole name is that month whatever prefixes say ("červen" is June, though "červenec" is July).
  for (const [name, month] of fullNames) words.set(name, month);
  return words;
}

function buildWeekdays(): Set<string> {
  const words = new Set<string>();
  for (const name of WEEKDAYS.join(' ').split(' ').map(foldWord)) {
    for (let length = 1; length <= name.length; length++) words.add(name.slice(0, length));
  }
  return words;
}
