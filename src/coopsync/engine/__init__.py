"""The sync engine: stock ledger, pricing rules, plan (pure) and apply."""
