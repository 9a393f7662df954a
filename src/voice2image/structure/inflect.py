"""English inflection: plurals, -ing forms, past forms, comparatives.

The Russian translator inflects its English glosses with it, the syntax structurer pluralises a
repaired subject, and the prompt builder names counted subjects.

Regular rules plus the irregular forms of common English; multi-word glosses inflect their head
(the last word of a noun phrase, or the word before "of"; the first word of a verb phrase).
"""

from __future__ import annotations

import re

_IRREGULAR_PLURALS = {
    "man": "men",
    "woman": "women",
    "child": "children",
    "person": "people",
    "mouse": "mice",
    "goose": "geese",
    "tooth": "teeth",
    "foot": "feet",
    "ox": "oxen",
    "louse": "lice",
    "leaf": "leaves",
    "wolf": "wolves",
    "knife": "knives",
    "wife": "wives",
    "life": "lives",
    "shelf": "shelves",
    "calf": "calves",
    "half": "halves",
    "loaf": "loaves",
    "thief": "thieves",
    "elf": "elves",
    "self": "selves",
    "scarf": "scarves",
    "hoof": "hooves",
    "dwarf": "dwarves",
    "cactus": "cacti",
    "fungus": "fungi",
    "octopus": "octopuses",
    "cherub": "cherubs",
    "fish": "fish",
    "sheep": "sheep",
    "deer": "deer",
    "moose": "moose",
    "reindeer": "reindeer",
    "bison": "bison",
    "salmon": "salmon",
    "trout": "trout",
    "carp": "carp",
    "pike": "pike",
    "aircraft": "aircraft",
    "samurai": "samurai",
    "ninja": "ninjas",
    "series": "series",
    "species": "species",
    "swiss": "swiss",
    "potato": "potatoes",
    "tomato": "tomatoes",
    "hero": "heroes",
    "volcano": "volcanoes",
    "mosquito": "mosquitoes",
    "echo": "echoes",
    "buffalo": "buffaloes",
    "torpedo": "torpedoes",
    "crisis": "crises",
    "oasis": "oases",
    "phenomenon": "phenomena",
    "criterion": "criteria",
    "die": "dice",
}
# Heads of "X of Y" nouns inflect before "of": "lily of the valley" -> "lilies of the valley".
_OF = re.compile(r"^(\S+)( of .*)$")

