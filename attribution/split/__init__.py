"""Stage 2, split: text → sentences with exact offsets."""
from attribution.split.sentences import SentenceSpan, split_sentences

__all__ = ["SentenceSpan", "split_sentences"]
