"""Closed-class Russian words and spoken-language expressions, with their English renderings.

These are grammar, not vocabulary: pronouns, prepositions by case, numerals, conjunctions,
particles, and the discourse words of spoken requests (hesitations and fillers, commands,
editing terms of self-corrections, negation). They come from Russian grammar and the usual
spoken formulas, not from the dev items.
"""

from __future__ import annotations

# Hesitations and discourse fillers: dropped. Multi-word ones are lemma sequences.
HESITATIONS = frozenset({"э", "ээ", "эээ", "эм", "эмм", "мм", "ммм", "хм", "гм", "а-а", "м-м"})
FILLER_WORDS = frozenset(
    {
        "ну", "вот", "типа", "короче", "слушай", "слушать", "слушайте", "знаешь", "знаете",
        "понимаешь", "ладно", "ага", "угу", "кстати", "собственно", "вообще", "вообще-то",
        "пожалуй", "наверное", "наверно", "видимо", "же", "ведь", "ли", "бы", "-то", "мол",
        "именно", "просто", "короч", "блин", "итак", "ой", "ах", "ох", "эх", "вон",
    }
)
FILLER_PHRASES = (
    ("как", "бы"), ("в", "общий"), ("в", "общем"), ("так", "сказать"), ("это", "самый"),
    ("что", "ли"), ("может", "быть"), ("как", "сказать"), ("скажем", "так"),
    ("сказать", "так"), ("что-то", "вроде"), ("что", "-то", "вроде"), ("в", "принцип"),
    ("в", "принципе"), ("я", "думать"), ("мне", "кажется"), ("я", "не", "знать"),
)
# Words that are fillers only between pauses or at a clause start ("значит, ...", "так, ...").
CLAUSE_FILLERS = frozenset({"значит", "так", "да", "давай", "давайте", "смотри", "смотреть",
                            "может", "хорошо", "окей", "ок", "пусть", "ну-ка"})
PLEASE = frozenset({"пожалуйста"})

# Editing terms of self-corrections (lemma sequences), with the English editing term.
EDITING_TERMS: dict[tuple[str, ...], str] = {
    ("хотя", "нет"): "actually no",
    ("нет", "нет"): "no no",
    ("нет", "подождать"): "no wait",
    ("ой", "нет"): "oh no",
    ("то", "есть"): "i mean",
    ("в", "смысл"): "i mean",
    ("я", "иметь", "в", "вид"): "i mean",
    ("вернее",): "rather",
    ("точнее",): "rather",
    ("скорее",): "rather",
    ("или", "даже"): "or rather",
    ("а", "лучше"): "or rather",
    ("или", "лучше"): "or rather",
    ("давать", "лучше"): "rather",
    ("давай", "лучше"): "rather",
    ("лучше",): "rather",
    ("подождать",): "wait",
    ("стой",): "wait",
    ("секунду",): "wait",
    ("секундочку",): "wait",
    ("минутку",): "wait",
    ("верней",): "rather",
    ("погодить",): "wait",
    ("стоп",): "wait",
    ("извинить",): "sorry",
    ("простить",): "sorry",
    ("пардон",): "sorry",
    ("передумать",): "actually",
    ("я", "передумать"): "actually",
    ("нет", "я", "передумать"): "no actually",
    ("ошибиться",): "sorry",
    ("я", "ошибиться"): "sorry",
    ("исправиться",): "sorry",
    ("поправка",): "sorry",
    ("пусть", "быть"): "make it",
    ("пусть", "лучше"): "rather",
    ("нет", "пусть"): "no, make it",
    ("пусть", "лучше", "быть"): "rather make it",
    ("вместо", "это"): "instead",
}
# Editing terms that only count at a clause start (after a pause or another editing term):
# elsewhere "лучше" is "better", "стой" is "stand", "секунду" is a second.
CLAUSE_ONLY_EDITING = frozenset(
    {("лучше",), ("стой",), ("секунду",), ("секундочку",), ("минутку",), ("скорее",),
     ("пусть", "быть"), ("вернее",), ("верней",), ("точнее",)}
)

