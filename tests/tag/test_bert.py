"""The inference encoder and tokenizer are drop-in equals of transformers' (same numbers, same ids)."""
from __future__ import annotations

import torch

from attribution.tag.bert import BertEncoder, EncoderConfig
from attribution.tag.encoder import base_encoder_path, load_tokenizer
from attribution.tag.wordpiece import WordPieceTokenizer


def _same_outputs(hf, ours, vocab: int, hidden: int, additive_mask: bool = False) -> None:
    ours.load_state_dict(hf.state_dict(), strict=False)
    missing = set(ours.state_dict()) - set(hf.state_dict())
    assert not missing, missing
    hf.eval(), ours.eval()
    ours.additive_mask = additive_mask
    torch.manual_seed(0)
    ids = torch.randint(5, vocab, (3, 21))
    mask = torch.ones_like(ids)
    mask[1, 15:] = 0  # padding
    mask[2, 4:] = 0
    embeds = hf.embeddings.word_embeddings(ids) + 0.1 * torch.randn(3, 21, hidden)
    with torch.no_grad():
        want = hf(inputs_embeds=embeds, attention_mask=mask).last_hidden_state
        got = ours(inputs_embeds=embeds, attention_mask=mask).last_hidden_state
    keep = mask.bool()
    assert torch.allclose(want[keep], got[keep], atol=1e-5), (want[keep] - got[keep]).abs().max()


def test_encoder_matches_transformers_on_a_random_bert():
    from transformers import BertConfig, BertModel

    cfg = BertConfig(vocab_size=300, hidden_size=48, num_hidden_layers=3, num_attention_heads=4, intermediate_size=96)
    torch.manual_seed(1)
    _same_outputs(BertModel(cfg, add_pooling_layer=False), BertEncoder(EncoderConfig.from_dict(cfg.to_dict())), 300, 48)


def test_the_fusable_attention_for_export_computes_the_same():
    from transformers import BertConfig, BertModel

    cfg = BertConfig(vocab_size=300, hidden_size=48, num_hidden_layers=3, num_attention_heads=4, intermediate_size=96)
    torch.manual_seed(2)
    _same_outputs(BertModel(cfg, add_pooling_layer=False), BertEncoder(EncoderConfig.from_dict(cfg.to_dict())), 300, 48,
                  additive_mask=True)


def test_encoder_matches_transformers_on_the_pip_weights():
    from attribution.tag.encoder import load_base_encoder

    hf = load_base_encoder()
    _same_outputs(hf, BertEncoder(EncoderConfig.from_dict(hf.config.to_dict())), hf.config.vocab_size, hf.config.hidden_size)


WORDS = ["Libya’s", "Haftar", "won’t", "sign", "—", "―", "media", "São", "Paulo", "naïve", "ÉLYSÉE", "--", "“Quote”",
         "x" * 300, "2,192", "U.S.", "e-mail", "🙂", "Zürich", "said:", "\u00a0", "Al-Arabiya", "TASS"]


def test_tokenizer_matches_transformers():
    hf = load_tokenizer()
    ours = WordPieceTokenizer(base_encoder_path())
    assert ours.pad_token_id == hf.pad_token_id and ours.vocab_size == hf.vocab_size
    for words in (WORDS, WORDS[:3], ["said"], WORDS * 20):
        a = hf(words, is_split_into_words=True, add_special_tokens=False)
        b = ours(words, is_split_into_words=True, add_special_tokens=False)
        assert a["input_ids"] == b["input_ids"] and a.word_ids() == b.word_ids()
    batch = [WORDS * 20, WORDS[:5], ["The", "minister", "said"]]
    a = hf(batch, is_split_into_words=True, truncation=True, max_length=64)
    b = ours(batch, is_split_into_words=True, truncation=True, max_length=64)
    assert a["input_ids"] == b["input_ids"] and a["attention_mask"] == b["attention_mask"]
    assert all(a.word_ids(i) == b.word_ids(i) for i in range(3))


def test_tokenizer_saves_beside_a_model(tmp_path):
    ours = WordPieceTokenizer(base_encoder_path())
    ours.save_pretrained(tmp_path / "tok")
    again = WordPieceTokenizer(tmp_path / "tok")
    assert again(["Haftar", "said"])["input_ids"] == ours(["Haftar", "said"])["input_ids"]
