"""One seed from config for every random generator a stage may touch."""

from __future__ import annotations

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
