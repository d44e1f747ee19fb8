/**
 * Detection settings: every threshold of docs/DETECTION.md's indicator table as a named, validated setting.
 * Follows sigma's settings triad: the interface, DEFAULT_DETECT_PARAMS, validateDetectParams, resolveDetectParams.
 * The resolved settings are recorded in full in each analysis run's params.
 */

import { DomainError } from "../../errors.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DetectParams {
  /** Seed of Louvain's random source: the same seed and data give the same communities. */
  seed: number;
  /** Louvain resolution on the hypothesis graph (lower: bigger communities). */
  resolution: number;
  /**
   * ISO country of the data's banks: ATMs, IBANs and BICs of other countries are "abroad". "auto" (default): the
   * country most of the data's accounts are in, or none when no account shows one (then nothing is foreign).
   */
  homeCountry: string;

  // R1 pass-through
  /**
   * How outflows are matched to inflows for dwell times: "lifo" (most recent money first; default, see
   * pass-through.ts for why) or "fifo" (earliest first, the tracing rule).
   */
  matching: "lifo" | "fifo";
  /** An inflow counts as forwarded when money leaves again within this time (FIFO). */
  passThroughWindowMs: number;
  /** Share of the inflow (over the account's pass-through span) forwarded within the window. */
  passThroughMinRatio: number;
  /** Median time from credit to the FIFO-matching debit must not exceed this. */
  maxDwellMs: number;
  /**
   * R6 for sole proprietors: private persons' money counts against a business account only when it moves on within
   * this median time. A rented account passes it on within hours; a shop pays its suppliers the next day or later.
   */
  soleProprietorMaxDwellMs: number;
  /**
   * Inflow forwarded within the window must reach the amount at this quantile of the data's own transfer amounts for
   * an account to be a pass-through account: a floor relative to the data, so the same value works in any currency
   * (0.33: about 20 000 KZT in a Kazakh bank's register, where a third of all transfers are smaller).
   */
  minPassThroughAmountQuantile: number;
  /** An inflow is part of the pass-through span when at least this share of it was forwarded within the window. */
  passedInflowMinShare: number;

  // R2 victim fan-in
  /** Distinct first-time senders of forwarded inflows within fanInWindowMs that make a fan-in. */
  fanInMin: number;
  /** The window in which those first-time senders are counted. */
  fanInWindowMs: number;
  /**
   * An account whose pass-through span covers at least this share of the data's period forwards steadily (a
   * business paying its suppliers): its first-time senders are new clients, no fan-in evidence.
   */
  steadyFlowMinShare: number;
  /** A reported victim's transfer counts from this long before the incident time (clock skew, late incident). */
  victimIncidentSlackMs: number;
  /** Without an incident time, a reported victim's transfers count up to this long before registration. */
  victimLookbackMs: number;
  /** With an incident time, a reported victim's transfers count up to this long after it (schemes run for weeks). */
  victimWindowMs: number;
  /** An account that has not passed money on is a suspect holding victims' money with this many reported victims… */
  holderMinVictims: number;
  /** …whose transfers are at least this share of everything it received from the first to the last of them. */
  holderMinShare: number;
  /**
   * A reported victim's transfer counts only when it is at least this share of the reported loss, to a payee the
   * victim had not paid before the incident (a victim's groceries are not the scheme's money).
   */
  victimMinLossShare: number;

  // R3 rapid split
  /** A forwarded inflow is split when it leaves within this time… */
  rapidSplitWindowMs: number;
  /** …to at least this many distinct receivers. */
  rapidSplitMinOutflows: number;
  /** The split outflows must sum to at least this share of the inflow. */
  rapidSplitMinShare: number;

  // R4 cash-out hub
  /** Distinct suspects whose forwarded money a hub must receive (besides cashing out). */
  hubMinSources: number;
  /** Share of a hub's outflow that goes to exits (or to accounts that keep what suspects pay them). */
  hubMinExitShare: number;
  /**
   * R4's gather: forwarded money from this many distinct pass-through accounts earns points, and a suspect that
   * gathers from this many suspects and pays none is a hub even when no exit is known.
   */
  hubGatherMin: number;
  /** A pass-through account feeds a funnel when it forwards at least this share of its outflow into it… */
  funnelMinShare: number;
  /**
   * …unless it has a clientele: at least this many senders, none of them passing money on itself, each of whom paid
   * it `clienteleMinPayments` times or more (a business paying its suppliers what its clients pay it; thirteenth
   * pass, docs/DETECTION-HISTORY.md).
   */
  clienteleMin: number;
  /** How many payments make a sender one of an account's clientele. */
  clienteleMinPayments: number;

  // R5 exits
  /** Share of an account's outflow to exits that counts as cashing out. */
  exitShareMin: number;
  /**
   * Without a watch-list: an account that keeps what it receives and takes at least sinkMinShare of the outflow of
   * each of at least sinkMinPayers suspects is treated as an exit.
   */
  sinkMinShare: number;
  /** How many suspects must each pay such an account sinkMinShare of their outflow. */
  sinkMinPayers: number;

  // Organisers
  /** Distinct drops / hubs an organiser receives money from, or shares identifiers with. */
  organiserMinSources: number;
  /** …or this many separate small payments from suspects (a cut taken again and again). */
  organiserMinCuts: number;
  /** An organiser keeps a cut: at most this share of a source's outflow. */
  organiserMaxCutShare: number;

  // R10 remote-access loan
  /**
   * Payment purposes of loan disbursements (a case-insensitive regular expression). An account that passes on
   * mostly loan money it just received is a remote-access loan victim, not a drop.
   */
  loanPurposePattern: string;

  // R6 new or rented account
  /** An account whose pass-through span starts within this time of its first activity is new (opened for it). */
  newAccountMs: number;
  /** Silence of at least this long before the pass-through span makes a dormant account woken for it. */
  dormantMs: number;

  // R7 shared identifiers
  /** Devices, phones, cards and owners used by more accounts than this are ignored (a shared office, a shop till). */
  sharedIdMaxAccounts: number;
  /** IP addresses used by more accounts than this are public (a carrier's NAT address) and ignored. */
  sharedIpMaxAccounts: number;

  // R11 test payment
  /**
   * A test payment is at most the amount at this quantile of the data's own transfer amounts (among its smallest:
   * 0.01 is about 1 000 KZT in a Kazakh bank's register, a dollar or two in a US one), to a payee paid for the first
   * time…
   */
  testPaymentMaxAmountQuantile: number;
  /** …followed by a larger payment to the same payee within this time. */
  testPaymentWindowMs: number;
  /** The following transfer must be at least this many times the test payment. */
  testPaymentMinFactor: number;

  // R12 structuring
  /**
   * The reporting thresholds that structured transfers stay just below, per currency ("KZT 1000000, USD 10000"); a
   * transfer is compared in its own currency. Not relative to the data on purpose: a threshold is set by law in a
   * currency (Kazakhstan's financial monitoring threshold, the US currency transaction report at USD 10 000, the EU's
   * EUR 10 000), and structuring is staying below that number whatever the data's amounts. A currency not listed has
   * no structuring evidence.
   */
  structuringThresholds: string;
  /** Transfers within this share below the threshold count (0.1: 900 000–999 999 for 1 000 000). */
  structuringBand: number;
  /** Transfers just below the threshold within structuringWindowMs that make structuring. */
  structuringMinCount: number;
  /** The window of those transfers. */
  structuringWindowMs: number;

  // Typologies on the time-ordered transfer graph (issue 16; docs/DETECTION.md § 2). Amount thresholds are
  // shares and quantiles of the data's own amounts, never sums in one currency.
  /**
   * A pair of accounts with more transfers than this is a relationship (rent, family), not a scheme's edge; fans, stacks
   * and the forwarding signature count them both ways (friends who split bills).
   */
  schemePairMaxTransfers: number;
  /** Longest time money may stay in an account between coming in and going on in one forwarding hop. */
  hopMaxDwellMs: number;
  /** A forwarding hop passes on at least (1 − hopMaxCut) of what came in (a cut kept)… */
  hopMaxCut: number;
  /** …and at most (1 + hopMaxExcess) of it. */
  hopMaxExcess: number;
  /**
   * Transfers smaller than this quantile of the data's own amounts take part in no scheme (everyday payments: a
   * scheme moves sums that matter). A quantile, so the same value works in any currency.
   */
  hopMinAmountQuantile: number;
  /** Forwarding hops in a row that make a layering chain (A→B→C→D is 2). */
  chainMinLinks: number;
  /**
   * Forwarding hops in a row that make a layering chain when its first transfer is below the amount floor
   * (hopMinAmountQuantile; hops go down to a quarter of it): everyday sums passed on by chance make short chains, a
   * long run of them within hopMaxDwellMs per hop is a scheme moving small sums.
   */
  chainLowMinLinks: number;
  /**
   * A chain of everyday sums (below the amount floor, hops down to a quarter of it) whose every hop passes the money
   * on within this time needs only chainMinLinks: chance passes a sum on within hours twice in a row rarely.
   */
  chainFastDwellMs: number;
  /** …when its first transfer reaches this quantile of the data's amounts (petty sums passed on are shopping). */
  chainFastMinAmountQuantile: number;
  /** Longest cycle looked for, in transfers. */
  cycleMaxHops: number;
  /**
   * Fewest distinct accounts on a cycle: money lent and paid back, or sent to a relative and partly returned, is a
   * round trip between two accounts, not a laundering cycle.
   */
  cycleMinAccounts: number;
  /**
   * Distinct intermediaries between one source and one collector that make a scatter-gather; two do when the whole
   * shape falls within hopMaxDwellMs and its accounts deal with each other through it alone.
   */
  scatterGatherMin: number;
  /**
   * Longest period of one fan-in, fan-out or bipartite burst, and of a stack's slow layers (forwarders that pay on
   * up to this long after their last inflow; only three or more linked, all within this time).
   */
  burstWindowMs: number;
  /**
   * Distinct one-off counterparties within one burst window that make a fan-in or a fan-out. Below it on at least one
   * side, a forwarding account with unusual sums at both ends is a gather-scatter of a few accounts.
   */
  fanMin: number;
  /**
   * The median payment of a fan reaches at least this quantile of the data's amounts (a gather-scatter, whose passing
   * the money on is evidence of its own, only hopMinAmountQuantile).
   */
  fanMinAmountQuantile: number;
  /**
   * A fan whose payments all fall within this time is one batch run by a system (payroll, dividends, refunds), not
   * people moving money one transfer after another. A gather-scatter is judged as a whole: its hub passing the money
   * on to strangers over more than this time is no system's batch.
   */
  fanBatchMaxMs: number;
  /**
   * A fan's payments are out of the ordinary for the account at its centre, and each counterparty's for that
   * counterparty: at least this many times the median of the account's other transfers (an account with fewer than
   * three other transfers has no ordinary to compare with and passes). An employer's payday is what it always pays.
   */
  fanUnusualFactor: number;
  /**
   * …or the fan moves at least this many times the money of all the account's other transfers together (at least
   * three of them): a burst that dwarfs an account's whole history is out of the ordinary even when each payment is
   * the size of its salary. An employer's revenue comes in through the same account. Also a fan-out's pace: within
   * hopMaxDwellMs, this many times what the account's other outflows pay in the same time at their usual pace, to
   * more receivers than it paid in all the rest of the data (every receiver a member, the scheme floor enough). A
   * slower fan-out at that pace needs only the scheme floor too when it has fanMin receivers or more per hopMaxDwellMs
   * of its span (its members then the receivers for whom the sum stood out).
   */
  fanDwarfFactor: number;
  /**
   * A chain of one hop, a small gather or a split through an account with a life of its own counts when its sums are
   * this many times the usual ones of everyone in it: the forwarder's (what came in), each payer's and each receiver's
   * (those with three other transfers or more). A sum passed on for a friend or a relative is one they move now and
   * then; twenty times what all three usually move, passed on within days between strangers, is no errand. A hop
   * slower than hopMaxDwellMs (up to burstWindowMs) through an account with a life of its own counts when the sum is
   * this many times the forwarder's usual ones, a cut kept, and every receiver was opened for it at its bank.
   */
  hopDwarfFactor: number;
  /**
   * …or, kept a cut of, when its money came from accounts opened for it (three transfers or fewer in all the data, at
   * the forwarder's bank) and its sums are this many times the usual ones of the forwarder and of every receiver. A
   * savings account seldom used pays its owner's, who spends it as they always do; a payer that does nothing else,
   * passed on by someone who never moves such sums to someone who never gets them, is a scheme's source.
   */
  hopOpenedFactor: number;
  /** Most one-off counterparties a fan may have (beyond: a shop or a payroll, whatever its timing). */
  fanMax: number;
  /**
   * Below fanMin: this many one-off counterparties of an account within hopMaxDwellMs, each with fewer than three
   * other transfers in the whole data (accounts opened for it), paying it (or paid) sums unusual for it
   * (fanUnusualFactor), make a fan-in (fan-out). Strangers with no life of their own paying the same account within
   * days are no one's friends or customers. So do fanMin or more such counterparties that the fan rules did not take
   * (their sums below the fan floor), unless all within fanBatchMaxMs (a payday).
   */
  fanOpenedMin: number;
  /**
   * Below fanMin, counterparties with lives of their own: fanOpenedMin or more one-off receivers paid by one account
   * within hopMaxDwellMs, most of all it ever paid, each sum unusual for it and for the receiver (fanUnusualFactor),
   * make a fan-out when the sums' median reaches this quantile of the data's amounts. A fan of two is two payments:
   * relatives and friends pay each other sums of a few hundred now and then; a scheme's split of thousands stands
   * among the data's largest fifth (0.8; at fanMinAmountQuantile, 0.7, it flagged families' and own-account moves).
   * The same holds for a fan-in of two or more senders with lives of their own (its sums unusual for each sender and
   * for the account, most of all it ever received) when no sender passes on a collection (fanMin or more payers within
   * burstWindowMs before, most of the sum): two crowdfunding pots paid to one supplier look the same. A fan of fanMin
   * or more slower than hopMaxDwellMs that does not dwarf its centre's pace needs it too, and so does one of no more
   * than fanMin counterparties that does (three payments over weeks into an account that receives little else), unless
   * its sums are fanDwarfFactor times the centre's usual ones (docs/DETECTION.md, section 2). A centre that does
   * nothing else in the data (at most three transfers) needs only fanMinAmountQuantile, and sums unusual for it alone,
   * not for each counterparty too: families' and own-account moves come from accounts with lives.
   */
  fanPairMinAmountQuantile: number;
  /**
   * Below fanMin, fast, from a payer with a life of its own: fanOpenedMin or more one-off receivers within
   * chainFastDwellMs, each sum at least this quantile of the data's amounts and hopOpenedFactor times the payer's
   * usual ones, and far above the usual ones of at least one receiver, make a fan-out whatever else the payer moves:
   * a large sum split among strangers within hours. Not a fan-in: friends paying back a shared bill look the same.
   */
  fanFastMinAmountQuantile: number;
  /**
   * A fan-in that dwarfs its centre's pace (within hopMaxDwellMs, fanDwarfFactor times what its other inflows bring in
   * that time, from more senders than paid it in all the rest of the data) counts when at least this share of its
   * senders with lives of their own (three other transfers or more; counted as fanMin when fewer) paid a sum unusual
   * for them (fanUnusualFactor): donors to a collection pay what they usually pay, a scheme's payers move sums out of
   * their ordinary (senders with no history prove nothing either way, so they count on neither side). The centre's
   * own amounts may then be anything (its salary, or a reused mule's other schemes). A slow fan-in that is
   * fanBurstMinShare only of what the account received over one-off pairs needs the same, or, with too few senders
   * with lives to say, those senders and the senders opened for it (three transfers or fewer in all) making this share
   * of all its senders.
   */
  fanInUnusualShare: number;
  /**
   * A fan is at least this share of all the money the account ever received (fan-in) or paid (fan-out), and a
   * bipartite sender's block receivers at least this share of everyone it paid: a merchant's or employer's steady
   * flow over the whole data is no burst. A gather-scatter's fan may instead bring fanUnusualFactor times what the
   * hub's other inflows bring in the same time at their usual pace (a mule with a salary: strangers' thousands within
   * hours against a monthly pay). A fan-in may instead be this share of what the account received over one-off pairs
   * at all, its salary and standing payments left out: strangers' thousands over days are most of what strangers
   * ever paid a mule, however large its pay.
   */
  fanBurstMinShare: number;
  /**
   * The burst's amounts must be this regular: the ratio of the largest to the smallest after dropping the extreme
   * tenth on each side (schemes split a sum into similar parts; shoppers and donors pay anything).
   */
  fanMaxAmountSpread: number;
  /**
   * At most this share of a fan's counterparties may have paid or been paid by another of them: a family or a team
   * paying one of theirs is a group that deals with itself; a scheme's sources do not know each other. One payment of
   * fanPairMinAmountQuantile or more between two of them, and nothing else, does not link them: mules reused across
   * schemes pay each other such a sum once; relatives deal in everyday sums or again and again.
   */
  fanMaxLinkedShare: number;
  /** Gather-scatter: at least this share of the burst's inflow leaves again after it, within hopMaxDwellMs… */
  gatherScatterMinShare: number;
  /**
   * …the hub's outflows after the fan counted in time order up to this share of it (what it pays after that is its
   * own money or another scheme's: a salary spent, a second use of the account)…
   */
  gatherScatterMaxShare: number;
  /** …split over at least this many receivers. */
  gatherScatterMinReceivers: number;
  /**
   * Forwarding accounts linked by common payers and payees that make a stack: two is what a victim moving money
   * through their own second account into a drop's looks like.
   */
  stackMinForwarders: number;
  /** Bipartite: at least this many senders each paying at least this many of the same receivers. */
  bipartiteMin: number;
  /**
   * A bipartite block whose senders have business of their own (not mostly the block's) still counts when all its
   * transfers fall within this time and it has more than bipartiteMin senders and receivers, or its accounts never
   * dealt with each other otherwise (strangers: no money back, none among the senders or the receivers):
   * concentrated in time rather than in the senders' books. Families paying each other for months make 2 × 2 blocks
   * over the whole data.
   */
  bipartiteBurstMs: number;
  /**
   * Strangers' networks (typologies/strangers.ts): an account with a standing relationship (a counterparty it deals
   * with again and again) deals with strangers out of the ordinary when the counterparties it dealt with only once
   * (one transfer, both ways together) are at least this many times the data's share of pairs that dealt only once.
   * Where most pairs deal once (shops, errands) no account reaches it.
   */
  strangersFactor: number;
  /**
   * …and such accounts joined by one-off transfers make a network of this many accounts or more (a fan of two and its
   * centre at least)…
   */
  strangersMinAccounts: number;
  /** …and at most this many (a larger web of one-off dealings is how the data's trade looks, not one scheme). */
  strangersMaxAccounts: number;

  // Decisions and clusters
  /** Evidence points an account needs to be called a drop or hub (its score is then at least this too). */
  minDropScore: number;
  /**
   * Points a pass-through account must earn on its own (without links) before forwarding money to or from it
   * counts as a link to a likely suspect: a payroll account topped up just before payday has none beyond R1.
   */
  candidateLinkMinScore: number;
  /** Hypothesis-graph weight of one forwarding link between two suspects. */
  flowWeight: number;
  /** Hypothesis-graph weight of one identifier two suspects share. */
  identifierWeight: number;
  /** Communities smaller than this are reported as suspects without a cluster. */
  minClusterSize: number;

  // The learned scorer (learned/; docs/DETECTION.md § "The learned scorer")
  /**
   * Run the learned scorer after the rules: an account the rules left ordinary whose model probability reaches the
   * threshold chosen on generated validation worlds (learned/model.json) is flagged too, with the model's reasons.
   */
  learnedScorer: boolean;

  // Stragglers (stragglers/; docs/DETECTION.md § "Stragglers")
  /**
   * After the rules, score the small episodes that touch an account they flagged (two or three transfers over one-off
   * pairs: a chain, a gather, a fan of two) with the stragglers' model (stragglers/model.json): an account the rules
   * left ordinary that the money reached or that passed it on, in an episode at or above the model's threshold, is
   * flagged too, with the episode as its reason.
   */
  stragglers: boolean;

  // The data as a whole (data-profile.ts; docs/DETECTION.md § 10, "Thin history")
  /**
   * When more than this share of the accounts that transferred dealt with no counterparty twice (both directions
   * together), the run carries a caveat: the rules that compare a sum with an account's usual ones and its pace have
   * little history to go on. AMLSim's registers of 60 to 120 days: 31–53%, where 11–29% of flags were right; of 180
   * days and more: 8% or less, where 99–100% were; our generated worlds 0.1–6%. It changes no flag.
   */
  thinHistoryShare: number;

  // Reasons (typology-roles.ts)
  /**
   * At most this many shapes of one typology are told in an account's reasons (those it collects in first, then the
   * largest); the rest of that typology is one line that counts them and their transfers. Every shape still counts
   * towards the score.
   */
  reasonsPerTypology: number;
}

