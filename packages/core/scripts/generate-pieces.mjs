// Generates src/tokens/pieces.generated.ts: the pieces output text is made of.
//
// A piece is one token in both cl100k_base and o200k_base, and any sequence of pieces re-encodes
// to exactly one token per piece. That holds because each piece is a whole pre-token of both
// encodings' split patterns: an opening piece is a capitalised word ("River"), every later piece a
// space and a lowercase word (" river"). Byte-pair merges never cross pre-tokens, so no two pieces
// can merge. Each piece also holds exactly one word start and no other whitespace, which is how
// the k6 harness counts tokens in a chunk.
//
// Candidates come from the tokenizers' ranks; the list below only keeps out word fragments such as
// " pro" or " ing", which are tokens but do not read as words. The output is deterministic.
//
// Usage (from packages/core): node scripts/generate-pieces.mjs [--check]
//   --check  exits 1 when the committed file differs from what the ranks produce.

import { readFileSync, writeFileSync } from 'node:fs';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';

const OUTPUT_PATH = new URL('../src/tokens/pieces.generated.ts', import.meta.url);

/** Common English words (letters only); the ranks decide which of them become pieces. */
const COMMON_WORDS = `
a ability able about above absence accept access accident account achieve acid across act action
active actually adapt add address admit adult adventure advice affect afraid after afternoon again
against age agency agent ago agree agreement ahead air airport alive all allow almost alone along
already also although always among amount analysis ancient and angle animal ankle another answer any
anyone anything anyway apart appeal appear apple apply approach area argue arm army around arrange
arrival arrive art article artist as ask aspect assist assume at atom attack attention attorney
audience author authority autumn available average avoid awake award aware away baby back bad bag
balance ball balloon band bank bar barely base basic basis basket battle be beach bean bear beat
beautiful beauty because become bed beef before begin behavior behind believe bell belong belt bench
bend benefit best bet better between beyond bicycle big bill billion biology bird birth bit black
blade blank blanket blend blind block blood bloom blue board boat body bold bone bonus book border
born boss both bottle bottom bowl box boy brain branch brave bread break breath brick bridge brief
bright bring broad brother brown brush bubble bucket budget build building bunch burden burn
business but butter button buy by cabin cable cake calendar call calm camera camp campaign can canal
cancel cancer candle capable capital captain capture car carbon card care career careful cargo
carpet carry case cash castle cat catch cattle cause ceiling cell center central century certain
certainly chain chair chalk challenge chance change chapter character charge cheap check cheese
chest chicken chief child chip chocolate choice choose church circle citizen city civil claim class
classic clay clean clear clearly client cliff climate climb clinic clock close clothes cloud club
cluster coach coast coat coffee coin cold collect collection college color column combine come
comfort command comment commerce common community compact company compare compete complete complex
computer concept concern concert condition conference confirm connect consider constant consumer
contact contain content contest context continue contract control convert cook cool copy core corn
corner correct cost cottage cotton couch could council count country county couple courage course
court cousin cover cow craft crash cream create creative creature credit crew crime crisp crop cross
crowd crown crucial crystal cultural culture cup curious current curtain curve custom customer cut
cycle daily damage dance danger dark data daughter dawn day dead deal dear death debate debt decade
decent decide decision deck declare decline deep defense define degree delay delight deliver demand
democratic dense deny depend deposit depth describe desert design desk despite detail detect
determine develop development device diamond die diet difference different difficult digital dinner
direct direction director dirt discover discuss discussion disease display distance distant divide
do doctor document dog dollar domain donate door double down dozen draft dragon drama draw drawer
dream dress drift drill drink drive driver drop drug drum dry during dust duty each eager eagle ear
early earn earth ease east easy eat echo economic economy edge edit education effect effective
effort egg eight either elder election element elephant elevator elite else embrace emerge employee
empty enable end energy engage engine enhance enjoy enormous enough ensure enter entire entry
environment episode equal equipment era error escape especially essay establish estate ethics even
evening event ever every everybody everyone everything evidence evil evolve exact exactly exam
example excellent exchange excited execute exercise exist exit expand expect expense experience
expert explain explore export express extend extra eye fabric face fact factor fail faith fall false
family famous fancy far farm fashion fast father fault favor fear feather feature federal fee feel
feeling fence festival few fiber fiction field fight figure file fill film filter final finally
financial find fine finger finish fire firm first fish fit five fix flag flame flash flat flavor
fleet flight float flood floor flow flower fluid fly focus fog fold folk follow font food foot for
force foreign forest forever forget fork form formal former formula fortune forum forward fossil
four frame free fresh fridge friend from front frost frozen fruit fuel full fun function fund funny
furniture future gallery game gap garage garden gas gate gather gear gene general generation genius
gentle genuine get giant gift girl give glad glance glass global glove glow go goal gold good
government grace grade grain grand grant grape grass grave gravity gray great green grid grief grip
ground group grow growth guard guess guest guide guitar gun guy habit hair half hall hammer hand
handle hang happen happy harbor hard harm harvest hat have hazard he head health hear heart heat
heaven heavy height hello help her here hero herself hidden high highway hill him himself hint his
history hit hobby hold hole holiday hollow home honest honey honor hook hope horizon horse hospital
host hot hotel hour house how however huge human humor hundred hunt hurry husband ice icon idea
ideal identify if ignore illegal image imagine immune impact import important impress improve in
inch include including income increase indeed index indicate individual industry infant information
initial inner input insect inside insight inspire install instance instant instead institution
intense interest interesting internal international interview into invest investment invite involve
iron island issue it item its itself jacket jeans jewel job join joint joke journal journey joy
judge juice jump jungle junior jury just justice keep kettle key keyboard kick kid kill kind king
kingdom kiss kitchen kite knee knife knock know knowledge label labor ladder lake lamp land language
laptop large laser last late later laugh law lawyer lay layer lazy lead leader leaf league lean
learn least leave left leg legal lemon lend lens less lesson let letter level liberty library lie
life lift light like likely limit line linen lion liquid list listen little live load loan lobby
local lock logic lonely long look loop lose loss lot loud love low lucky lunch luxury machine
magazine magic mail main maintain major majority make man manage management manager manner manual
many map marble margin marine market marriage mask mass master match material matter may maybe me
meal mean measure meat medal media medical meet meeting melody melt member memory mention menu mercy
merit mess message metal method metro middle midnight might mild military milk mill million mind
mineral minor minute mirror miss mission mixture mobile mode model modern moment money month moon
moral more morning most mother motion motor mount mountain mouth move movement movie much mud muscle
museum music must mutual my myself mystery name narrow nation national native natural nature navy
near nearly necessary neck need needle neither nerve nest net network neutral never new news
newspaper next nice night nine no noble noise none nor normal north not note nothing notice novel
now number nurse nut object obvious occasion occur ocean odd of off offer office officer official
often oil ok old olive on once one online only onto open operation opinion opportunity option or
orange orbit order organ organization origin other others our out outcome outside oven over owl own
owner oxygen pace package pad page pain painting palace panel panic paper parade parallel parent
park parking part participant particular particularly partner party pass past patch path patient
pattern pay peace peak pen pencil people pepper per perfect perform performance perhaps period
permit person personal pet phase phone phrase physical piano pick picture piece pilot pine pink pipe
pitch pizza place plan planet plant plate platform play player please pleasure plenty pocket poem
poet poetry point police policy polish political politics pond pool poor pop popular population
portrait position positive possible pot potato pound powder power practice praise prayer premium
prepare present president pressure pretty prevent price pride prime print prior private prize
probably problem process produce product production professional professor profile profit program
project promise prompt proof proper property protect proud prove provide public pull pulse pump
pupil purple purpose push put puzzle quality quarter queen quest question quick quickly quiet quite
quote rabbit race radio rail rain raise random range rapid rare rate rather raw razor reach read
ready real reality realize really reason receive recent recently recipe recognize record red reduce
reflect region regular reject relate relationship relax release relief religious remain remember
remove rent repair repeat reply report represent require rescue research reserve resort resource
respect respond response responsibility rest result retail retire return reveal reward rhythm rice
rich ride right ring ripple rise risk ritual rival river road robot robust rock role roof room root
rope rough round route royal rubber rule run rural rush sack saddle safe sail salad salary salt same
sample sand satellite sauce save say scale scan scarf scene scheme school science scientist scope
score screen script sculpture sea season seat second secret section security see seed seek seem
segment select sell send senior sense sentence series serious serve service session set settle seven
several shade shadow shake shallow shape share sharp she shell shelter shield shift shine ship shirt
shock shoe shoot shop shore short shot should shoulder show side sign significant silent silk silver
similar simple simply since sing single sink sister sit site situation six size skill skin skirt sky
sleep slice slide slight slim slope slow small smart smell smile smooth snake snow so soap soccer
social society sock soft solar soldier solid solve some somebody someone something sometimes son
song soon sort soul sound soup source south southern space spare spark speak special specific speech
speed spell spend spider spin spirit split sponsor sport spot spray spring square stable stadium
staff stage stair stamp stand standard star start state statement station stay steady steam steel
stem step stick stiff still stock stone stop store storm story straight strange strategy straw
stream street strike string strip stroke strong structure student studio study stuff style subject
submit subtle success successful such sudden suddenly suffer suggest suit sum summer summit sun
super supply support sure surface surprise survey sweet swim swing symbol syntax system table tail
take talent talk tank tape target task taste tax tea teach teacher team technology television tell
temple ten tend tennis tent term test than thank that the their them theme themselves then theory
there these they thick thin thing think third this those though thought thousand thread threat three
throne through throughout throw thumb thus ticket tide tiger timber time tiny tip tissue title to
toast today together token tomato tone tongue tonight too tool tooth top topic torch total tough
tour toward tower town toy track trade traditional trail train training transfer trap travel
treasure treat treatment tree trend trial tribe trick trip trouble truck true trust truth try tube
tune tunnel turn turtle twenty twin two type uncle under understand uniform union unique unit
universe until up update upon upper urban urge us use useful usual usually vacuum valid valley value
vapor various vast vector vehicle velvet venture verse version very vessel victim video view village
vintage virus visit visual vital vivid voice volume vote voyage wage wagon wait walk wall wallet
wander want war warm warrior wash waste watch water wave way we wealth weapon wear weather web
wedding week weekend weight welcome well west western wet whale what whatever wheat wheel when where
whether which while whisper white who whole whom whose why wide wife wild will win wind window
winter wire wisdom wise wish with within without wolf woman wonder wonderful wood wool word work
worker world worry worth would wrap write writer wrong yard yeah year yellow yes yet yield you young
your yourself zone
`;

