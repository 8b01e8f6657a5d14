"""The encoder's WordPiece tokenizer through the ``tokenizers`` library alone.

``transformers.AutoTokenizer`` wraps the very same Rust tokenizer (``tokenizer.json``)
but importing it costs most of a second of every cold start.  This class offers the
part of its interface the tagger uses (split-into-words input, ``word_ids``,
truncation to ``max_length`` with [CLS]/[SEP]) and produces the same ids;
``tests/tag/test_bert.py`` compares the two.
"""
from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

TOKENIZER_FILE = "tokenizer.json"


class WordPieceEncoding:
    """What ``tokenizer(...)`` returns: ``enc["input_ids"]``, ``enc["attention_mask"]``, ``enc.word_ids(i)``."""

    def __init__(self, ids: list[list[int]], word_ids: list[list[int | None]], batched: bool):
        self._ids = ids
        self._word_ids = word_ids
        self._batched = batched

    def __getitem__(self, key: str) -> list:
        if key == "input_ids":
            rows = self._ids
        elif key == "attention_mask":
            rows = [[1] * len(r) for r in self._ids]
        else:
            raise KeyError(key)
        return rows if self._batched else rows[0]

    def word_ids(self, index: int = 0) -> list[int | None]:
        return self._word_ids[index]


class WordPieceTokenizer:
    """A ``tokenizer.json`` (BERT WordPiece, lower-casing normaliser) with [CLS]/[SEP] added here."""

    def __init__(self, path: str | Path):
        from tokenizers import Tokenizer

        self.path = Path(path)
        file = self.path / TOKENIZER_FILE if self.path.is_dir() else self.path
        self._tok = Tokenizer.from_file(str(file))
        self._tok.no_truncation()
        self._tok.no_padding()
        self.cls_token_id = self._tok.token_to_id("[CLS]")
        self.sep_token_id = self._tok.token_to_id("[SEP]")
        self.pad_token_id = self._tok.token_to_id("[PAD]")
        if None in (self.cls_token_id, self.sep_token_id, self.pad_token_id):
            raise ValueError(f"{file}: not a BERT WordPiece tokenizer ([CLS]/[SEP]/[PAD] missing)")
        self.vocab_size = self._tok.get_vocab_size()

    @staticmethod
    def available(path: str | Path) -> bool:
        path = Path(path)
        return (path / TOKENIZER_FILE).is_file() if path.is_dir() else path.is_file()

    def __call__(self, words: Sequence[str] | Sequence[Sequence[str]], is_split_into_words: bool = True,
                 add_special_tokens: bool = True, truncation: bool = False, max_length: int | None = None) -> WordPieceEncoding:
        if not is_split_into_words:
            raise ValueError("WordPieceTokenizer takes pre-split words only")
        batched = bool(words) and not isinstance(words[0], str)
        rows = list(words) if batched else [words]
        encodings = self._tok.encode_batch([list(r) for r in rows], is_pretokenized=True, add_special_tokens=False)
        ids, word_ids = [], []
        for enc in encodings:
            row_ids, row_words = list(enc.ids), list(enc.word_ids)
            if add_special_tokens:
                if truncation and max_length is not None:
                    row_ids, row_words = row_ids[: max_length - 2], row_words[: max_length - 2]
                row_ids = [self.cls_token_id, *row_ids, self.sep_token_id]
                row_words = [None, *row_words, None]
            elif truncation and max_length is not None:
                row_ids, row_words = row_ids[:max_length], row_words[:max_length]
            ids.append(row_ids)
            word_ids.append(row_words)
        return WordPieceEncoding(ids, word_ids, batched)

    def save_pretrained(self, directory: str | Path) -> None:
        """Keep the tokenizer files beside a saved model (the same files the encoder ships)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        src = self.path if self.path.is_dir() else self.path.parent
        for name in (TOKENIZER_FILE, "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"):
            if (src / name).is_file():
                shutil.copy2(src / name, directory / name)