_IRREGULAR_VERBS = {  # base: (past, past participle)
    "be": ("was", "been"),
    "have": ("had", "had"),
    "do": ("did", "done"),
    "go": ("went", "gone"),
    "sit": ("sat", "sat"),
    "stand": ("stood", "stood"),
    "lie": ("lay", "lain"),
    "run": ("ran", "run"),
    "fly": ("flew", "flown"),
    "swim": ("swam", "swum"),
    "ride": ("rode", "ridden"),
    "drive": ("drove", "driven"),
    "draw": ("drew", "drawn"),
    "write": ("wrote", "written"),
    "make": ("made", "made"),
    "take": ("took", "taken"),
    "shoot": ("shot", "shot"),
    "light": ("lit", "lit"),
    "build": ("built", "built"),
    "break": ("broke", "broken"),
    "freeze": ("froze", "frozen"),
    "hide": ("hid", "hidden"),
    "forget": ("forgot", "forgotten"),
    "burn": ("burned", "burnt"),
    "fall": ("fell", "fallen"),
    "hang": ("hung", "hung"),
    "hold": ("held", "held"),
    "sing": ("sang", "sung"),
    "eat": ("ate", "eaten"),
    "drink": ("drank", "drunk"),
    "see": ("saw", "seen"),
    "grow": ("grew", "grown"),
    "throw": ("threw", "thrown"),
    "blow": ("blew", "blown"),
    "shine": ("shone", "shone"),
    "sink": ("sank", "sunk"),
    "spin": ("spun", "spun"),
    "weave": ("wove", "woven"),
    "wear": ("wore", "worn"),
    "tear": ("tore", "torn"),
    "feed": ("fed", "fed"),
    "lead": ("led", "led"),
    "leave": ("left", "left"),
    "find": ("found", "found"),
    "catch": ("caught", "caught"),
    "bring": ("brought", "brought"),
    "fight": ("fought", "fought"),
    "think": ("thought", "thought"),
    "buy": ("bought", "bought"),
    "sell": ("sold", "sold"),
    "tell": ("told", "told"),
    "say": ("said", "said"),
    "keep": ("kept", "kept"),
    "sleep": ("slept", "slept"),
    "sweep": ("swept", "swept"),
    "weep": ("wept", "wept"),
    "meet": ("met", "met"),
    "read": ("read", "read"),
    "put": ("put", "put"),
    "cut": ("cut", "cut"),
    "set": ("set", "set"),
    "hit": ("hit", "hit"),
    "let": ("let", "let"),
    "spread": ("spread", "spread"),
    "cast": ("cast", "cast"),
    "dig": ("dug", "dug"),
    "stick": ("stuck", "stuck"),
    "strike": ("struck", "struck"),
    "swing": ("swung", "swung"),
    "ring": ("rang", "rung"),
    "begin": ("began", "begun"),
    "come": ("came", "come"),
    "become": ("became", "become"),
    "give": ("gave", "given"),
    "get": ("got", "gotten"),
    "know": ("knew", "known"),
    "rise": ("rose", "risen"),
    "wake": ("woke", "woken"),
    "bite": ("bit", "bitten"),
    "beat": ("beat", "beaten"),
    "show": ("showed", "shown"),
    "sew": ("sewed", "sewn"),
    "knit": ("knitted", "knitted"),
    "paint": ("painted", "painted"),
    "dream": ("dreamed", "dreamt"),
    "bend": ("bent", "bent"),
    "send": ("sent", "sent"),
    "spend": ("spent", "spent"),
    "lose": ("lost", "lost"),
    "hear": ("heard", "heard"),
    "feel": ("felt", "felt"),
    "kneel": ("knelt", "knelt"),
    "lay": ("laid", "laid"),
    "pay": ("paid", "paid"),
    "can": ("could", "could"),
    "bake": ("baked", "baked"),
    "melt": ("melted", "melted"),
    "slide": ("slid", "slid"),
    "stride": ("strode", "stridden"),
    "fling": ("flung", "flung"),
    "cling": ("clung", "clung"),
    "overgrow": ("overgrew", "overgrown"),
    "undo": ("undid", "undone"),
}
_NO_DOUBLING = frozenset(
    {
        "open",
        "visit",
        "listen",
        "happen",
        "offer",
        "color",
        "flower",
        "water",
        "cover",
        "wander",
        "gather",
        "whisper",
        "order",
        "hover",
        "glitter",
        "flicker",
        "shimmer",
        "smolder",
        "travel",
        "model",
    }
)
_DOUBLING = frozenset(
    {
        "begin",
        "forget",
        "admit",
        "prefer",
        "refer",
        "occur",
        "control",
        "patrol",
        "regret",
        "permit",
        "equip",
    }
)
_VOWELS = "aeiou"
_IRREGULAR_COMPARATIVES = {
    "good": "better",
    "bad": "worse",
    "far": "farther",
    "little": "smaller",
    "many": "more",
    "much": "more",
    "few": "fewer",
}


def _split_head(phrase: str, head_first: bool) -> tuple[str, str, str]:
    """(before, head, after) of a multi-word gloss."""
    if head_first:
        head, _, rest = phrase.partition(" ")
        return "", head, (" " + rest if rest else "")
    match = _OF.match(phrase)
    if match:
        return "", match.group(1), match.group(2)
    before, _, head = phrase.rpartition(" ")
    return (before + " " if before else ""), head, ""