export const DEFAULT_DETECT_PARAMS: DetectParams = Object.freeze({
  seed: 42,
  resolution: 0.5,
  homeCountry: "auto",
  matching: "lifo",
  passThroughWindowMs: 72 * HOUR,
  passThroughMinRatio: 0.8,
  maxDwellMs: 24 * HOUR,
  soleProprietorMaxDwellMs: 12 * HOUR,
  minPassThroughAmountQuantile: 0.33,
  passedInflowMinShare: 0.5,
  fanInMin: 3,
  fanInWindowMs: 72 * HOUR,
  steadyFlowMinShare: 0.75,
  victimIncidentSlackMs: DAY,
  victimLookbackMs: 90 * DAY,
  victimWindowMs: 30 * DAY,
  holderMinVictims: 3,
  holderMinShare: 0.8,
  victimMinLossShare: 0.05,
  rapidSplitWindowMs: 24 * HOUR,
  rapidSplitMinOutflows: 2,
  rapidSplitMinShare: 0.8,
  hubMinSources: 1,
  hubMinExitShare: 0.5,
  hubGatherMin: 3,
  funnelMinShare: 0.3,
  clienteleMin: 3,
  clienteleMinPayments: 3,
  exitShareMin: 0.5,
  sinkMinShare: 0.2,
  sinkMinPayers: 2,
  organiserMinSources: 2,
  organiserMinCuts: 2,
  organiserMaxCutShare: 0.25,
  loanPurposePattern: "кредит|займ|несие|loan|credit",
  newAccountMs: 30 * DAY,
  dormantMs: 21 * DAY,
  sharedIdMaxAccounts: 10,
  sharedIpMaxAccounts: 30,
  testPaymentMaxAmountQuantile: 0.01,
  testPaymentWindowMs: 24 * HOUR,
  testPaymentMinFactor: 20,
  structuringThresholds: "KZT 1000000, USD 10000, EUR 10000",
  structuringBand: 0.1,
  structuringMinCount: 3,
  structuringWindowMs: 24 * HOUR,
  schemePairMaxTransfers: 2,
  hopMaxDwellMs: 4 * DAY,
  hopMaxCut: 0.2,
  hopMaxExcess: 0.02,
  hopMinAmountQuantile: 0.6,
  chainMinLinks: 2,
  chainLowMinLinks: 4,
  chainFastDwellMs: 12 * HOUR,
  chainFastMinAmountQuantile: 0.5,
  cycleMaxHops: 12,
  cycleMinAccounts: 3,
  scatterGatherMin: 3,
  burstWindowMs: 30 * DAY,
  fanMin: 3,
  fanMax: 60,
  fanOpenedMin: 2,
  fanPairMinAmountQuantile: 0.8,
  fanFastMinAmountQuantile: 0.9,
  fanInUnusualShare: 0.5,
  fanMinAmountQuantile: 0.7,
  fanUnusualFactor: 3,
  fanDwarfFactor: 10,
  hopDwarfFactor: 20,
  hopOpenedFactor: 5,
  fanBatchMaxMs: 15 * 60_000,
  fanBurstMinShare: 0.6,
  fanMaxAmountSpread: 4,
  fanMaxLinkedShare: 0.25,
  gatherScatterMinShare: 0.7,
  gatherScatterMaxShare: 1.1,
  gatherScatterMinReceivers: 2,
  stackMinForwarders: 3,
  bipartiteMin: 2,
  bipartiteBurstMs: 15 * DAY,
  strangersFactor: 3,
  strangersMinAccounts: 3,
  strangersMaxAccounts: 60,
  minDropScore: 50,
  candidateLinkMinScore: 40,
  flowWeight: 1,
  identifierWeight: 1,
  minClusterSize: 2,
  learnedScorer: false,
  stragglers: true,
  thinHistoryShare: 0.25,
  reasonsPerTypology: 3,
});

