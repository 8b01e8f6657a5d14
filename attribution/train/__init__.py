"""Fine-tuning the tagger and writing its model card."""