/** Same format as src/tokens/bpe-ranks.ts reads: "<label> <first rank> <base64 token> ...". */
function tokenSet(bpeRanks) {
  const tokens = new Set();
  for (const line of bpeRanks.split('\n')) {
    if (line === '') continue;
    for (const field of line.split(' ').slice(2)) tokens.add(atob(field));
  }
  return tokens;
}

function capitalise(word) {
  return word[0].toUpperCase() + word.slice(1);
}

function fail(message) {
  console.error(`generate-pieces: ${message}`);
  process.exit(1);
}

const encodings = [
  { name: 'cl100k_base', tokens: tokenSet(cl100kBase.bpe_ranks), encoder: new Tiktoken(cl100kBase) },
  { name: 'o200k_base', tokens: tokenSet(o200kBase.bpe_ranks), encoder: new Tiktoken(o200kBase) },
];
const isTokenInAll = (text) => encodings.every(({ tokens }) => tokens.has(text));

const words = [...new Set(COMMON_WORDS.split(/\s+/).filter(Boolean))].sort();
for (const word of words) if (!/^[a-z]+$/.test(word)) fail(`not a lowercase ASCII word: ${word}`);

const followingPieces = words.map((word) => ` ${word}`).filter(isTokenInAll);
const openingPieces = words
  .filter((word) => isTokenInAll(` ${word}`))
  .map(capitalise)
  .filter(isTokenInAll);