# Verbs of making a picture: their imperative is a command ("нарисуй" -> "draw").
CREATION_VERBS = frozenset(
    {
        "нарисовать", "рисовать", "изобразить", "изображать", "сделать", "делать", "создать",
        "создавать", "сгенерировать", "генерировать", "сгенерить", "показать", "показывать",
        "набросать", "нарисовывать", "написать", "сотворить", "придумать", "сфотографировать",
        "сфоткать", "визуализировать", "отрисовать", "намалевать", "запилить", "дать",
    }
)
# Verbs whose imperative removes what follows ("убери людей" -> "no people").
REMOVAL_VERBS = frozenset({"убрать", "убирать", "удалить", "удалять", "исключить", "стереть"})
# Verbs whose "на"-object is the replacement ("замени кошку на собаку" -> "change cat to dog").
CHANGE_VERBS = frozenset({"заменить", "заменять", "поменять", "менять", "изменить", "переделать",
                          "исправить", "превратить", "перекрасить"})
# Nouns for "a picture" as the object of a request ("хочу картинку ..." -> "i want a picture").
PICTURE_NOUNS = frozenset({"картинка", "картина", "изображение", "рисунок", "иллюстрация",
                           "арт", "пикча", "фото", "фотография", "фотка", "снимок", "кадр"})
# Verbs that report a state, rendered in the simple present ("хочу" -> "want"), not -ing.
STATIVE_VERBS = frozenset({"хотеть", "хотеться", "мочь", "уметь", "любить", "нравиться", "знать",
                           "видеть", "казаться", "выглядеть", "иметь", "являться", "быть",
                           "нужно", "надо", "понимать", "думать", "помнить", "значить"})
# Verbs whose "в"+accusative object is a goal ("into") and whose "на"+accusative is a target.
MOTION_VERBS = frozenset({"go", "walk", "run", "fly", "swim", "jump", "fall", "ride", "rush",
                          "climb", "crawl", "dive", "sink", "pour", "throw", "roll", "fall asleep",
                          "sit down", "lie down", "stand up", "drag", "carry", "sail", "speed"})
LOOK_VERBS = frozenset({"look", "gaze", "watch", "howl", "bark", "shout", "growl", "roar",
                        "point", "stare", "smile", "wave", "laugh", "aim", "shoot"})

