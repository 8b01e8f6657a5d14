"""Scoring reports against gold, and calibrating confidence."""