// Check the invariant with the reference encoder rather than trusting the argument above.
const sampleTexts = [
  [openingPieces[0], ...followingPieces],
  [openingPieces.at(-1), ...[...followingPieces].reverse()],
  ...openingPieces.map((opening, index) => [opening, followingPieces[index % followingPieces.length]]),
];
for (const { name, encoder } of encodings) {
  for (const piece of [...openingPieces, ...followingPieces]) {
    if (encoder.encode(piece, [], []).length !== 1) fail(`${JSON.stringify(piece)} is not one ${name} token`);
  }
  for (const pieces of sampleTexts) {
    const tokens = encoder.encode(pieces.join(''), [], []).length;
    if (tokens !== pieces.length) fail(`${pieces.length} pieces encode to ${tokens} ${name} tokens`);
  }
}

function arrayLiteral(strings) {
  const lines = [];
  let line = '';
  for (const literal of strings.map((text) => `'${text}',`)) {
    if (line.length + 1 + literal.length > 108) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? `  ${literal}` : `${line} ${literal}`;
  }
  if (line !== '') lines.push(line);
  return `[\n${lines.join('\n')}\n]`;
}

const source = `// Generated by scripts/generate-pieces.mjs from js-tiktoken's cl100k_base and o200k_base ranks.
// Do not edit: run \`node scripts/generate-pieces.mjs\` in packages/core instead.

/** Pieces that open a text: a capitalised word, one token in cl100k_base and o200k_base. */
export const OPENING_PIECES: readonly string[] = ${arrayLiteral(openingPieces)};

/** Pieces that follow: a space and a lowercase word, one token in cl100k_base and o200k_base. */
export const FOLLOWING_PIECES: readonly string[] = ${arrayLiteral(followingPieces)};
`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(OUTPUT_PATH, 'utf8');
  } catch {
    // A missing file differs like any other.
  }
  if (committed !== source)
    fail('src/tokens/pieces.generated.ts is out of date; run the script to regenerate it.');
  console.log(`pieces up to date: ${openingPieces.length} opening, ${followingPieces.length} following`);
} else {
  writeFileSync(OUTPUT_PATH, source);
  console.log(`wrote ${openingPieces.length} opening and ${followingPieces.length} following pieces`);
}
