"""Fleet mode: one office syncs many shops from one PostgreSQL database with procrastinate.

- `names`: a shop's fleet name and the prefix of its own environment variables.
- `registry`: the fleet's tables (shops, parked channels, runs, ticks, schedule).
- `runner`: one shop's sync inside a worker, and what its result means for the fleet.
- `jobs`: the procrastinate app: the sync tasks, the periodic ticks, stalled-job recovery.
- `status`: what `coopsync fleet status` shows per shop.

The queue, the locks, the retries and the periodic schedule are procrastinate's; this package
only says which shop to sync when, and remembers how it went. A job's arguments are a shop's
name and nothing else: secrets stay in each shop's own `.env` or `COOPSYNC_<SHOP>_...`.
"""
