// Deterministic, English-like prompt text for the counting benchmark: seeded, so every run counts
// the same bytes, and varied enough that byte-pair merging does real work.

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her she there been one all we their has would when if so no will more can out other into ' +
  'time only new some could these two may first then do any like my now over such our man me even most made ' +
  'after also did many before must through back years where much your way well down should because each just ' +
  'those people how too little state good very make world still own see men work long get here between both ' +
  'life being under never day same another know while last might us great old year off come since against go ' +
  'came right used take three latency gateway benchmark token stream request response deadline histogram ' +
  'percentile throughput emulator schedule tokenizer encoding concurrency fidelity measurement'
).split(' ');

/** mulberry32: small, fast and good enough to vary text. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** About `chars` characters of sentences and paragraphs, the same for the same seed. */
export function promptText(chars, seed) {
  const random = seededRandom(seed);
  const parts = [];
  let length = 0;
  while (length < chars) {
    const words = 8 + Math.floor(random() * 13);
    let sentence = '';
    for (let index = 0; index < words; index += 1) {
      let word = WORDS[Math.floor(random() * WORDS.length)];
      if (index === 0) word = word[0].toUpperCase() + word.slice(1);
      else if (random() < 0.03) word = String(Math.floor(random() * 10_000));
      sentence += index === 0 ? word : ` ${word}`;
      if (index > 0 && index < words - 1 && random() < 0.08) sentence += ',';
    }
    sentence += random() < 0.1 ? '.\n\n' : '. ';
    parts.push(sentence);
    length += sentence.length;
  }
  return parts.join('');
}
