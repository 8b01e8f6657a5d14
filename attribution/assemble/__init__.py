"""Stage 4, assemble: tagged spans → attributions, chains, sources, hedges, publisher."""
