"""waardenmakerij's batched joblib launcher for Hydra (runs that differ only in the seed,
stepped together: sim.batch)."""