/**
 * Bad detection settings (an unknown name, a value out of range). Carries every problem found, each also as a field
 * named by its setting (`details.fields`, path `maxHops`), so the API can name it inside the request's body.
 */
export class DetectParamsError extends DomainError {
  override name = "DetectParamsError";
  constructor(readonly problems: string[]) {
    super("validation_failed", `analytics/detect: invalid settings: ${problems.join("; ")}`, {
      fields: problems.map((problem) => ({ path: settingOf(problem), message: problem })),
    });
  }
}

/** The setting a problem is about: problems start with its name or quote it (`unknown setting "x"`); "" if none. */
function settingOf(problem: string): string {
  return /^(?:unknown )?setting "([^"]+)"/.exec(problem)?.[1] ?? /^(\w+)/.exec(problem)?.[1] ?? "";
}

type Rule = {
  kind:
    | "int"
    | "number"
    | "ratio"
    | "duration"
    | "positive"
    | "country"
    | "matching"
    | "pattern"
    | "thresholds"
    | "flag";
};

const RULES: Record<keyof DetectParams, Rule["kind"]> = {
  seed: "int",
  resolution: "positive",
  homeCountry: "country",
  matching: "matching",
  passThroughWindowMs: "duration",
  passThroughMinRatio: "ratio",
  maxDwellMs: "duration",
  soleProprietorMaxDwellMs: "duration",
  minPassThroughAmountQuantile: "ratio",
  passedInflowMinShare: "ratio",
  fanInMin: "int",
  fanInWindowMs: "duration",
  steadyFlowMinShare: "ratio",
  victimIncidentSlackMs: "duration",
  victimLookbackMs: "duration",
  victimWindowMs: "duration",
  holderMinVictims: "int",
  holderMinShare: "ratio",
  victimMinLossShare: "ratio",
  rapidSplitWindowMs: "duration",
  rapidSplitMinOutflows: "int",
  rapidSplitMinShare: "ratio",
  hubMinSources: "int",
  hubMinExitShare: "ratio",
  hubGatherMin: "int",
  funnelMinShare: "ratio",
  clienteleMin: "int",
  clienteleMinPayments: "int",
  exitShareMin: "ratio",
  sinkMinShare: "ratio",
  sinkMinPayers: "int",
  organiserMinSources: "int",
  organiserMinCuts: "int",
  organiserMaxCutShare: "ratio",
  loanPurposePattern: "pattern",
  newAccountMs: "duration",
  dormantMs: "duration",
  sharedIdMaxAccounts: "int",
  sharedIpMaxAccounts: "int",
  testPaymentMaxAmountQuantile: "ratio",
  testPaymentWindowMs: "duration",
  testPaymentMinFactor: "positive",
  structuringThresholds: "thresholds",
  structuringBand: "ratio",
  structuringMinCount: "int",
  structuringWindowMs: "duration",
  schemePairMaxTransfers: "int",
  hopMaxDwellMs: "duration",
  hopMaxCut: "ratio",
  hopMaxExcess: "ratio",
  hopMinAmountQuantile: "ratio",
  chainMinLinks: "int",
  chainLowMinLinks: "int",
  chainFastDwellMs: "duration",
  chainFastMinAmountQuantile: "ratio",
  cycleMaxHops: "int",
  cycleMinAccounts: "int",
  scatterGatherMin: "int",
  burstWindowMs: "duration",
  fanMin: "int",
  fanMax: "int",
  fanOpenedMin: "int",
  fanPairMinAmountQuantile: "ratio",
  fanFastMinAmountQuantile: "ratio",
  fanInUnusualShare: "ratio",
  fanMinAmountQuantile: "ratio",
  fanUnusualFactor: "positive",
  fanDwarfFactor: "positive",
  hopDwarfFactor: "positive",
  hopOpenedFactor: "positive",
  fanBatchMaxMs: "duration",
  fanBurstMinShare: "ratio",
  fanMaxAmountSpread: "positive",
  fanMaxLinkedShare: "ratio",
  gatherScatterMinShare: "ratio",
  gatherScatterMaxShare: "positive",
  gatherScatterMinReceivers: "int",
  stackMinForwarders: "int",
  bipartiteMin: "int",
  bipartiteBurstMs: "duration",
  strangersFactor: "positive",
  strangersMinAccounts: "int",
  strangersMaxAccounts: "int",
  minDropScore: "number",
  candidateLinkMinScore: "number",
  flowWeight: "positive",
  identifierWeight: "number",
  minClusterSize: "int",
  learnedScorer: "flag",
  stragglers: "flag",
  thinHistoryShare: "ratio",
  reasonsPerTypology: "int",
};

