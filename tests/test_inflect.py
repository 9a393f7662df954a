"""English inflection, shared by the Russian translator, the repair and the prompt builder."""

from voice2image.structure import inflect as en


def test_english_inflection() -> None:
    assert [
        en.plural(w)
        for w in (
            "wolf",
            "lily of the valley",
            "bus",
            "pony",
            "child",
            "knife",
            "giraffe",
            "cafe",
            "fisherman",
            "shaman",
        )
    ] == [
        "wolves",
        "lilies of the valley",
        "buses",
        "ponies",
        "children",
        "knives",
        "giraffes",
        "cafes",
        "fishermen",
        "shamans",
    ]
    assert [en.ing(w) for w in ("sit", "make", "lie", "fall asleep", "open")] == [
        "sitting",
        "making",
        "lying",
        "falling asleep",
        "opening",
    ]
    assert [en.past_participle(w) for w in ("draw", "paint", "light", "be reflected")] == [
        "drawn",
        "painted",
        "lit",
        "reflected",
    ]
    assert en.third_person("go") == "goes" and en.comparative("big") == "bigger"


def test_a_compound_takes_the_plural_of_its_last_word() -> None:
    words = ("headscarf", "bookshelf", "werewolf", "box", "blouse", "chef", "roof")
    assert [en.plural(w) for w in words] == [
        "headscarves",
        "bookshelves",
        "werewolves",
        "boxes",
        "blouses",
        "chefs",
        "roofs",
    ]