def _with_s(word: str) -> str:
    """The regular -s form, a plural noun's or a third-person verb's: "bus" -> "buses", "pony"
    -> "ponies", "fly" -> "flies", "cat" -> "cats"."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


# words ending in "man" that are not compounds of "man" and take -s
_MAN_NOT_COMPOUND = frozenset(
    {
        "human",
        "german",
        "shaman",
        "talisman",
        "caiman",
        "cayman",
        "ottoman",
        "roman",
        "doberman",
        "walkman",
        "pullman",
        "dolman",
        "brahman",
        "hetman",
        "ataman",
        "desman",
    }
)


# irregular plurals that a compound ending in them takes too; shorter ones ("elf", "ox",
# "louse") end words that are not compounds of them ("shelf", "box", "blouse")
_F_PLURALS = ("leaf", "wolf", "shelf", "calf", "loaf", "thief", "scarf", "hoof", "dwarf")


def _plural_word(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if "-" in word and not word.endswith("-"):
        before, _, last = word.rpartition("-")
        return f"{before}-{_plural_word(last)}"
    for singular_f in _F_PLURALS:
        if word.endswith(singular_f):  # headscarf, bookshelf, werewolf, cloverleaf
            return word[: -len(singular_f)] + _IRREGULAR_PLURALS[singular_f]
    if word.endswith("ife"):  # knife, housewife; but cafe, giraffe and safe take -s
        return word[:-2] + "ves"
    if word.endswith("man") and len(word) > 3 and word not in _MAN_NOT_COMPOUND:
        return word[:-3] + "men"  # fisherman, snowman, policewoman
    return _with_s(word)


def plural(noun: str) -> str:
    """English plural of a noun gloss (its head word)."""
    before, head, after = _split_head(noun, head_first=False)
    return before + _plural_word(head) + after


def noun_head(noun: str) -> str:
    """The word `plural` inflects: "bag of chips" -> "bag", "trauma shears" -> "shears"."""
    return _split_head(noun, head_first=False)[1]


def _is_cvc(word: str) -> bool:
    """One-syllable consonant-vowel-consonant words double their last letter: sit -> sitting."""
    if word in _DOUBLING:
        return True
    if word in _NO_DOUBLING or len(word) < 3:
        return False
    a, b, c = word[-3], word[-2], word[-1]
    vowels = sum(ch in _VOWELS for ch in word)
    return vowels == 1 and a not in _VOWELS and b in _VOWELS and c not in _VOWELS + "wxy"


def _ing_word(verb: str) -> str:
    if verb in ("be", "see", "flee", "agree", "knee"):
        return verb + "ing"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if _is_cvc(verb):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def ing(verb: str) -> str:
    """The -ing form of a verb gloss: "sit" -> "sitting", "fall asleep" -> "falling asleep"."""
    _, head, after = _split_head(verb, head_first=True)
    if head == "can":
        return "able to" + after
    return _ing_word(head) + after


def _regular_past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
        return verb[:-1] + "ied"
    if _is_cvc(verb):
        return verb + verb[-1] + "ed"
    return verb + "ed"


def past(verb: str) -> str:
    _, head, after = _split_head(verb, head_first=True)
    form = _IRREGULAR_VERBS.get(head, (_regular_past(head), ""))[0]
    return form + after


def past_participle(verb: str) -> str:
    """ "draw" -> "drawn", "paint" -> "painted", "be reflected" -> "reflected"."""
    _, head, after = _split_head(verb, head_first=True)
    if head == "be" and after:
        return after.strip()
    irregular = _IRREGULAR_VERBS.get(head)
    return (irregular[1] if irregular else _regular_past(head)) + after


def third_person(verb: str) -> str:
    """ "stand" -> "stands", "fly" -> "flies", "be" -> "is"."""
    _, head, after = _split_head(verb, head_first=True)
    if head == "be":
        return "is" + after
    if head == "have":
        return "has" + after
    if head == "can":
        return "can" + after
    if head.endswith("o"):  # "goes", "echoes"
        return head + "es" + after
    return _with_s(head) + after


def comparative(adjective: str) -> str:
    """ "big" -> "bigger", "beautiful" -> "more beautiful"."""
    if " " in adjective or "-" in adjective:
        return "more " + adjective
    if adjective in _IRREGULAR_COMPARATIVES:
        return _IRREGULAR_COMPARATIVES[adjective]
    syllables = len(re.findall(r"[aeiouy]+", adjective))
    if syllables > 2 or (syllables == 2 and not adjective.endswith("y")):
        return "more " + adjective
    if adjective.endswith("y") and adjective[-2] not in _VOWELS:
        return adjective[:-1] + "ier"
    if adjective.endswith("e"):
        return adjective + "r"
    if _is_cvc(adjective):
        return adjective + adjective[-1] + "er"
    return adjective + "er"


def indefinite_article(phrase: str) -> str:
    """ "a" or "an" for the phrase that follows (by its first letter: good enough for glosses)."""
    first = phrase[:1].lower()
    special_an = phrase.lower().startswith(("hour", "honest", "heir"))
    special_a = phrase.lower().startswith(("uni", "use", "eu", "one", "usu"))
    return "an" if (first in _VOWELS and not special_a) or special_an else "a"