# Prepositions: (preposition, case of its noun) -> English; "*" is any case.
PREPOSITIONS: dict[tuple[str, str], str] = {
    ("в", "Loc"): "in", ("в", "Acc"): "in", ("в", "*"): "in",
    ("на", "Loc"): "on", ("на", "Acc"): "on", ("на", "*"): "on",
    ("под", "Ins"): "under", ("под", "Acc"): "under", ("под", "*"): "under",
    ("над", "*"): "above",
    ("перед", "*"): "in front of",
    ("за", "Ins"): "behind", ("за", "Acc"): "for", ("за", "*"): "behind",
    ("с", "Ins"): "with", ("с", "Gen"): "from", ("с", "Acc"): "about", ("с", "*"): "with",
    ("со", "Ins"): "with", ("со", "Gen"): "from", ("со", "*"): "with",
    ("из", "*"): "from", ("изо", "*"): "from",
    ("у", "*"): "by",
    ("около", "*"): "near", ("возле", "*"): "near", ("близ", "*"): "near",
    ("вдоль", "*"): "along",
    ("по", "Dat"): "along", ("по", "*"): "along",
    ("к", "*"): "toward", ("ко", "*"): "toward",
    ("от", "*"): "from", ("ото", "*"): "from",
    ("до", "*"): "to",
    ("через", "*"): "across", ("сквозь", "*"): "through",
    ("между", "*"): "between", ("меж", "*"): "between",
    ("среди", "*"): "among", ("посреди", "*"): "in the middle of",
    ("посередине", "*"): "in the middle of",
    ("вокруг", "*"): "around", ("кругом", "*"): "around",
    ("против", "*"): "against", ("напротив", "*"): "opposite",
    ("для", "*"): "for",
    ("без", "*"): "without", ("безо", "*"): "without",
    ("при", "*"): "by",
    ("о", "*"): "about", ("об", "*"): "about", ("обо", "*"): "about", ("про", "*"): "about",
    ("вместо", "*"): "instead of",
    ("кроме", "*"): "except",
    ("после", "*"): "after", ("перед", "Ins"): "in front of",
    ("внутри", "*"): "inside", ("внутрь", "*"): "into",
    ("снаружи", "*"): "outside", ("вне", "*"): "outside",
    ("позади", "*"): "behind", ("сзади", "*"): "behind",
    ("впереди", "*"): "ahead of",
    ("вблизи", "*"): "near", ("вдали", "*"): "far from",
    ("из-за", "*"): "from behind", ("из-под", "*"): "from under",
    ("мимо", "*"): "past", ("вроде", "*"): "like", ("наподобие", "*"): "like",
    ("поверх", "*"): "over", ("сверху", "*"): "on top of", ("вверху", "*"): "above",
    ("внизу", "*"): "below", ("ниже", "*"): "below", ("выше", "*"): "above",
    ("вслед", "*"): "after", ("навстречу", "*"): "toward",
    ("среди", "Gen"): "among", ("подле", "*"): "beside", ("вокруг", "Gen"): "around",
}
# Two-word prepositions (lemma sequence) -> English.
COMPOUND_PREPOSITIONS: dict[tuple[str, ...], str] = {
    ("рядом", "с"): "next to", ("рядом", "со"): "next to", ("вместе", "с"): "together with",
    ("недалеко", "от"): "not far from", ("неподалеку", "от"): "not far from",
    ("вдали", "от"): "far from", ("далеко", "от"): "far from", ("в", "центр"): "in the center of",
    ("на", "фон"): "against a background of", ("в", "стиль"): "in the style of",
    ("в", "духе"): "in the spirit of", ("в", "дух"): "in the spirit of",
    ("в", "манера"): "in the manner of", ("в", "техника"): "in the technique of",
    ("в", "вид"): "in the form of", ("в", "форма"): "in the shape of",
    ("в", "цвет"): "in the colors of", ("в", "тон"): "in tones of",
    ("в", "оттенок"): "in shades of", ("в", "окружение"): "surrounded by",
    ("на", "берег"): "on the shore of", ("на", "край"): "on the edge of",
    ("на", "вершина"): "on top of", ("в", "глубина"): "in the depths of",
    ("по", "сторона"): "on the sides of", ("с", "вид"): "with a view of",
    ("во", "время"): "during", ("в", "течение"): "during", ("в", "время"): "during",
    ("из", "за"): "from behind", ("под", "звук"): "to the sound of",
    ("при", "свет"): "in the light of", ("в", "свет"): "in the light of",
    ("в", "луч"): "in the rays of", ("в", "лучах"): "in the rays of",
    ("в", "отражение"): "reflected in", ("на", "фоне"): "against a background of",
}

CARDINALS: dict[str, str] = {
    "ноль": "zero", "один": "one", "одна": "one", "два": "two", "две": "two", "три": "three",
    "четыре": "four", "пять": "five", "шесть": "six", "семь": "seven", "восемь": "eight",
    "девять": "nine", "десять": "ten", "одиннадцать": "eleven", "двенадцать": "twelve",
    "тринадцать": "thirteen", "четырнадцать": "fourteen", "пятнадцать": "fifteen",
    "шестнадцать": "sixteen", "семнадцать": "seventeen", "восемнадцать": "eighteen",
    "девятнадцать": "nineteen", "двадцать": "twenty", "тридцать": "thirty", "сорок": "forty",
    "пятьдесят": "fifty", "шестьдесят": "sixty", "семьдесят": "seventy", "восемьдесят": "eighty",
    "девяносто": "ninety", "сто": "a hundred", "двести": "two hundred", "триста": "three hundred",
    "тысяча": "a thousand", "миллион": "a million",
    "двое": "two", "трое": "three", "четверо": "four", "пятеро": "five", "шестеро": "six",
    "семеро": "seven", "оба": "both", "обе": "both", "полтора": "one and a half",
}
CARDINAL_VALUES: dict[str, int] = {
    "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12,
    "двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6, "семеро": 7, "оба": 2,
    "обе": 2,
}
# Quantity words before a genitive noun: their English and whether the noun is plural.
QUANTIFIERS: dict[str, tuple[str, bool]] = {
    "пара": ("a couple of", True), "парочка": ("a couple of", True),
    "несколько": ("several", True), "много": ("many", True), "множество": ("lots of", True),
    "куча": ("lots of", True), "масса": ("lots of", True), "толпа": ("a crowd of", True),
    "стая": ("a flock of", True), "мало": ("few", True), "немного": ("a few", True),
    "немножко": ("a few", True), "ряд": ("a row of", True), "десяток": ("a dozen", True),
    "дюжина": ("a dozen", True), "сотня": ("hundreds of", True), "тысяча": ("thousands of", True),
    "большинство": ("most", True), "группа": ("a group of", True),
    "стадо": ("a herd of", True), "рой": ("a swarm of", True),
    "букет": ("a bouquet of", True), "горсть": ("a handful of", True),
}
ORDINALS: dict[str, str] = {
    "первый": "first", "второй": "second", "третий": "third", "четвертый": "fourth",
    "пятый": "fifth", "шестой": "sixth", "седьмой": "seventh", "восьмой": "eighth",
    "девятый": "ninth", "десятый": "tenth", "последний": "last", "следующий": "next",
}