function problemOf(name: string, kind: Rule["kind"], value: unknown): string | null {
  if (kind === "country") {
    return typeof value === "string" && (/^[A-Z]{2}$/.test(value) || value === "auto")
      ? null
      : `${name} must be a two-letter ISO country code such as "KZ" or "auto", got ${JSON.stringify(value)}`;
  }
  if (kind === "pattern") {
    if (typeof value !== "string")
      return `${name} must be a regular expression as a string, got ${JSON.stringify(value)}`;
    try {
      new RegExp(value, "i");
      return null;
    } catch (err) {
      return `${name} is not a valid regular expression: ${(err as Error).message}`;
    }
  }
  if (kind === "thresholds") {
    if (typeof value !== "string")
      return `${name} must be a list such as "KZT 1000000, USD 10000", got ${JSON.stringify(value)}`;
    try {
      parseThresholds(value);
      return null;
    } catch (err) {
      return `${name}: ${(err as Error).message}`;
    }
  }
  if (kind === "flag") {
    return typeof value === "boolean" ? null : `${name} must be true or false, got ${JSON.stringify(value)}`;
  }
  if (kind === "matching") {
    return value === "lifo" || value === "fifo"
      ? null
      : `${name} must be "lifo" or "fifo", got ${JSON.stringify(value)}`;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return `${name} must be a finite number, got ${JSON.stringify(value)}`;
  }
  switch (kind) {
    case "int":
      return Number.isInteger(value) && value >= 0
        ? null
        : `${name} must be a whole number ≥ 0, got ${value}`;
    case "ratio":
      return value >= 0 && value <= 1 ? null : `${name} must be between 0 and 1, got ${value}`;
    case "duration":
      return value >= 0 ? null : `${name} must be a duration in milliseconds ≥ 0, got ${value}`;
    case "positive":
      return value > 0 ? null : `${name} must be greater than 0, got ${value}`;
    case "number":
      return value >= 0 ? null : `${name} must be ≥ 0, got ${value}`;
  }
}

