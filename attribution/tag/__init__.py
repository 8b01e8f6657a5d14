"""The tagger: words → windows → transformer → per-word labels and cue pointers."""
