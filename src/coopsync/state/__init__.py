"""What coopsync remembers between runs: the state store interface, its SQLite backend, the lock.

Import the backend from `coopsync.state.sqlite` and the lock from `coopsync.state.lock`; this
package stays light so that `coopsync --help` does not open databases or import sqlite3.
"""