# Personal pronouns by lemma: (nominative, oblique).
PRONOUNS: dict[str, tuple[str, str]] = {
    "я": ("i", "me"), "ты": ("you", "you"), "вы": ("you", "you"), "мы": ("we", "us"),
    "он": ("he", "him"), "она": ("she", "her"), "оно": ("it", "it"), "они": ("they", "them"),
    "себя": ("itself", "itself"), "кто": ("who", "whom"), "что": ("what", "what"),
    "это": ("this", "this"), "то": ("that", "that"), "всё": ("everything", "everything"),
    "все": ("everyone", "everyone"), "ничто": ("nothing", "nothing"),
    "никто": ("nobody", "nobody"), "кто-то": ("someone", "someone"),
    "что-то": ("something", "something"), "что-нибудь": ("something", "something"),
    "кто-нибудь": ("someone", "someone"), "который": ("that", "that"),
    "какой": ("what", "what"), "сам": ("itself", "itself"), "друг": ("each other", "each other"),
}
POSSESSIVES = {"мой": "my", "твой": "your", "наш": "our", "ваш": "your", "его": "his",
               "ее": "her", "их": "their", "свой": "its", "чей": "whose"}
DETERMINERS: dict[str, str] = {
    "этот": "this", "тот": "that", "весь": "all", "каждый": "each", "любой": "any",
    "другой": "another", "какой-то": "some", "какой-нибудь": "some", "некоторый": "some",
    "никакой": "no", "самый": "the most", "сам": "itself", "такой": "such", "какой": "what",
    "иной": "other", "всякий": "every", "целый": "whole", "один": "one", "некий": "a",
    "ни": "no",
}
CONJUNCTIONS: dict[str, str] = {
    "и": "and", "или": "or", "либо": "or", "а": "and", "но": "but", "да": "and", "зато": "but",
    "однако": "but", "что": "that", "чтобы": "so that", "когда": "when", "где": "where",
    "куда": "where", "откуда": "from where", "как": "like", "будто": "as if",
    "словно": "as if", "точно": "as if", "если": "if", "пока": "while", "хотя": "although",
    "потому": "because", "поэтому": "so", "тоже": "too", "также": "also", "причем": "and",
    "притом": "and", "ни": "nor", "то": "then", "чем": "than", "ли": "whether",
}
PARTICLES: dict[str, str] = {
    "не": "not", "ни": "no", "даже": "even", "только": "only", "лишь": "only",
    "уже": "already", "еще": "also", "тоже": "too", "почти": "almost", "пусть": "let",
    "давай": "let's", "давайте": "let's", "вот": "", "вон": "", "же": "", "ли": "", "бы": "",
    "ведь": "", "ну": "", "-то": "", "да": "yes", "нет": "no", "именно": "", "как": "how",
    "больше": "more", "меньше": "less", "ещё": "also", "совсем": "quite", "очень": "very",
}
# Words that make a noun phrase negative when they govern it ("нет людей", "не надо людей").
NEGATED_NEED = frozenset({"надо", "нужно", "нужный", "стоить", "следовать", "должный"})
EXISTENCE_VERBS = frozenset({"быть", "бывать", "существовать", "появляться", "появиться",
                             "находиться", "стоять", "виднеться"})
