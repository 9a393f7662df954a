"""One seed from config for every random generator a stage may touch, and each item's seed."""

from __future__ import annotations

import hashlib
import random

import numpy as np


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch

        torch.manual_seed(seed)
    except ImportError:
        pass
    try:
        # Whisper's temperature fallback samples inside CTranslate2.
        import ctranslate2

        ctranslate2.set_random_seed(seed)
    except ImportError:
        pass


def item_seed(seed: int, item_id: str) -> int:
    """A per-item seed from the run seed and the item id: stable across runs and machines, and
    independent of which other items a run holds."""
    digest = hashlib.sha256(f"{seed}:{item_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF
