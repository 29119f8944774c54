"""Selling off the marketplaces: sales typed in at a bazaar, orders from a chat export, units
placed at a consignment corner. Each becomes an order of a manual channel in the state, so the
stock ledger, the next sync and the report see it like any other channel's.
"""