/** Settings that were amounts in KZT, by the name of the setting relative to the data that replaced each. */
const REPLACED: Readonly<Record<string, string>> = {
  minPassThroughKzt: "minPassThroughAmountQuantile (a quantile of the data's own amounts)",
  testPaymentMaxKzt: "testPaymentMaxAmountQuantile (a quantile of the data's own amounts)",
  structuringThresholdKzt: 'structuringThresholds (per currency, e.g. "KZT 1000000, USD 10000")',
};

/**
 * Read a list of reporting thresholds ("KZT 1000000, USD 10000": a currency code and an amount in that currency, comma
 * separated) into a map by currency. Throws a plain Error naming what was wrong (the caller adds the setting's name).
 */
export function parseThresholds(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of text.split(",")) {
    if (!item.trim()) continue;
    const m = /^\s*([A-Za-z]{3})\s+(\d+(?:\.\d+)?)\s*$/.exec(item);
    if (!m || !(Number(m[2]) > 0))
      throw new Error(
        `"${item.trim()}" is not a currency code and an amount greater than 0, such as "USD 10000"`,
      );
    out.set(m[1].toUpperCase(), Number(m[2]));
  }
  return out;
}

/** Check complete settings; throws DetectParamsError listing every problem. */
export function validateDetectParams(params: DetectParams): void {
  const problems: string[] = [];
  for (const name of Object.keys(params)) {
    if (name in REPLACED) problems.push(`setting "${name}" was replaced by ${REPLACED[name]}`);
    else if (!(name in RULES)) problems.push(`unknown setting "${name}"`);
  }
  for (const [name, kind] of Object.entries(RULES) as [keyof DetectParams, Rule["kind"]][]) {
    const p = problemOf(name, kind, params[name]);
    if (p) problems.push(p);
  }
  if (problems.length) throw new DetectParamsError(problems);
}

/** Defaults overlaid with the given settings (undefined values ignored), validated. */
export function resolveDetectParams(partial: Partial<DetectParams> = {}): DetectParams {
  const merged: Record<string, unknown> = { ...DEFAULT_DETECT_PARAMS };
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) merged[k] = v;
  const params = merged as unknown as DetectParams;
  validateDetectParams(params);
  return params;
}
