"""scripts/glossary_usage.py: proposals of the English dev annotators write for a Russian word."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def usage(load_script):
    return load_script("glossary_usage")


def _item(usage, author, lemmas, predicted, gold):
    return usage.Item(author, frozenset(lemmas), frozenset(predicted), frozenset(gold))


def _corpus(usage, authors, gold_word, filler=("little",)):
    """Items that say "надпись"; the prediction has "text", the gold has `gold_word`."""
    items = [
        _item(usage, f"a{i}", {"надпись", "нет"}, {"text", *filler}, {gold_word, *filler})
        for i in range(authors)
    ]
    # other items, where the filler word is common and "inscription" is not
    items += [
        _item(usage, f"b{i}", {"кошка"}, {"cat", *filler}, {"cat", *filler}) for i in range(40)
    ]
    return items


def test_a_word_the_annotators_prefer_is_proposed(usage):
    english = {"надпись": "text", "кошка": "cat", "нет": "no"}.get
    found = usage.proposals(_corpus(usage, 6, "inscription"), english)
    assert [(p.lemma, p.glossary, p.proposed) for p in found] == [
        ("надпись", "text", "inscription")
    ]
    assert (found[0].items, found[0].gold_glossary, found[0].gold_proposed) == (6, 0, 6)
    assert found[0].authors == 6


def test_too_few_authors_or_a_word_everywhere_is_not_proposed(usage):
    english = {"надпись": "text", "кошка": "cat"}.get
    assert usage.proposals(_corpus(usage, 4, "inscription"), english) == []
    # "little" is in every gold, so it says nothing about "надпись"
    items = [_item(usage, f"a{i}", {"надпись"}, {"text"}, {"little"}) for i in range(6)] + [
        _item(usage, f"b{i}", {"кошка"}, {"cat"}, {"cat", "little"}) for i in range(40)
    ]
    assert usage.proposals(items, english) == []


def test_the_glossary_word_when_the_annotators_write_it_too(usage):
    english = {"надпись": "text", "кошка": "cat"}.get
    items = _corpus(usage, 6, "inscription")
    # four more authors write the glossary's own word: 6 is under twice 4
    items += [_item(usage, f"c{i}", {"надпись"}, {"text"}, {"text"}) for i in range(4)]
    assert usage.proposals(items, english) == []


def test_reads_error_rows_and_names_a_bad_line(usage, tmp_path):
    description = {
        "subjects": [{"noun": "sign", "count": 1, "attributes": []}],
        "negative": ["text"],
    }
    gold = {
        "subjects": [{"noun": "sign", "count": 1, "attributes": []}],
        "negative": ["inscriptions"],
    }
    rows = [
        {
            "id": "ru_extra7_001",
            "text": "Вывеска, без надписей",
            "predicted": description,
            "gold": gold,
        },
        {"id": "en_001", "text": "a sign", "predicted": description, "gold": gold},
    ]
    path = tmp_path / "errors.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    items = usage.read_items(path, lambda w: {"надписей": "надпись"}.get(w, w))
    assert len(items) == 1
    assert items[0].author == "ru_extra7"
    assert items[0].lemmas == {"вывеска", "без", "надпись"}
    assert items[0].predicted == {"sign", "text"}
    assert items[0].gold == {"sign", "inscription"}
    path.write_text('{"id": "ru_1"}\n')
    with pytest.raises(SystemExit, match="errors.jsonl:1"):
        usage.read_items(path, str)
