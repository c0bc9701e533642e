"""waardenmakerij's design sweeper for Hydra (Morris screening and Latin hypercube samples)."""
